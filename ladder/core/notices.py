"""Telling people: one e-mail (text and HTML, absolute links) and a notice on their home page
until they have seen it, for every kind of news a workflow sends (issue #16, item 5).

People may turn a kind off on their notice settings page, except the kinds about their own job
and money (``optional=False``): those always go. A turned-off kind still appears on the home
page; only the e-mail stops. Each call runs after the transaction commits, so a rolled-back
action tells nobody; a mail server that is down is logged and never undoes the action.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ladder.core.mail import templated_message
from ladder.core.models import Notice, NoticeOptOut

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    optional: bool  # False: about the person's own job or money, always sent


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("tuition.application_submitted", "Tuition applications to decide", True),
        Kind("tuition.application_decided", "Your tuition application decided", False),
        Kind("tuition.claim_decided", "Your tuition claims approved, paid or refused", False),
        Kind("tuition.promotion", "Promotions proposed to you or accepted", False),
        Kind("openings.application_received", "Applications to your library's openings", True),
        Kind("openings.outcome", "The outcome of your applications", False),
        Kind("network.temp_placement", "Temp placements made", False),
        Kind("network.advisory_request", "New questions at the advisory desk", True),
        Kind("shared_learning.roundtable_meeting", "New meetings of your roundtables", True),
    )
}


def optional_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.optional]


def turned_off(person_id: int) -> set[str]:
    return set(NoticeOptOut.objects.filter(person_id=person_id).values_list("kind", flat=True))


def set_turned_off(person: Any, kinds: Iterable[str]) -> None:
    """Keep exactly these optional kinds off for the person (others are ignored)."""
    wanted = {k for k in kinds if k in KINDS and KINDS[k].optional}
    with transaction.atomic():
        NoticeOptOut.objects.filter(person_id=person.pk).exclude(kind__in=wanted).delete()
        NoticeOptOut.objects.bulk_create(
            [NoticeOptOut(person_id=person.pk, kind=k) for k in sorted(wanted)],
            ignore_conflicts=True,
        )


def notify(
    recipients: Iterable[Any],
    kind: str,
    *,
    subject: str,
    template: str,
    context: Mapping[str, Any],
    url: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Tell each recipient (a Person) once: a notice for their home page and an e-mail from
    ``template`` ("<app>/email/<name>", context plus ``person`` and ``link``) unless they
    turned the kind off. Runs after the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notice kind {kind!r}: add it to ladder.core.notices.KINDS.")
    people = {p.pk: p for p in recipients if p is not None and getattr(p, "is_active", True)}
    if not people:
        return

    def send() -> None:
        Notice.objects.bulk_create(
            [Notice(recipient_id=pk, kind=kind, subject=subject[:255], url=url) for pk in people]
        )
        off = (
            set(
                NoticeOptOut.objects.filter(person_id__in=people, kind=kind).values_list(
                    "person_id", flat=True
                )
            )
            if KINDS[kind].optional
            else set()
        )
        for pk, person in people.items():
            if pk in off or not person.email:
                continue
            try:
                message = templated_message(
                    template,
                    {**context, "person": person, "link": url},
                    subject=subject,
                    to=[person.email],
                    headers={"Auto-Submitted": "auto-generated"},
                )
                for filename, data, mimetype in attachments:
                    message.attach(filename, data, mimetype)
                message.send()
            except Exception:
                log.exception("could not e-mail %s notice to person %s", kind, pk)

    transaction.on_commit(send)


def unseen(person_id: int, limit: int = 10) -> tuple[list[Notice], int]:
    """The newest unseen notices and how many there are."""
    qs = Notice.objects.filter(recipient_id=person_id, seen_at__isnull=True)
    return list(qs[:limit]), qs.count()


def mark_seen(person_id: int) -> int:
    return Notice.objects.filter(recipient_id=person_id, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )
