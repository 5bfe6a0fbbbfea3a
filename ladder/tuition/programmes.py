"""Programmes and their budgets: who sees what, and the sponsor's writes.

Who sees an enrolment, its claims and promotions (private by default): the person, their
supervisor chain, their library's admins and the programme sponsor's admins (site admin all).
A programme is seen by its sponsor's admins, the admins of its participating libraries and
the staff of those libraries (to apply).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from typing_extensions import Unpack

from ladder.core.access import Access, access_for
from ladder.core.audit import assign_validated, diff, log_action, snapshot
from ladder.core.policies import require
from ladder.orgs.duties import fallback_q, require_decider
from ladder.orgs.models import Library
from ladder.people.models import EducationLevel, JobClass, Person
from ladder.tuition.models import ZERO, Claim, Enrolment, Programme, ProgrammeBudget
from ladder.tuition.policies import can_change_programme, can_sponsor_at
from ladder.tuition.repayment import fiscal_year_label


class ProgrammeFields(TypedDict, total=False):
    """What programme_create and programme_update set on a programme."""

    name: str
    description: str
    min_tenure_months: int
    covers_tuition: bool
    covers_fees: bool
    covers_books: bool
    reimbursement_percent: Decimal
    cap_per_term: Decimal | None
    cap_per_year: Decimal
    cap_lifetime: Decimal
    min_grade: str
    service_months: int
    repayment: str
    degree_levels: str
    is_active: bool


PROGRAMME_FIELDS = list(ProgrammeFields.__annotations__)


# --- selectors ------------------------------------------------------------------------------


def programmes_visible_to(access: Access) -> QuerySet[Programme]:
    qs = Programme.objects.select_related("sponsor")
    if access.is_site_admin:
        return qs
    libs = access.admin_library_ids | access.colleague_library_ids
    return qs.filter(Q(sponsor_id__in=access.admin_library_ids) | Q(libraries__in=libs)).distinct()


def managed_programmes(access: Access) -> QuerySet[Programme]:
    """Programmes the user approves for: as sponsor admin or participating library admin."""
    qs = Programme.objects.select_related("sponsor").prefetch_related("libraries")
    if access.is_site_admin:
        return qs
    return qs.filter(
        Q(sponsor_id__in=access.admin_library_ids) | Q(libraries__in=access.admin_library_ids)
    ).distinct()


def enrolment_scope(access: Access) -> Q:
    if access.is_site_admin:
        return Q()
    return (
        Q(person_id=access.person_id)
        | Q(person_id__in=access.report_ids)
        | Q(library_id__in=access.admin_library_ids)
        | Q(programme__sponsor_id__in=access.admin_library_ids)
        # The coordinator sees the sole admin's own application that waits for them.
        | fallback_q(access, person_field="person_id", library_field="library_id")
        | fallback_q(access, person_field="person_id", library_field="programme__sponsor_id")
    )


def enrolments_visible_to(access: Access) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(enrolment_scope(access)).select_related(
        "programme", "programme__sponsor", "person", "library"
    )


def require_enrolment_decider(
    access: Access, enrolment: Enrolment, *, sponsor: bool, action: str, message: str
) -> None:
    """Raise PermissionDenied unless the user decides this stage; one's own application
    never (separation of duties: the message says whom it waits for)."""
    library = enrolment.programme.sponsor if sponsor else enrolment.library
    require_decider(
        access,
        subject_person_id=enrolment.person_id,
        library_id=library.pk,
        library_name=library.name,
        action=action,
        fallback_message=message,
    )


def require_claim_decider(access: Access, enrolment: Enrolment, *, action: str) -> None:
    """Claims are decided by the sponsor's admins (the library's when it is the sponsor),
    never by the claimant."""
    require_enrolment_decider(
        access,
        enrolment,
        sponsor=True,
        action=action,
        message="Only the programme sponsor's admins decide claims.",
    )


def committed_in_year(programme: Programme, fiscal_year: int) -> Decimal:
    total = Claim.objects.filter(
        enrolment__programme=programme, fiscal_year=fiscal_year, status__in=Claim.COMMITTED
    ).aggregate(total=Sum("approved_amount"))["total"]
    return total or ZERO


def budget_for(programme: Programme, fiscal_year: int) -> Decimal | None:
    row = ProgrammeBudget.objects.filter(programme=programme, fiscal_year=fiscal_year).first()
    return row.amount if row else None


def label_year(programme: Programme, fiscal_year: int) -> str:
    return fiscal_year_label(fiscal_year, programme.sponsor.fiscal_year_start_month)


# --- services -------------------------------------------------------------------------------


def _validate(programme: Programme) -> None:
    errors: dict[str, list[str]] = {}
    try:
        programme.full_clean(exclude=["sponsor"], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        programme.cap_per_term is not None
        and programme.cap_per_year is not None
        and programme.cap_per_term > programme.cap_per_year
    ):
        errors.setdefault("cap_per_term", []).append(
            "The cap per term cannot be more than the cap per fiscal year."
        )
    if (
        programme.cap_per_year is not None
        and programme.cap_lifetime is not None
        and "cap_lifetime" not in errors
        and programme.cap_lifetime < programme.cap_per_year
    ):
        errors.setdefault("cap_lifetime", []).append(
            "The lifetime cap cannot be below the cap per fiscal year."
        )
    try:
        levels = programme.allowed_degree_levels
    except ValueError:
        levels = [-1]
    if not levels or any(level not in EducationLevel.values for level in levels):
        errors.setdefault("degree_levels", []).append("List education levels, e.g. 30,50.")
    if errors:
        raise ValidationError(errors)


def programme_create(
    *,
    by: Person,
    sponsor: Library,
    libraries: list[Library] | None = None,
    eligible_job_classes: list[JobClass] | None = None,
    **fields: Unpack[ProgrammeFields],
) -> Programme:
    require(can_sponsor_at, access_for(by), sponsor)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected programme fields: {sorted(unknown)}")
    programme = Programme(sponsor=sponsor, **fields)
    _validate(programme)
    with transaction.atomic():
        programme.save()
        programme.libraries.set(libraries or [sponsor])
        programme.eligible_job_classes.set(eligible_job_classes or [])
        log_action(
            actor=by,
            action="tuition.programme.created",
            obj=programme,
            summary=f"{sponsor}: {programme.name}",
            changes=diff({}, snapshot(programme, PROGRAMME_FIELDS)),
        )
    return programme


def programme_update(
    *,
    by: Person,
    programme: Programme,
    libraries: list[Library] | None = None,
    eligible_job_classes: list[JobClass] | None = None,
    **fields: Unpack[ProgrammeFields],
) -> Programme:
    require(can_change_programme, access_for(by), programme)
    changes = assign_validated(
        programme,
        fields=fields,
        allowed=PROGRAMME_FIELDS,
        validate=lambda: _validate(programme),
    )
    with transaction.atomic():
        programme.save()
        if libraries is not None:
            programme.libraries.set(libraries)
        if eligible_job_classes is not None:
            programme.eligible_job_classes.set(eligible_job_classes)
        log_action(
            actor=by,
            action="tuition.programme.updated",
            obj=programme,
            summary=f"Updated {programme.name}",
            changes=changes,
        )
    return programme


def budget_set(
    *, by: Person, programme: Programme, fiscal_year: int, amount: Decimal
) -> ProgrammeBudget:
    """Set a fiscal year's budget; never below what that year has already committed."""
    require(can_change_programme, access_for(by), programme)
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationError({"amount": ["A budget cannot be negative."]})
    if not 2000 <= int(fiscal_year) <= 2100:
        raise ValidationError({"fiscal_year": ["Enter a fiscal year between 2000 and 2100."]})
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        committed = committed_in_year(programme, fiscal_year)
        if amount < committed:
            raise ValidationError(
                {
                    "amount": [
                        f"{label_year(programme, fiscal_year)} has already committed "
                        f"${committed:,.2f}; the budget cannot be lower."
                    ]
                }
            )
        budget, created = ProgrammeBudget.objects.get_or_create(
            programme=programme, fiscal_year=fiscal_year, defaults={"amount": amount}
        )
        before = None if created else budget.amount
        if not created and budget.amount != amount:
            budget.amount = amount
            budget.save(update_fields=["amount"])
        log_action(
            actor=by,
            action="tuition.budget.set",
            obj=budget,
            summary=f"{programme.name}: {label_year(programme, fiscal_year)} budget ${amount:,.2f}",
            changes={"amount": [before, amount]},
        )
    return budget
