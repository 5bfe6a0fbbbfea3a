"""Feedback on a session: attendees, and only attendees, rate it (1-5) and comment, once.

Organisers (the offering's owners and the session's facilitators, as for the roster) see a
summary: how many answered, the average, the distribution and the comments. Comments are
shown without names, so people can say what did not work; the rating is tied to the
registration only to allow one answer per attendee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.learning.models import Feedback, Registration, Session
from ladder.learning.policies import can_give_feedback, can_see_feedback

if TYPE_CHECKING:
    import datetime as dt

    from ladder.people.models import Person

COMMENT_MAX = 4000
RATINGS = [
    (1, "1 — Poor"),
    (2, "2 — Fair"),
    (3, "3 — Good"),
    (4, "4 — Very good"),
    (5, "5 — Excellent"),
]
ALREADY = "You have already given feedback on this session; it can be given once."


def attendee_registration(person: Person, session: Session) -> Registration | None:
    """The person's attended registration for the session, with its feedback if any."""
    return (
        Registration.objects.filter(
            session=session, person_id=person.pk, status=Registration.Status.ATTENDED
        )
        .select_related("feedback")
        .first()
    )


def existing_feedback(registration: Registration) -> Feedback | None:
    try:
        return registration.feedback
    except Feedback.DoesNotExist:
        return None


def feedback_create(*, by: Person, session: Session, rating: Any, comment: str = "") -> Feedback:
    """Record an attendee's rating and comment; a second answer is refused."""
    registration = attendee_registration(by, session)
    require(can_give_feedback, access_for(by), registration)
    assert registration is not None  # for mypy: the rule refuses None
    errors: dict[str, list[str]] = {}
    value = rating
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        errors["rating"] = ["Choose a rating from 1 (poor) to 5 (excellent)."]
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [f"Keep the comment under {COMMENT_MAX} characters."]
    if existing_feedback(registration) is not None:
        errors[NON_FIELD_ERRORS] = [ALREADY]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                registration=registration, rating=value, comment=comment
            )
            log_action(
                actor=by,
                action="learning.feedback.created",
                obj=feedback,
                summary=f"Feedback {value}/5 on {session}",
            )
    except IntegrityError as exc:
        # Two submissions at once: the one-to-one lets only the first in.
        raise ValidationError({NON_FIELD_ERRORS: [ALREADY]}) from exc
    return feedback


@dataclass
class Summary:
    session: Session
    count: int = 0
    average: Decimal | None = None
    # (rating, label, count, percent) for 1..5, every rating listed even when nobody chose it.
    distribution: list[tuple[int, str, int, int]] = field(default_factory=list)
    comments: list[tuple[int, str, dt.datetime]] = field(default_factory=list)
    attended: int = 0

    @property
    def chart(self) -> dict[str, Any]:
        return {
            "labels": [label for _, label, _, _ in self.distribution],
            "counts": [count for _, _, count, _ in self.distribution],
        }

    @property
    def chart_summary(self) -> str:
        if not self.count:
            return "No feedback yet."
        parts = ", ".join(f"{count} rated {rating}" for rating, _, count, _ in self.distribution)
        return (
            f"Bar chart of {self.count} rating{'s' if self.count != 1 else ''}, "
            f"average {self.average} out of 5: {parts}. The table lists the same numbers."
        )


def feedback_summary(*, by: Person, session: Session) -> Summary:
    """The session's feedback for its organisers. Three queries, however many answers."""
    require(can_see_feedback, access_for(by), session)
    answers = Feedback.objects.filter(registration__session=session)
    counts = dict(
        answers.values("rating").annotate(n=Count("id")).values_list("rating", "n").order_by()
    )
    total = sum(counts.values())
    summary = Summary(session=session, count=total)
    if total:
        weighted = sum(rating * n for rating, n in counts.items())
        summary.average = (Decimal(weighted) / Decimal(total)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    summary.distribution = [
        (
            rating,
            label,
            counts.get(rating, 0),
            round(100 * counts.get(rating, 0) / total) if total else 0,
        )
        for rating, label in RATINGS
    ]
    summary.comments = [
        (rating, comment, created)
        for rating, comment, created in answers.exclude(comment="")
        .order_by("-created_at", "-id")
        .values_list("rating", "comment", "created_at")
    ]
    summary.attended = Registration.objects.filter(
        session=session, status=Registration.Status.ATTENDED
    ).count()
    return summary
