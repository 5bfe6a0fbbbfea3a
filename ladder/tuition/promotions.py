"""Promotions: proposed (after a degree, or by an admin), accepted or declined.

Accepting ends the old employment line the day before the effective date and starts a new
line in the new job class on it (same library, branch, hours, benefits and supervisor), with
an audit entry naming who, when and old → new; the letter is a PDF. A promotion the person
is not eligible for (ladder.careers.eligibility.gaps_for on the effective date) is refused
when proposed and again when accepted.

Generic on purpose: `reason` says why (degree, opening, reclassification), so openings can
propose through `promotion_propose` too.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from ladder.careers.eligibility import (
    GAP_COMPETENCY,
    Gap,
    JobRequirements,
    gaps_for,
    person_facts,
    requirements_for,
)
from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.links import absolute_url
from ladder.core.mail import send_templated
from ladder.core.policies import require
from ladder.core.records import audits_refusals
from ladder.orgs.duties import require_decider
from ladder.orgs.models import Role
from ladder.people import requirements as rules
from ladder.people import services as people_services
from ladder.people.models import (
    Credential,
    Employment,
    JobClass,
    LadderStep,
    Person,
)
from ladder.tuition import notices as tuition_notices
from ladder.tuition.models import Enrolment, Promotion
from ladder.tuition.policies import can_propose_promotion

log = logging.getLogger(__name__)
P = Promotion.Status


def promotions_visible_to(access: Access) -> QuerySet[Promotion]:
    qs = Promotion.objects.select_related(
        "person", "library", "from_employment__job_class", "to_job_class", "decided_by"
    )
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(person_id=access.person_id)
        | Q(person_id__in=access.report_ids)
        | Q(library_id__in=access.admin_library_ids)
        | Q(enrolment__programme__sponsor_id__in=access.admin_library_ids)
    )


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def next_job_class_for_degree(employment: Employment, credential: Credential) -> JobClass | None:
    """The class above the current one on the library's ladder that the degree opens: the
    highest education requirement, up to the degree's level, that the person now meets
    (ladder.people.requirements.education_met on their record with the degree) and the current
    class lacks; of those, the lowest rung (the MLS opens Librarian II, a bachelor's
    Librarian I)."""
    ladder_id = employment.library.ladder_id
    if ladder_id is None or credential.degree_level is None:
        return None
    steps = list(
        employment.job_class.ladder_steps.filter(ladder_id=ladder_id).values_list(
            "position", flat=True
        )
    )
    current_position = steps[0] if steps else -1
    current_education = employment.job_class.min_education
    facts = person_facts([employment.person_id])[employment.person_id]
    level = max(facts.education, credential.degree_level)
    accredited_mls = facts.has_accredited_mls or (
        credential.accredited and rules.degree_can_be_accredited(credential.degree_level)
    )
    best: tuple[int, int, JobClass] | None = None
    for step in LadderStep.objects.filter(
        ladder_id=ladder_id, position__gt=current_position
    ).select_related("job_class"):
        jc = step.job_class
        needs = jc.min_education
        if needs <= current_education or needs > credential.degree_level:
            continue
        if not rules.education_met(level, accredited_mls, needs, jc.requires_accredited):
            continue
        key = (-needs, step.position)
        if best is None or key < (best[0], best[1]):
            best = (key[0], key[1], jc)
    return best[2] if best else None


def _current_employment(enrolment: Enrolment) -> Employment | None:
    qs = Employment.objects.filter(person_id=enrolment.person_id, library_id=enrolment.library_id)
    qs = qs.current().select_related("library", "job_class")
    if enrolment.employment_id and qs.filter(pk=enrolment.employment_id).exists():
        return qs.get(pk=enrolment.employment_id)
    return qs.order_by("-weekly_hours", "pk").first()


@dataclass
class DegreeCheck:
    """Whether a completed degree lets a promotion be proposed, and if not, exactly why."""

    employment: Employment | None = None
    job_class: JobClass | None = None
    gaps: list[Gap] = field(default_factory=list)
    requirement_count: int = 0
    existing: Promotion | None = None
    why_not: str = ""

    @property
    def gap_path(self) -> str:
        """The gap page of the person for the class (empty when there is no class)."""
        if self.employment is None or self.job_class is None or not self.gaps:
            return ""
        return reverse(
            "careers:gap",
            kwargs={"person_id": self.employment.person_id, "job_class_id": self.job_class.pk},
        )


def _count(requirements: JobRequirements) -> int:
    return (
        int(requirements.min_education > 0)
        + len(requirements.certifications)
        + int(requirements.min_years_experience > 0)
        + len(requirements.competencies)
    )


def _need(gap: Gap) -> str:
    if gap.kind == GAP_COMPETENCY:
        return f"{gap.details['name']} at level {gap.details['required_level']}"
    return gap.label


def degree_check(enrolment: Enrolment) -> DegreeCheck:
    """The analysis propose_after_degree acts on: the person's job at the library, the class
    the degree opens on the library's ladder, what they still lack for it."""
    employment = _current_employment(enrolment)
    person = enrolment.person
    if employment is None:
        return DegreeCheck(
            why_not=f"No promotion proposed: {person} holds no current job at {enrolment.library}."
        )
    check = DegreeCheck(employment=employment)
    credential = enrolment.credential
    if credential is None or credential.degree_level is None:
        check.why_not = "No promotion proposed: no degree is recorded on the enrolment."
        return check
    if employment.library.ladder_id is None:
        check.why_not = (
            f"No promotion proposed: {employment.library} has no career ladder that says which "
            "class the degree opens. A library admin can propose one from the person's page."
        )
        return check
    target = next_job_class_for_degree(employment, credential)
    if target is None:
        check.why_not = (
            f"No promotion proposed: on {employment.library}'s ladder, the "
            f"{credential.get_degree_level_display()} opens no class above "
            f"{employment.job_class}."
        )
        return check
    check.job_class = target
    check.gaps = gaps_for(person, target)
    check.requirement_count = _count(requirements_for([target.pk])[target.pk])
    if check.gaps:
        needs = ", ".join(_need(g) for g in check.gaps)
        open_count = len(check.gaps)
        check.why_not = (
            f"No promotion proposed to {target}: needs {needs} — {open_count} of "
            f"{max(check.requirement_count, open_count)} requirements still open."
        )
        return check
    check.existing = Promotion.objects.filter(
        from_employment=employment, to_job_class=target, status=P.PROPOSED
    ).first()
    if check.existing is not None:
        check.why_not = f"A promotion to {target} is already proposed."
    return check


def propose_after_degree(*, by: Person, enrolment: Enrolment) -> Promotion | None:
    """After a degree: propose the next class if the person is now eligible for it (else
    degree_check says why not)."""
    check = degree_check(enrolment)
    if check.why_not or check.employment is None or check.job_class is None:
        return None
    assert enrolment.credential is not None
    effective = first_of_next_month(timezone.localdate())
    return _create(
        by=by,
        employment=check.employment,
        to_job_class=check.job_class,
        effective_date=effective,
        reason=Promotion.Reason.DEGREE,
        detail=f"{enrolment.credential.title} from {enrolment.institution}",
        enrolment=enrolment,
    )


def _not_eligible(person: Person, job_class: JobClass, on: dt.date) -> None:
    gaps = gaps_for(person, job_class, on=on)
    if gaps:
        listed = "; ".join(g.label for g in gaps)
        raise ValidationError(
            {"to_job_class": [f"Eligibility rule: {person} does not meet {job_class}: {listed}."]}
        )


def _create(
    *,
    by: Person | None,
    employment: Employment,
    to_job_class: JobClass,
    effective_date: dt.date,
    reason: str,
    detail: str = "",
    enrolment: Enrolment | None = None,
) -> Promotion:
    promotion = Promotion.objects.create(
        person=employment.person,
        library=employment.library,
        from_employment=employment,
        to_job_class=to_job_class,
        effective_date=effective_date,
        reason=reason,
        detail=detail,
        enrolment=enrolment,
        proposed_by=by,
    )
    log_action(
        actor=by,
        action="tuition.promotion.proposed",
        obj=promotion,
        summary=f"{employment.person}: {employment.job_class} → {to_job_class} "
        f"from {effective_date.isoformat()}",
        changes={"job_class": [employment.job_class_id, to_job_class.pk]},
    )
    promotion_id = promotion.pk
    transaction.on_commit(lambda: _email_admins(promotion_id))
    transaction.on_commit(lambda: _tell_the_person(promotion_id, Promotion.Status.PROPOSED))
    return promotion


def _tell_the_person(promotion_id: int, status: str) -> None:
    """Tell the person once per step, after the commit; a promotion already decided when
    its proposal commits (a hire) is told by its acceptance alone."""
    promotion = Promotion.objects.select_related("person", "to_job_class").get(pk=promotion_id)
    if promotion.status == status:
        tuition_notices.promotion_news(promotion)


def _email_admins(promotion_id: int) -> None:
    promotion = Promotion.objects.select_related(
        "person", "to_job_class", "from_employment__job_class"
    ).get(pk=promotion_id)
    if promotion.status != P.PROPOSED:
        return  # decided in the same transaction (a hire through an opening): nothing to ask
    emails = list(
        Role.objects.filter(kind=Role.Kind.LIBRARY_ADMIN, library_id=promotion.library_id)
        .values_list("person__email", flat=True)
        .distinct()
    )
    if not emails:
        return
    try:
        send_templated(
            "tuition/email/promotion_proposed",
            {
                "promotion": promotion,
                "link": absolute_url("tuition:promotion_detail", promotion.pk),
            },
            subject=f"Promotion proposal: {promotion.person}",
            to=emails,
        )
    except Exception:  # a mail server that is down must not undo the proposal
        log.exception("Could not e-mail the promotion proposal %s", promotion_id)


def promotion_propose(
    *,
    by: Person,
    employment: Employment,
    to_job_class: JobClass,
    effective_date: dt.date,
    reason: str = Promotion.Reason.OTHER,
    detail: str = "",
    enrolment: Enrolment | None = None,
) -> Promotion:
    require(can_propose_promotion, access_for(by), employment)
    if reason not in Promotion.Reason.values:
        raise ValidationError({"reason": ["Choose a reason."]})
    if not isinstance(effective_date, dt.date):
        raise ValidationError({"effective_date": ["Enter the effective date."]})
    if to_job_class.pk == employment.job_class_id:
        raise ValidationError({"to_job_class": ["The person already holds this job class."]})
    _not_eligible(employment.person, to_job_class, effective_date)
    with transaction.atomic():
        if Promotion.objects.filter(
            from_employment=employment, to_job_class=to_job_class, status=P.PROPOSED
        ).exists():
            raise ValidationError({"to_job_class": ["This promotion is already proposed."]})
        return _create(
            by=by,
            employment=employment,
            to_job_class=to_job_class,
            effective_date=effective_date,
            reason=reason,
            detail=detail,
            enrolment=enrolment,
        )


def require_decider_of(access: Access, promotion: Promotion, verb: str) -> None:
    require_decider(
        access,
        subject_person_id=promotion.person_id,
        library_id=promotion.library_id,
        library_name=promotion.library.name,
        action=f"{verb} your own promotion",
        fallback_message="Only the library's admins decide promotions.",
        coordinator=False,
    )


def _locked(promotion: Promotion) -> Promotion:
    return (
        Promotion.objects.select_for_update(of=("self",))
        .select_related("person", "library", "from_employment__job_class", "to_job_class")
        .get(pk=promotion.pk)
    )


@audits_refusals("promotion")
def promotion_accept(
    *, by: Person, promotion: Promotion, effective_date: dt.date | None = None
) -> Promotion:
    """End the old line the day before, start the new class on the effective date."""
    require_decider_of(access_for(by), promotion, "accept")
    with transaction.atomic():
        promotion = _locked(promotion)
        if promotion.status != P.PROPOSED:
            raise ValidationError(
                {"status": [f"This promotion is already {promotion.get_status_display().lower()}."]}
            )
        effective = effective_date or promotion.effective_date
        if not isinstance(effective, dt.date):
            raise ValidationError({"effective_date": ["Enter the effective date."]})
        old = Employment.objects.select_for_update().get(pk=promotion.from_employment_id)
        if effective <= old.start_date:
            raise ValidationError(
                {"effective_date": ["The effective date must be after the current line starts."]}
            )
        if old.end_date is not None and old.end_date < effective - dt.timedelta(days=1):
            raise ValidationError(
                {"effective_date": [f"The employment ended on {old.end_date.isoformat()}."]}
            )
        _not_eligible(promotion.person, promotion.to_job_class, effective)
        old_class = old.job_class
        # The new line first: while the old one still runs the person is on the library's
        # staff, which is what lets its admin give them the new job (people.can_attach).
        new = people_services.employment_create(
            by=by,
            person=promotion.person,
            library=old.library,
            job_class=promotion.to_job_class,
            weekly_hours=old.weekly_hours,
            start_date=effective,
            branch=old.branch,
            benefits_eligible=old.benefits_eligible,
            supervisor=old.supervisor,
        )
        people_services.employment_end(
            by=by, employment=old, end_date=effective - dt.timedelta(days=1)
        )
        before_date = promotion.effective_date
        promotion.status = P.ACCEPTED
        promotion.effective_date = effective
        promotion.decided_by = by
        promotion.decided_at = timezone.now()
        promotion.new_employment = new
        promotion.save()
        log_action(
            actor=by,
            action="tuition.promotion.accepted",
            obj=promotion,
            summary=f"{promotion.person}: {old_class} → {promotion.to_job_class} "
            f"from {effective.isoformat()}",
            changes={
                "status": [P.PROPOSED, P.ACCEPTED],
                "job_class": [old_class.name, promotion.to_job_class.name],
                "employment": [old.pk, new.pk],
                "effective_date": [before_date, effective],
            },
        )
        promotion_id = promotion.pk
        transaction.on_commit(lambda: _tell_the_person(promotion_id, P.ACCEPTED))
    return promotion


@audits_refusals("promotion")
def promotion_decline(*, by: Person, promotion: Promotion, note: str = "") -> Promotion:
    require_decider_of(access_for(by), promotion, "decline")
    with transaction.atomic():
        promotion = _locked(promotion)
        if promotion.status != P.PROPOSED:
            raise ValidationError(
                {"status": [f"This promotion is already {promotion.get_status_display().lower()}."]}
            )
        promotion.status = P.DECLINED
        promotion.decided_by = by
        promotion.decided_at = timezone.now()
        promotion.decision_note = (note or "").strip()
        promotion.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        log_action(
            actor=by,
            action="tuition.promotion.declined",
            obj=promotion,
            summary=f"{promotion.person}: {promotion.to_job_class} declined",
            changes={"status": [P.PROPOSED, P.DECLINED]},
        )
    return promotion
