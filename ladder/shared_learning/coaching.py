"""One-on-one teaching: a person asks a volunteer mentor to teach them a competency or a topic.

Mentors are suggested, never assigned: Ladder lists the people who volunteered (Person.is_mentor)
to teach the competency (skills.Interest.teach) at a good level — a current Rating of at least
GOOD_LEVEL ("proficient" on the default 0-4 scale) — or, for a free-text topic, whose teaching
competencies or interests mention it. The nearest come first: same branch, then same library,
then the member libraries of the learner's networks. The learner picks one; only that mentor
may accept or decline. Sessions are scheduled and logged as held; completing the request
writes the learner's transcript line (kind one-on-one, verified by the mentor), an evidence
entry in their skills log and counts as the mentor's "mentoring given".

Who sees a request: the learner, the mentor, the learner's supervisor chain and the admins of
the learner's library (site admins all).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.policies import require, signed_in
from ladder.core.tasks import Progress, enqueue, task
from ladder.learning.models import Offering, TrainingCompetency, TrainingRecord
from ladder.orgs.models import Membership
from ladder.orgs.selectors import current_membership_q
from ladder.people.models import Employment, Person
from ladder.shared_learning.models import CoachingRequest, CoachingSession
from ladder.shared_learning.policies import (
    can_ask_for_coaching,
    can_schedule_coaching,
    is_learner_of,
    is_mentor_of,
)
from ladder.skills.models import Competency, EvidenceKind, Rating
from ladder.skills.ratings import evidence_record_system

log = logging.getLogger(__name__)

S = CoachingRequest.Status
# A mentor teaches a competency they hold at least at this level (3 = "proficient").
GOOD_LEVEL = 3
SCOPES = {0: "same branch", 1: "same library", 2: "in the network"}
COACHING_EMAIL = "shared_learning.coaching_email"


@dataclass
class MentorSuggestion:
    person: Person
    rank: int  # 0 same branch, 1 same library, 2 network
    level: int | None
    library_name: str
    branch_name: str

    @property
    def scope(self) -> str:
        return SCOPES[self.rank]


@dataclass
class MentoringGiven:
    requests: int = 0
    hours: Decimal = Decimal("0")


# --- selectors ------------------------------------------------------------------------------


def requests_visible_to(access: Access) -> QuerySet[CoachingRequest]:
    qs = CoachingRequest.objects.select_related("learner", "mentor", "library", "competency")
    if access.is_site_admin:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(learner_id=access.person_id)
        | Q(mentor_id=access.person_id)
        | Q(learner_id__in=access.report_ids)
        | Q(library_id__in=access.admin_library_ids)
    )


def requests_asked(person: Person) -> QuerySet[CoachingRequest]:
    return CoachingRequest.objects.filter(learner=person).select_related(
        "mentor", "library", "competency"
    )


def requests_to_mentor(person: Person) -> QuerySet[CoachingRequest]:
    return CoachingRequest.objects.filter(mentor=person).select_related(
        "learner", "library", "competency"
    )


def mentoring_given(
    person_ids: list[int] | set[int] | frozenset[int], start: dt.date, end: dt.date
) -> dict[int, MentoringGiven]:
    """Per mentor: requests completed between start and end (inclusive) and the hours of their
    held sessions. Two queries whatever the number of people; everyone asked gets an entry."""
    ids = list(person_ids)
    result = {pk: MentoringGiven() for pk in ids}
    window = Q(status=S.COMPLETED, completed_at__date__gte=start, completed_at__date__lte=end)
    counts = (
        CoachingRequest.objects.filter(window, mentor_id__in=ids)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("id"))
    )
    for row in counts:
        result[row["mentor_id"]].requests = row["n"]
    minutes = (
        CoachingSession.objects.filter(
            held=True,
            request__mentor_id__in=ids,
            request__status=S.COMPLETED,
            request__completed_at__date__gte=start,
            request__completed_at__date__lte=end,
        )
        .order_by()
        .values("request__mentor_id")
        .annotate(m=Sum("minutes"))
    )
    for mentor_id, total in minutes.values_list("request__mentor_id", "m"):
        result[mentor_id].hours = _hours(total or 0)
    return result


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _places(person: Person) -> tuple[set[int], set[int], set[int]]:
    """The learner's current branches, libraries and the member libraries of their networks."""
    jobs = list(
        Employment.objects.current().filter(person=person).values_list("branch_id", "library_id")
    )
    branches = {b for b, _ in jobs if b}
    libraries = {lib for _, lib in jobs}
    networks = Membership.objects.filter(current_membership_q(), library_id__in=libraries).values(
        "network_id"
    )
    members = set(
        Membership.objects.filter(current_membership_q(), network_id__in=networks).values_list(
            "library_id", flat=True
        )
    )
    return branches, libraries, members | libraries


def suggest_mentors(
    learner: Person, *, competency: Competency | None = None, topic: str = ""
) -> list[MentorSuggestion]:
    """Mentors for the competency (or the free-text topic), nearest first, then the most
    skilled, then by name. A bounded number of queries."""
    topic = (topic or "").strip()
    if competency is None and not topic:
        return []
    branches, libraries, network_libraries = _places(learner)
    if not network_libraries:
        return []
    people = Person.objects.filter(is_mentor=True, is_active=True).exclude(pk=learner.pk)
    if competency is not None:
        good = Rating.objects.filter(competency=competency, level__gte=GOOD_LEVEL)
        people = people.filter(
            interest__teach=competency, pk__in=good.values("person_id")
        ).distinct()
    else:
        people = people.filter(
            Q(interest__teach__name__icontains=topic) | Q(interest__topics__icontains=topic)
        ).distinct()
    jobs = (
        Employment.objects.current()
        .filter(person__in=people, library_id__in=network_libraries)
        .select_related("person", "library", "branch")
    )
    levels: dict[int, int] = {}
    if competency is not None:
        levels = dict(
            Rating.objects.filter(competency=competency, person__in=people).values_list(
                "person_id", "level"
            )
        )
    best: dict[int, MentorSuggestion] = {}
    for job in jobs:
        if job.branch_id and job.branch_id in branches:
            rank = 0
        elif job.library_id in libraries:
            rank = 1
        else:
            rank = 2
        current = best.get(job.person_id)
        if current is None or rank < current.rank:
            best[job.person_id] = MentorSuggestion(
                person=job.person,
                rank=rank,
                level=levels.get(job.person_id),
                library_name=job.library.name,
                branch_name=job.branch.name if job.branch else "",
            )
    return sorted(
        best.values(),
        key=lambda s: (
            s.rank,
            -(s.level or 0),
            s.person.last_name,
            s.person.first_name,
            s.person.pk,
        ),
    )


# --- helpers --------------------------------------------------------------------------------


def _require_mentor(by: Person, request: CoachingRequest, verb: str) -> None:
    who = request.mentor.display_name if request.mentor else "another mentor"
    message = f"This request was sent to {who}; only they may {verb} it. Nothing was changed."
    require(is_mentor_of, access_for(by), request, message=message)


def _require_status(request: CoachingRequest, allowed: tuple[str, ...], doing: str) -> None:
    if request.status not in allowed:
        raise ValidationError(
            {"status": f"This request's status is “{request.get_status_display()}”: {doing}."}
        )


def _lock(request: CoachingRequest) -> CoachingRequest:
    return (
        CoachingRequest.objects.select_for_update(of=("self",))
        .select_related("mentor", "learner")
        .get(pk=request.pk)
    )


def _refresh(target: CoachingRequest, source: CoachingRequest) -> None:
    for name in (
        "status",
        "mentor_note",
        "accepted_at",
        "completed_at",
        "level_reached",
        "training_record_id",
    ):
        setattr(target, name, getattr(source, name))


# --- services -------------------------------------------------------------------------------


def coaching_request_create(
    *,
    by: Person,
    mentor: Person,
    competency: Competency | None = None,
    topic: str = "",
    details: str = "",
    preferred_times: str = "",
    preferred_place: str = "",
) -> CoachingRequest:
    """The learner (`by`) asks one of the suggested mentors."""
    access = access_for(by)
    require(signed_in, access, message="Sign in to ask for one-on-one teaching.")
    require(can_ask_for_coaching, access)
    topic = (topic or "").strip()
    errors: dict[str, str] = {}
    if competency is None and not topic:
        errors["topic"] = "Name the competency or the topic you want to learn."
    if not topic and competency is not None:
        topic = competency.name
    if mentor.pk == by.pk:
        errors["mentor"] = "You cannot ask yourself."
    elif not errors:
        suggested = {s.person.pk for s in suggest_mentors(by, competency=competency, topic=topic)}
        if mentor.pk not in suggested:
            errors["mentor"] = (
                f"{mentor.display_name} is not among the mentors suggested for this "
                "subject; choose one of the suggestions."
            )
    if errors:
        raise ValidationError(errors)
    job = Employment.objects.current().filter(person=by).order_by("start_date", "pk").first()
    assert job is not None
    with transaction.atomic():
        request = CoachingRequest.objects.create(
            learner=by,
            library_id=job.library_id,
            competency=competency,
            topic=topic[:200],
            details=(details or "").strip(),
            preferred_times=(preferred_times or "").strip()[:200],
            preferred_place=(preferred_place or "").strip()[:200],
            mentor=mentor,
        )
        log_action(
            actor=by,
            action="shared_learning.coaching.requested",
            obj=request,
            summary=f"{by} asked {mentor} to teach: {request.topic}",
        )
        _notify(request, "requested")
    return request


def coaching_accept(*, by: Person, request: CoachingRequest, note: str = "") -> CoachingRequest:
    _require_mentor(by, request, "accept")
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.REQUESTED,), "only a request waiting for you can be accepted")
        locked.status = S.ACCEPTED
        locked.accepted_at = timezone.now()
        if note.strip():
            locked.mentor_note = note.strip()
        locked.save(update_fields=["status", "accepted_at", "mentor_note"])
        log_action(
            actor=by,
            action="shared_learning.coaching.accepted",
            obj=locked,
            summary=f"{by} accepted to teach {locked.learner}: {locked.topic}",
            changes={"status": [S.REQUESTED, S.ACCEPTED]},
        )
        _notify(locked, "accepted")
    _refresh(request, locked)
    return request


def coaching_decline(*, by: Person, request: CoachingRequest, note: str = "") -> CoachingRequest:
    _require_mentor(by, request, "decline")
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.REQUESTED,), "only a request waiting for you can be declined")
        locked.status = S.DECLINED
        locked.mentor_note = note.strip()
        locked.save(update_fields=["status", "mentor_note"])
        log_action(
            actor=by,
            action="shared_learning.coaching.declined",
            obj=locked,
            summary=f"{by} declined to teach {locked.learner}: {locked.topic}",
            changes={"status": [S.REQUESTED, S.DECLINED]},
        )
        _notify(locked, "declined")
    _refresh(request, locked)
    return request


def coaching_cancel(*, by: Person, request: CoachingRequest) -> CoachingRequest:
    """The learner withdraws a request that is not completed."""
    require(is_learner_of, access_for(by), request)
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.REQUESTED, S.ACCEPTED), "it can no longer be cancelled")
        before = locked.status
        locked.status = S.CANCELLED
        locked.save(update_fields=["status"])
        log_action(
            actor=by,
            action="shared_learning.coaching.cancelled",
            obj=locked,
            summary=f"{by} cancelled: {locked.topic}",
            changes={"status": [before, S.CANCELLED]},
        )
    _refresh(request, locked)
    return request


def coaching_session_schedule(
    *,
    by: Person,
    request: CoachingRequest,
    starts_at: dt.datetime,
    minutes: int,
    place: str = "",
) -> CoachingSession:
    """The mentor or the learner puts a meeting in the calendar of an accepted request."""
    require(can_schedule_coaching, access_for(by), request)
    errors: dict[str, str] = {}
    if not isinstance(minutes, int) or not 5 <= minutes <= 480:
        errors["minutes"] = "A session lasts between 5 and 480 minutes."
    if starts_at is None:
        errors["starts_at"] = "Give the date and time."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.ACCEPTED,), "sessions are scheduled once the mentor accepts")
        session = CoachingSession.objects.create(
            request=locked, starts_at=starts_at, minutes=minutes, place=(place or "").strip()
        )
        log_action(
            actor=by,
            action="shared_learning.coaching.session_scheduled",
            obj=session,
            summary=f"Session of {locked.topic} on {starts_at:%Y-%m-%d %H:%M}, {minutes} min",
        )
    return session


def coaching_session_log(
    *,
    by: Person,
    session: CoachingSession,
    held: bool,
    notes: str = "",
    minutes: int | None = None,
) -> CoachingSession:
    """The mentor records whether a session took place (and how long it really was)."""
    request = session.request
    _require_mentor(by, request, "log sessions of")
    if minutes is not None and not 5 <= minutes <= 480:
        raise ValidationError({"minutes": "A session lasts between 5 and 480 minutes."})
    if held and session.starts_at > timezone.now():
        raise ValidationError({"held": "A session can be logged as held once it has started."})
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.ACCEPTED,), "its sessions can no longer be changed")
        before = {"held": session.held, "minutes": session.minutes}
        session.held = held
        session.notes = (notes or "").strip()
        if minutes is not None:
            session.minutes = minutes
        session.save(update_fields=["held", "notes", "minutes"])
        log_action(
            actor=by,
            action="shared_learning.coaching.session_logged",
            obj=session,
            summary=f"Session of {locked.topic}: {'held' if held else 'not held'}",
            changes={
                "held": [before["held"], held],
                "minutes": [before["minutes"], session.minutes],
            },
        )
    return session


def coaching_complete(
    *,
    by: Person,
    request: CoachingRequest,
    level_reached: int | None = None,
    note: str = "",
) -> CoachingRequest:
    """The mentor closes the teaching: a transcript line for the learner (hours = held
    sessions), an evidence entry at the level reached, and mentoring given for the mentor."""
    _require_mentor(by, request, "complete")
    with transaction.atomic():
        locked = _lock(request)
        _require_status(locked, (S.ACCEPTED,), "only an accepted request can be completed")
        held_minutes = (
            CoachingSession.objects.filter(request=locked, held=True).aggregate(m=Sum("minutes"))[
                "m"
            ]
            or 0
        )
        if not held_minutes:
            raise ValidationError(
                {"status": "Log at least one session as held before completing the request."}
            )
        if locked.competency_id is not None and level_reached is None:
            raise ValidationError(
                {"level_reached": "Give the level the learner reached in the competency."}
            )
        now = timezone.now()
        mentor = locked.mentor
        assert mentor is not None
        record = TrainingRecord.objects.create(
            person=locked.learner,
            title=f"One-on-one: {locked.topic}"[:200],
            kind=Offering.Kind.ONE_ON_ONE,
            provider=mentor.display_name,
            completed_on=timezone.localdate(),
            hours=_hours(held_minutes),
            status=TrainingRecord.Status.VERIFIED,
            verified_by=mentor,
            verified_at=now,
        )
        if locked.competency is not None and level_reached is not None:
            # Validates the level against the framework's scale (a bad one rolls all back).
            evidence_record_system(
                person=locked.learner,
                competency=locked.competency,
                kind=EvidenceKind.COACHING,
                level=level_reached,
                note=note or f"One-on-one teaching by {mentor.display_name}: {locked.topic}",
                source_ref=f"coaching:{locked.pk}",
                recorded_by=mentor,
            )
            TrainingCompetency.objects.create(
                record=record, competency=locked.competency, level=level_reached
            )
        locked.status = S.COMPLETED
        locked.completed_at = now
        locked.level_reached = level_reached
        locked.training_record = record
        if note.strip():
            locked.mentor_note = note.strip()
        locked.save(
            update_fields=[
                "status",
                "completed_at",
                "level_reached",
                "training_record",
                "mentor_note",
            ]
        )
        log_action(
            actor=by,
            action="shared_learning.coaching.completed",
            obj=locked,
            summary=f"{by} completed teaching {locked.learner}: {locked.topic} ({record.hours} h)",
            changes={"status": [S.ACCEPTED, S.COMPLETED], "level_reached": [None, level_reached]},
        )
        _notify(locked, "completed")
    _refresh(request, locked)
    return request


# --- e-mail ---------------------------------------------------------------------------------

EMAILS: dict[str, tuple[str, str]] = {
    # kind -> (who gets it: "mentor"/"learner", subject)
    "requested": ("mentor", "{learner} asks you to teach them: {topic}"),
    "accepted": ("learner", "{mentor} will teach you: {topic}"),
    "declined": ("learner", "{mentor} cannot teach you: {topic}"),
    "completed": ("learner", "Your one-on-one teaching is complete: {topic}"),
}


def _notify(request: CoachingRequest, kind: str) -> None:
    pk = request.pk

    def send() -> None:
        try:
            enqueue(COACHING_EMAIL, track=False, request_id=pk, kind=kind)
        except Exception:
            # The request is saved either way; a mail server that is down must not turn it
            # into an error page.
            log.exception("could not e-mail coaching request %s (%s)", pk, kind)

    transaction.on_commit(send)


def send_coaching_email(request_id: int, kind: str) -> bool:
    request = (
        CoachingRequest.objects.select_related("learner", "mentor").filter(pk=request_id).first()
    )
    if request is None or request.mentor is None:
        return False
    to, subject = EMAILS[kind]
    recipient = request.mentor if to == "mentor" else request.learner
    heading = subject.format(learner=request.learner, mentor=request.mentor, topic=request.topic)
    send_templated(
        "shared_learning/email/coaching",
        {
            "kind": kind,
            "request": request,
            "recipient": recipient,
            "heading": heading,
            "url": absolute_url("shared_learning:coaching_detail", request.pk),
        },
        subject=heading,
        to=[recipient.email],
    )
    return True


@task(COACHING_EMAIL)
def coaching_email_task(*, progress: Progress, request_id: int, kind: str) -> Any:
    return send_coaching_email(request_id, kind)
