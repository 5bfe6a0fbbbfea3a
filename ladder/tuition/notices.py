"""Who is told what as a tuition application and its claims move on (ladder.core.notices)."""

from __future__ import annotations

from ladder.core.links import absolute_url
from ladder.core.notices import notify
from ladder.orgs.models import Role
from ladder.people.models import Person
from ladder.tuition.models import Claim, Enrolment, Promotion

S = Enrolment.Status


def application_submitted(enrolment: Enrolment) -> None:
    """The library's admins have an application to decide."""
    admins = Person.objects.filter(
        roles__kind=Role.Kind.LIBRARY_ADMIN, roles__library_id=enrolment.library_id
    ).exclude(pk=enrolment.person_id)
    notify(
        admins.distinct(),
        "tuition.application_submitted",
        subject=f"Tuition application to decide: {enrolment.person} — {enrolment.programme.name}",
        template="tuition/email/application_submitted",
        context={"enrolment": enrolment},
        url=absolute_url("tuition:enrolment_detail", enrolment.pk),
    )


def application_decided(enrolment: Enrolment) -> None:
    """The applicant hears each decision: approved by the library (the sponsor next), approved
    by the sponsor (enrolled), or refused."""
    outcomes: dict[str, str] = {
        S.LIBRARY_APPROVED: "approved by your library; the sponsor decides next",
        S.ENROLLED: "approved: you are enrolled",
        S.REFUSED: "refused",
    }
    outcome = outcomes.get(enrolment.status)
    if outcome is None:
        return
    notify(
        [enrolment.person],
        "tuition.application_decided",
        subject=f"Your tuition application is {outcome.split(':')[0].split(';')[0]}: "
        f"{enrolment.programme.name}",
        template="tuition/email/application_decided",
        context={"enrolment": enrolment, "outcome": outcome},
        url=absolute_url("tuition:enrolment_detail", enrolment.pk),
    )


def claim_decided(claim: Claim) -> None:
    """The claimant hears when a claim is approved, paid or refused."""
    claim_outcomes: dict[str, str] = {
        Claim.Status.APPROVED: "approved",
        Claim.Status.PAID: "paid",
        Claim.Status.REFUSED: "refused",
    }
    outcome = claim_outcomes.get(claim.status)
    if outcome is None:
        return
    enrolment = claim.enrolment
    notify(
        [enrolment.person],
        "tuition.claim_decided",
        subject=f"Your tuition claim for {claim.term} is {outcome}",
        template="tuition/email/claim_decided",
        context={"claim": claim, "enrolment": enrolment, "outcome": outcome},
        url=absolute_url("tuition:claim_detail", claim.pk),
    )


def promotion_news(promotion: Promotion) -> None:
    """The person hears that a promotion is proposed for them, and when it is accepted (the
    new job begins). A hire through an opening is proposed and accepted at once: one notice."""
    accepted = promotion.status == Promotion.Status.ACCEPTED
    what = "is confirmed" if accepted else "is proposed"
    notify(
        [promotion.person],
        "tuition.promotion",
        subject=f"Your promotion to {promotion.to_job_class.name} {what}",
        template="tuition/email/promotion_news",
        context={"promotion": promotion, "accepted": accepted},
        url=absolute_url("tuition:promotion_detail", promotion.pk),
    )
