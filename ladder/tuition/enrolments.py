"""Applications and enrolments: apply, approve (library, then sponsor), refuse, withdraw, end,
complete (the degree is awarded, the commitment starts, a promotion may be proposed), and the
service commitment read back with the repayment owed by someone who left early."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.dates import add_months
from ladder.core.policies import require
from ladder.people import requirements as rules
from ladder.people.models import Credential, EducationLevel, Employment, Person
from ladder.tuition import notices as tuition_notices
from ladder.tuition.models import ZERO, Claim, Enrolment, Programme
from ladder.tuition.policies import (
    can_apply_to,
    can_approve_as_library,
    can_end_enrolment,
    can_withdraw_enrolment,
)
from ladder.tuition.programmes import require_enrolment_decider
from ladder.tuition.promotions import propose_after_degree
from ladder.tuition.repayment import months_between, repayment_owed

if TYPE_CHECKING:
    from ladder.tuition.models import Promotion

S = Enrolment.Status
OPEN = (S.APPLIED, S.LIBRARY_APPROVED, S.ENROLLED)


def _locked(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme", "programme__sponsor", "person", "library")
        .get(pk=enrolment.pk)
    )


def _main_employment(person: Person, library_ids: set[int]) -> Employment | None:
    return (
        Employment.objects.filter(person=person, library_id__in=library_ids)
        .current()
        .select_related("library", "job_class")
        .order_by("-weekly_hours", "start_date", "pk")
        .first()
    )


def enrolment_apply(
    *,
    by: Person,
    programme: Programme,
    institution: str,
    degree_level: int,
    expected_start: dt.date,
    expected_end: dt.date,
    field: str = "",
    accredited: bool = False,
) -> Enrolment:
    """A staff member applies for their own degree."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    require(can_apply_to, access_for(by), programme)
    employment = _main_employment(by, set(programme.libraries.values_list("pk", flat=True)))
    assert employment is not None  # can_apply_to: a current job in one of its libraries
    if not programme.is_active:
        add("programme", "This programme is closed to new applications.")
    institution = (institution or "").strip()
    if not institution:
        add("institution", "Name the school or university.")
    if degree_level not in programme.allowed_degree_levels:
        allowed = ", ".join(EducationLevel(v).label for v in programme.allowed_degree_levels)
        add("degree_level", f"This programme pays toward: {allowed}.")
    if accredited and not rules.degree_can_be_accredited(degree_level):
        add("accredited", rules.ACCREDITED_ONLY_MLS)
    if not isinstance(expected_start, dt.date):
        add("expected_start", "Enter the expected start date.")
    if not isinstance(expected_end, dt.date):
        add("expected_end", "Enter the expected end date.")
    elif isinstance(expected_start, dt.date) and expected_end < expected_start:
        add("expected_end", "The expected end cannot be before the start.")
    eligible = set(programme.eligible_job_classes.values_list("pk", flat=True))
    if eligible and employment.job_class_id not in eligible:
        add(
            "programme",
            f"Eligible job classes rule: {employment.job_class} is not eligible for this "
            "programme.",
        )
    first_start = (
        Employment.objects.filter(person=by, library_id=employment.library_id)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    tenure = months_between(first_start or timezone.localdate(), timezone.localdate())
    if tenure < programme.min_tenure_months:
        add(
            "programme",
            f"Minimum tenure rule: the programme needs {programme.min_tenure_months} months "
            f"at {employment.library}; you have {tenure}.",
        )
    if Enrolment.objects.filter(programme=programme, person=by, status__in=OPEN).exists():
        add("programme", "You already have an open application or enrolment in this programme.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            programme=programme,
            person=by,
            library=employment.library,
            employment=employment,
            institution=institution,
            degree_level=degree_level,
            field=(field or "").strip(),
            accredited=accredited,
            expected_start=expected_start,
            expected_end=expected_end,
        )
        log_action(
            actor=by,
            action="tuition.enrolment.applied",
            obj=enrolment,
            summary=f"{by} applied to {programme.name}: {enrolment}",
        )
        tuition_notices.application_submitted(enrolment)
    return enrolment


def _enrol(by: Person, enrolment: Enrolment) -> None:
    credential = Credential.objects.create(
        person=enrolment.person,
        kind=Credential.Kind.DEGREE,
        status=Credential.Status.IN_PROGRESS,
        degree_level=enrolment.degree_level,
        field=enrolment.field,
        institution=enrolment.institution,
        accredited=enrolment.accredited,
        started_on=enrolment.expected_start,
    )
    log_action(
        actor=by,
        action="people.credential.created",
        obj=credential,
        summary=f"{enrolment.person}: {credential.title} (in progress, tuition programme)",
    )
    enrolment.credential = credential
    enrolment.status = S.ENROLLED
    enrolment.enrolled_on = timezone.localdate()


def enrolment_approve(*, by: Person, enrolment: Enrolment, note: str = "") -> Enrolment:
    """The library's admins approve; then the sponsor's, when the sponsor is another library.
    The last approval enrols the person and adds the degree in progress to their record."""
    access = access_for(by)
    with transaction.atomic():
        enrolment = _locked(enrolment)
        before = enrolment.status
        now = timezone.now()
        if enrolment.status == S.APPLIED:
            require_enrolment_decider(
                access,
                enrolment,
                sponsor=False,
                action="approve your own tuition application",
                message="The library's admins approve applications first.",
            )
            enrolment.library_decided_by, enrolment.library_decided_at = by, now
            if enrolment.needs_sponsor:
                enrolment.status = S.LIBRARY_APPROVED
            else:
                _enrol(by, enrolment)
        elif enrolment.status == S.LIBRARY_APPROVED:
            require_enrolment_decider(
                access,
                enrolment,
                sponsor=True,
                action="approve your own tuition application",
                message="The programme's sponsor approves next.",
            )
            enrolment.sponsor_decided_by, enrolment.sponsor_decided_at = by, now
            _enrol(by, enrolment)
        else:
            raise ValidationError(
                {"status": [f"This application is {enrolment.get_status_display().lower()}."]}
            )
        if note:
            enrolment.decision_note = note
        enrolment.save()
        log_action(
            actor=by,
            action="tuition.enrolment.approved",
            obj=enrolment,
            summary=f"{enrolment}: {enrolment.get_status_display()}",
            changes={"status": [before, enrolment.status]},
        )
        tuition_notices.application_decided(enrolment)
    return enrolment


def enrolment_refuse(*, by: Person, enrolment: Enrolment, note: str) -> Enrolment:
    access = access_for(by)
    if not (note or "").strip():
        raise ValidationError({"note": ["Say why the application is refused."]})
    with transaction.atomic():
        enrolment = _locked(enrolment)
        if enrolment.status not in (S.APPLIED, S.LIBRARY_APPROVED):
            raise ValidationError({"status": ["Only a pending application can be refused."]})
        require_enrolment_decider(
            access,
            enrolment,
            sponsor=enrolment.status == S.LIBRARY_APPROVED,
            action="refuse your own tuition application (withdraw it instead)",
            message="Not yours to decide.",
        )
        before = enrolment.status
        enrolment.status, enrolment.decision_note = S.REFUSED, note.strip()
        enrolment.save(update_fields=["status", "decision_note"])
        log_action(
            actor=by,
            action="tuition.enrolment.refused",
            obj=enrolment,
            summary=f"{enrolment}: refused",
            changes={"status": [before, S.REFUSED]},
        )
        tuition_notices.application_decided(enrolment)
    return enrolment


def enrolment_stop(
    *, by: Person, enrolment: Enrolment, status: str, on: dt.date | None = None
) -> Enrolment:
    """Withdraw (the person or the admins) or end (the admins) an open enrolment."""
    access = access_for(by)
    if status not in (S.WITHDRAWN, S.ENDED):
        raise ValidationError({"status": ["Choose withdrawn or ended."]})
    with transaction.atomic():
        enrolment = _locked(enrolment)
        rule = can_withdraw_enrolment if status == S.WITHDRAWN else can_end_enrolment
        require(rule, access, enrolment)
        if enrolment.status not in OPEN:
            raise ValidationError(
                {"status": [f"This enrolment is already {enrolment.get_status_display().lower()}."]}
            )
        before = enrolment.status
        enrolment.status = status
        enrolment.ended_on = on or timezone.localdate()
        enrolment.save(update_fields=["status", "ended_on"])
        log_action(
            actor=by,
            action=f"tuition.enrolment.{status}",
            obj=enrolment,
            summary=f"{enrolment}: {enrolment.get_status_display()}",
            changes={"status": [before, status]},
        )
    return enrolment


def enrolment_complete(
    *, by: Person, enrolment: Enrolment, awarded_on: dt.date
) -> tuple[Enrolment, Promotion | None]:
    """Record the degree: the credential is awarded, the service commitment starts, and a
    promotion is proposed when the degree makes the person eligible for the next class."""
    access = access_for(by)
    with transaction.atomic():
        enrolment = _locked(enrolment)
        if not can_approve_as_library(access, enrolment):
            # The sponsor's admins record it too; one's own degree, never.
            require_enrolment_decider(
                access,
                enrolment,
                sponsor=True,
                action="record your own tuition-funded degree",
                message="Only the programme's admins record a degree.",
            )
        if enrolment.status != S.ENROLLED:
            raise ValidationError(
                {
                    "status": [
                        f"Only an enrolled person's degree can be recorded; this "
                        f"enrolment is {enrolment.get_status_display().lower()}."
                    ]
                }
            )
        if not isinstance(awarded_on, dt.date):
            raise ValidationError({"awarded_on": ["Enter the date the degree was awarded."]})
        if awarded_on > timezone.localdate():
            raise ValidationError({"awarded_on": ["The award date cannot be in the future."]})
        if awarded_on < enrolment.expected_start:
            raise ValidationError({"awarded_on": ["The award date cannot be before the start."]})
        credential = enrolment.credential
        if credential is None:
            credential = Credential(person=enrolment.person, kind=Credential.Kind.DEGREE)
        credential.degree_level = enrolment.degree_level
        credential.accredited = enrolment.accredited
        credential.institution = enrolment.institution
        credential.field = enrolment.field
        credential.status = Credential.Status.AWARDED
        credential.awarded_on = awarded_on
        credential.save()
        log_action(
            actor=by,
            action="people.credential.updated",
            obj=credential,
            summary=f"{enrolment.person}: {credential.title} awarded",
            changes={"status": ["in_progress", "awarded"], "awarded_on": [None, awarded_on]},
        )
        enrolment.credential = credential
        enrolment.status = S.COMPLETED
        enrolment.completed_on = awarded_on
        enrolment.commitment_starts_on = awarded_on
        enrolment.commitment_months = enrolment.programme.service_months
        enrolment.save()
        log_action(
            actor=by,
            action="tuition.enrolment.completed",
            obj=enrolment,
            summary=f"{enrolment}: degree awarded {awarded_on.isoformat()}; "
            f"{enrolment.commitment_months}-month commitment starts",
            changes={"status": [S.ENROLLED, S.COMPLETED]},
        )
        promotion = propose_after_degree(by=by, enrolment=enrolment)
    return enrolment, promotion


# --- the service commitment -----------------------------------------------------------------


@dataclass
class Commitment:
    starts_on: dt.date
    ends_on: dt.date
    months: int
    left_on: dt.date | None
    reimbursed: Decimal
    owed: Decimal

    @property
    def served(self) -> bool:
        return (
            self.ends_on <= timezone.localdate()
            and self.owed == 0
            and (self.left_on is None or self.left_on >= self.ends_on - dt.timedelta(days=1))
        )

    @property
    def left_early(self) -> bool:
        return self.owed > 0


def left_library_on(person_id: int, library_id: int) -> dt.date | None:
    """The last day of the person's employment at the library, or None while employed."""
    ends = list(
        Employment.objects.filter(person_id=person_id, library_id=library_id).values_list(
            "end_date", flat=True
        )
    )
    if not ends or any(end is None for end in ends):
        return None
    return max(e for e in ends if e is not None)


def reimbursed_total(enrolment: Enrolment) -> Decimal:
    total = Claim.objects.filter(enrolment=enrolment, status=Claim.Status.PAID).aggregate(
        t=Sum("reimbursement")
    )["t"]
    return total or ZERO


def commitment_for(enrolment: Enrolment) -> Commitment | None:
    """Computed on read: leaving is the end date of the person's employment at the library."""
    starts, months = enrolment.commitment_starts_on, enrolment.commitment_months
    if starts is None or months is None:
        return None
    left_on = left_library_on(enrolment.person_id, enrolment.library_id)
    reimbursed = reimbursed_total(enrolment)
    owed = repayment_owed(
        reimbursed,
        starts,
        months,
        left_on,
        pro_rata=enrolment.programme.repayment == Programme.Repayment.PRO_RATA,
    )
    return Commitment(
        starts_on=starts,
        ends_on=add_months(starts, months),
        months=months,
        left_on=left_on,
        reimbursed=reimbursed,
        owed=owed,
    )
