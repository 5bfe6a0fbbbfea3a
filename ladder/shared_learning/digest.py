"""The monthly digest: next month's free training, chosen for each person, by e-mail.

What goes in: scheduled sessions starting next month of published offerings that are free
(paid_by free, or no fee) and in the person's catalogue (ladder.learning.audience rules,
restrictions included). Free webinars always go in, first; other free offerings go in when
they teach a competency the person wants to learn (Interest.learn), one their job asks of
them above their current rating (JobClassCompetency vs Rating), or mention one of their
topics (Interest.topics). Sessions they already registered for are left out.

Each item carries a signed one-click link to register (TimestampSigner, salt per purpose,
valid DIGEST_LINK_MAX_AGE); the e-mail has a signed unsubscribe link (no login needed).

A month is never sent twice to a person: the DigestSend row (unique person+month) is inserted
in the same transaction that sends, before sending; a second sender hits the unique
constraint and sends nothing; a failed send rolls the row back so the next run retries.
The periodic job sends from DUE_DAY of a month for the next month, and is a no-op otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import templated_message
from ladder.core.tasks import Progress, task
from ladder.learning.audience import offerings_visible_to
from ladder.learning.models import Offering, Registration, Session
from ladder.learning.registrations import registration_create
from ladder.people.models import Employment, Person
from ladder.shared_learning.models import DigestSend, DigestSubscription
from ladder.skills.models import Interest, JobClassCompetency, Rating

log = logging.getLogger(__name__)

DUE_DAY = 25
MAX_ITEMS = 12
DIGEST_LINK_MAX_AGE = dt.timedelta(days=45)
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=400)
REGISTER_SALT = "ladder.digest.register"
UNSUBSCRIBE_SALT = "ladder.digest.unsubscribe"
SEND_TASK = "shared_learning.digest_send"


class LinkProblem(Exception):
    """A digest link that was tampered with or has expired: the page says so, nothing changes."""


@dataclass
class DigestItem:
    session: Session
    reasons: list[str] = field(default_factory=list)
    register_url: str = ""

    @property
    def offering(self) -> Offering:
        return self.session.offering


# --- months -------------------------------------------------------------------------------


def month_after(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def parse_month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date().replace(day=1)
    except ValueError as exc:
        raise ValueError(f"Give the month as YYYY-MM, not {value!r}.") from exc


def due_month(today: dt.date | None = None) -> dt.date | None:
    """The month whose digest is due today (next month from DUE_DAY on), else None."""
    today = today or timezone.localdate()
    return month_after(today) if today.day >= DUE_DAY else None


# --- signed links -------------------------------------------------------------------------


def register_token(person: Person, session: Session) -> str:
    return signing.TimestampSigner(salt=REGISTER_SALT).sign_object(
        {"p": person.pk, "s": session.pk}
    )


def unsubscribe_token(person: Person) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign_object({"p": person.pk})


def _unsign(token: str, salt: str, max_age: dt.timedelta) -> dict[str, Any]:
    try:
        value = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkProblem(
            "This link has expired. Open the digest preview in Ladder for current links."
        ) from exc
    except signing.BadSignature as exc:
        raise LinkProblem(
            "This link is not valid: it may have been cut short or changed. "
            "Copy the whole link from the e-mail, or sign in to Ladder."
        ) from exc
    if not isinstance(value, dict):
        raise LinkProblem("This link is not valid.")
    return value


def read_register_token(token: str) -> tuple[Person, Session]:
    value = _unsign(token, REGISTER_SALT, DIGEST_LINK_MAX_AGE)
    person = Person.objects.filter(pk=int(value.get("p") or 0), is_active=True).first()
    session = (
        Session.objects.select_related("offering", "venue_branch")
        .filter(pk=int(value.get("s") or 0))
        .first()
    )
    if person is None or session is None:
        raise LinkProblem("The training or the person this link was for no longer exists.")
    return person, session


def read_unsubscribe_token(token: str) -> Person:
    value = _unsign(token, UNSUBSCRIBE_SALT, UNSUBSCRIBE_MAX_AGE)
    person = Person.objects.filter(pk=int(value.get("p") or 0)).first()
    if person is None:
        raise LinkProblem("The person this link was for no longer exists.")
    return person


def register_url(person: Person, session: Session) -> str:
    return absolute_url("shared_learning:digest_register", register_token(person, session))


def unsubscribe_url(person: Person) -> str:
    return absolute_url("shared_learning:digest_unsubscribe", unsubscribe_token(person))


# --- choosing -----------------------------------------------------------------------------


def is_subscribed(person: Person) -> bool:
    return not DigestSubscription.objects.filter(person=person, subscribed=False).exists()


def month_sessions(month: dt.date) -> QuerySet[Session]:
    """Scheduled sessions of free, published offerings starting in the month."""
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(month_after(month), dt.time.min))
    free = Q(offering__paid_by=Offering.PaidBy.FREE) | Q(offering__fee=0)
    return (
        Session.objects.filter(
            free,
            status=Session.Status.SCHEDULED,
            offering__is_published=True,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(offering__kind=Offering.Kind.ONE_ON_ONE)
        .select_related("offering", "venue_branch")
        .prefetch_related(
            "offering__competencies__competency",
            "offering__audience_libraries",
            "offering__audience_job_classes",
        )
        .order_by("starts_at", "pk")
    )


def _topics(text: str) -> list[str]:
    return [t.strip().lower() for t in re.split(r"[,;\n]", text or "") if len(t.strip()) >= 3]


def digest_items(
    person: Person, month: dt.date, *, sessions: list[Session] | None = None, links: bool = True
) -> list[DigestItem]:
    """The person's digest for the month, webinars first. `sessions` lets a batch share the
    month's candidate sessions; the rest is a handful of queries per person."""
    candidates = list(month_sessions(month)) if sessions is None else sessions
    if not candidates:
        return []
    jobs = list(
        Employment.objects.current().filter(person=person).values_list("library_id", "job_class_id")
    )
    if not jobs:
        return []
    visible = set(
        offerings_visible_to(access_for(person))
        .filter(pk__in={s.offering_id for s in candidates})
        .values_list("pk", flat=True)
    )
    registered = set(
        Registration.objects.filter(
            person=person,
            session_id__in=[s.pk for s in candidates],
            status__in=Registration.ACTIVE,
        ).values_list("session_id", flat=True)
    )
    interest = (
        Interest.objects.filter(person=person).prefetch_related("learn").first()
    )  # may be None
    learn = {c.pk: c.name for c in interest.learn.all()} if interest else {}
    topics = _topics(interest.topics) if interest else []
    ratings = dict(Rating.objects.filter(person=person).values_list("competency_id", "level"))
    gaps: dict[int, tuple[str, int]] = {}
    for req in JobClassCompetency.objects.filter(
        job_class_id__in={jc for _, jc in jobs}
    ).select_related("competency"):
        if ratings.get(req.competency_id, -1) < req.level:
            gaps[req.competency_id] = (req.competency.name, req.level)
    webinars: list[DigestItem] = []
    others: list[DigestItem] = []
    for session in candidates:
        offering = session.offering
        if offering.pk not in visible or session.pk in registered:
            continue
        if not _in_restricted_audience(offering, jobs):
            continue
        reasons: list[str] = []
        for oc in offering.competencies.all():
            if oc.competency_id in learn:
                reasons.append(f"You want to learn {learn[oc.competency_id]}.")
            elif oc.competency_id in gaps:
                name, level = gaps[oc.competency_id]
                reasons.append(f"Your job asks for {name} at level {level}.")
        text = f"{offering.title} {offering.description}".lower()
        reasons += [f"You are interested in {t}." for t in topics if t in text]
        item = DigestItem(session=session, reasons=reasons)
        if offering.kind == Offering.Kind.WEBINAR:
            webinars.append(item)
        elif reasons:
            others.append(item)
    items = (webinars + others)[:MAX_ITEMS]
    if links:
        for item in items:
            item.register_url = register_url(person, item.session)
    return items


def _in_restricted_audience(offering: Offering, jobs: list[tuple[int, int]]) -> bool:
    # The catalogue shows restricted offerings to those they exclude (to explain why); the
    # digest only offers what the person may register for.
    only_libraries = {lib.pk for lib in offering.audience_libraries.all()}
    only_classes = {jc.pk for jc in offering.audience_job_classes.all()}
    return any(
        (not only_libraries or lib in only_libraries) and (not only_classes or jc in only_classes)
        for lib, jc in jobs
    )


# --- sending ------------------------------------------------------------------------------


def _message(person: Person, month: dt.date, items: list[DigestItem]) -> EmailMultiAlternatives:
    context = {
        "person": person,
        "month": month,
        "items": items,
        "unsubscribe_url": unsubscribe_url(person),
        "preview_url": absolute_url("shared_learning:digest_preview"),
    }
    subject = f"Free training in {month:%B %Y}, chosen for you"
    return templated_message(
        "shared_learning/email/digest",
        context,
        subject=subject,
        to=[person.email],
        headers={"List-Unsubscribe": f"<{context['unsubscribe_url']}>"},
    )


def digest_send_one(
    person: Person, month: dt.date, *, sessions: list[Session] | None = None
) -> bool:
    """Send the person's digest for the month; False when it was already sent, they
    unsubscribed, or there is nothing for them (that is recorded too: decided once a month)."""
    if not is_subscribed(person):
        return False
    items = digest_items(person, month, sessions=sessions)
    try:
        with transaction.atomic():
            send = DigestSend.objects.create(person=person, month=month, item_count=len(items))
            if items:
                # Inside the transaction: a failed send rolls the row back for a retry.
                _message(person, month, items).send()
            log_action(
                actor=None,
                action="shared_learning.digest.sent",
                obj=send,
                summary=f"Digest {month:%Y-%m} to {person}: {len(items)} items",
            )
    except IntegrityError:
        return False
    return bool(items)


def recipients(month: dt.date) -> QuerySet[Person]:
    """Active staff who have not unsubscribed and have no digest for the month yet."""
    return (
        Person.objects.filter(is_active=True)
        .filter(Exists(Employment.objects.current().filter(person=OuterRef("pk"))))
        .exclude(digest_subscription__subscribed=False)
        .exclude(Exists(DigestSend.objects.filter(person=OuterRef("pk"), month=month)))
        .order_by("pk")
    )


def digest_send_all(
    month: dt.date, *, dry_run: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    people = list(recipients(month))
    sessions = list(month_sessions(month))
    sent = empty = 0
    for number, person in enumerate(people, start=1):
        if dry_run:
            if digest_items(person, month, sessions=sessions, links=False):
                sent += 1
            else:
                empty += 1
        elif digest_send_one(person, month, sessions=sessions):
            sent += 1
        else:
            empty += 1
        if progress is not None and (number % 50 == 0 or number == len(people)):
            progress(number, len(people), f"{sent} digests sent")
    return {
        "month": f"{month:%Y-%m}",
        "people": len(people),
        "sent": sent,
        "nothing_to_send": empty,
        "dry_run": dry_run,
    }


@task(SEND_TASK)
def digest_send_task(*, progress: Progress, month: str, dry_run: bool = False) -> dict[str, Any]:
    return digest_send_all(parse_month(month), dry_run=dry_run, progress=progress)


# --- the person's own actions -------------------------------------------------------------


def digest_register(*, token: str) -> Registration:
    """Register the person the link was made for; raises LinkProblem or the registration
    service's ValidationError (closed, full of the same person, outside the audience…)."""
    person, session = read_register_token(token)
    return registration_create(by=person, session=session)


def digest_subscription_set(*, person: Person, subscribed: bool, by: Person | None = None) -> None:
    with transaction.atomic():
        sub, _ = DigestSubscription.objects.select_for_update().get_or_create(person=person)
        before = sub.subscribed
        sub.subscribed = subscribed
        sub.changed_at = timezone.now()
        sub.save(update_fields=["subscribed", "changed_at"])
        log_action(
            actor=by or person,
            action="shared_learning.digest." + ("subscribed" if subscribed else "unsubscribed"),
            obj=sub,
            summary=f"{person} {'subscribed to' if subscribed else 'unsubscribed from'} "
            "the monthly digest",
            changes={"subscribed": [before, subscribed]},
        )
