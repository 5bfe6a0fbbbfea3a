"""Certifications: schemes (templates, adopt, adjust), pursuits (start, record a part, earn,
record a holding, renew), progress per person and the reports. The rules live in
ladder.certifications (schemes, services, progress, reports)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.certifications import (
    AdoptIn,
    CategoryOut,
    ConversionIn,
    ConversionOut,
    ConversionUpdateIn,
    EarnIn,
    HeldIn,
    NetworkCellOut,
    PartIn,
    PartOut,
    ProgressOut,
    PursuitIn,
    PursuitOut,
    RenewIn,
    ReportOut,
    SchemeCategoryIn,
    SchemeCategoryUpdateIn,
    SchemeDetailOut,
    SchemeOut,
    SchemePartIn,
    SchemePartUpdateIn,
    SchemeUpdateIn,
)
from ladder.api.schemas.common import Id
from ladder.certifications import reports, scheme_categories, scheme_parts, schemes, services
from ladder.certifications.hours import UNITS, CycleCount
from ladder.certifications.models import (
    ConversionFactor,
    Pursuit,
    Scheme,
    SchemeCategory,
    SchemePart,
)
from ladder.certifications.policies import (
    can_adopt_into,
    can_approve_pursuits,
    can_change_scheme,
    can_read_network_report,
    can_read_report,
    can_report_on_library,
)
from ladder.certifications.progress import PartProgress, Progress, progress_for, pursuit_queryset
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, require, signed_in
from ladder.learning.models import TrainingRecord
from ladder.orgs.models import Network
from ladder.people.models import Person
from ladder.people.selectors import people_managed_by
from ladder.skills.models import ExternalTag

router = Router(tags=["certifications"])


def _scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    get_visible_or_404(schemes.schemes_visible_to(access(request)), pk=scheme_id)
    return schemes.scheme_with_parts(scheme_id)


def _person(request: HttpRequest, person_id: int) -> Person:
    found: Person = get_visible_or_404(people_managed_by(access(request)), pk=person_id)
    return found


def _pursuit(request: HttpRequest, pursuit_id: int) -> Pursuit:
    managed = people_managed_by(access(request))
    found: Pursuit = get_visible_or_404(
        Pursuit.objects.select_related("scheme", "person").filter(person__in=managed),
        pk=pursuit_id,
    )
    return found


def _cycle(cycle: CycleCount | None) -> dict[str, Any] | None:
    if cycle is None:
        return None
    return {
        "start": cycle.start,
        "end": cycle.end,
        "total": cycle.total,
        "required": cycle.required_total,
        "shortfall": cycle.shortfall,
        "counted_record_ids": [c.activity.key for c in cycle.counted],
        "too_short_record_ids": [c.activity.key for c in cycle.too_short],
    }


def _part(item: PartProgress) -> dict[str, Any]:
    return {
        "part": item.part,
        "done": item.done,
        "how": item.how,
        "record_ids": [r.pk for r in item.records],
    }


def _progress(p: Progress) -> dict[str, Any]:
    return {
        "pursuit": p.pursuit,
        "status": p.status,
        "status_label": p.status_label,
        "required": [_part(x) for x in p.required],
        "electives": [_part(x) for x in p.electives],
        "electives_needed": p.electives_needed,
        "parts_remaining": p.parts_remaining,
        "finish_by": p.finish_by,
        "window_opens": p.window_opens,
        "grace_ends": p.grace_ends,
        "cycle": _cycle(p.cycle),
        "rolling": _cycle(p.rolling),
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "hours": c.hours,
                "minimum": c.minimum,
                "short_by": c.short_by,
            }
            for c in p.categories
        ],
        "hours_short": p.hours_short,
    }


def _progress_of(subject: Person) -> list[dict[str, Any]]:
    return [_progress(p) for p in progress_for(pursuit_queryset().filter(person=subject))]


# --- schemes --------------------------------------------------------------------------------


@router.get(
    "/certifications/schemes",
    response=list[SchemeOut],
    summary="Certification schemes: shipped templates and your networks' schemes",
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=schemes.schemes_visible_to)
def certifications_list_schemes(request: HttpRequest) -> QuerySet[Scheme]:
    return schemes.schemes_visible_to(access(request)).order_by("network_id", "name", "pk")


@router.get(
    "/certifications/schemes/{scheme_id}",
    response=SchemeDetailOut,
    summary="One scheme with its parts, category minimums and conversions",
)
@api_permission(signed_in, scope=schemes.schemes_visible_to)
def certifications_get_scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    return _scheme(request, scheme_id)


@router.post(
    "/certifications/schemes/{scheme_id}/adopt",
    response={201: SchemeDetailOut},
    summary="Adopt a shipped template into a network you coordinate",
)
@api_permission(can_adopt_into, scope=schemes.schemes_visible_to)
def certifications_adopt_scheme(
    request: HttpRequest, scheme_id: int, payload: AdoptIn
) -> Status[Any]:
    template = _scheme(request, scheme_id)
    network = get_object_or_404(Network, pk=payload.network_id)
    adopted = schemes.scheme_adopt(by=person(request), template=template, network=network)
    return Status(201, schemes.scheme_with_parts(adopted.pk))


@router.patch(
    "/certifications/schemes/{scheme_id}",
    response=SchemeDetailOut,
    summary="Adjust a network's scheme (coordinators); bad rules are a 422 naming the field",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_update_scheme(
    request: HttpRequest, scheme_id: int, payload: SchemeUpdateIn
) -> Scheme:
    scheme = _scheme(request, scheme_id)
    values = payload.model_dump(exclude_unset=True)
    categories = values.pop("categories", None)
    conversions = values.pop("conversions", None)
    schemes.scheme_update(
        by=person(request),
        scheme=scheme,
        values=values,
        categories=categories,
        conversions=conversions,
    )
    return schemes.scheme_with_parts(scheme.pk)


# --- a scheme's parts, categories and conversion factors (coordinators) ---------------------
#
# Parts are named by id, categories by code and conversions by what they apply to (a unit such
# as semester_credit, or an activity kind such as roundtable), as the scheme detail shows them.
# Shipped templates are read-only (403); a scheme you may not see is a 404.


def _external_tag(tag_id: int | None) -> ExternalTag | None:
    if tag_id is None:
        return None
    tag = ExternalTag.objects.filter(pk=tag_id).first()
    if tag is None:
        raise ValidationError({"external_tag_id": f"There is no external tag {tag_id}."})
    return tag


def _tag_field(exc: ValidationError) -> ValidationError:
    """The service names `external_tag`; the API's field is `external_tag_id`."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {
            ("external_tag_id" if name == "external_tag" else name): errors
            for name, errors in exc.error_dict.items()
        }
    )


def _scheme_part(request: HttpRequest, scheme_id: int, part_id: int) -> SchemePart:
    scheme = _scheme(request, scheme_id)
    return get_object_or_404(SchemePart.objects.select_related("scheme"), pk=part_id, scheme=scheme)


def _scheme_category(request: HttpRequest, scheme_id: int, code: str) -> SchemeCategory:
    scheme = _scheme(request, scheme_id)
    return get_object_or_404(
        SchemeCategory.objects.select_related("scheme"), scheme=scheme, code=code
    )


def _scheme_conversion(request: HttpRequest, scheme_id: int, key: str) -> ConversionFactor:
    scheme = _scheme(request, scheme_id)
    found = ConversionFactor.objects.select_related("scheme").filter(scheme=scheme)
    if key in UNITS:
        return get_object_or_404(found, unit=key)
    return get_object_or_404(found, unit="", activity_kind=key)


@router.post(
    "/certifications/schemes/{scheme_id}/parts",
    response={201: PartOut},
    summary="Add a part to a network's scheme (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_add_part(
    request: HttpRequest, scheme_id: int, payload: SchemePartIn
) -> Status[Any]:
    scheme = _scheme(request, scheme_id)
    tag = _external_tag(payload.external_tag_id)
    try:
        part = scheme_parts.scheme_part_add(
            by=person(request),
            scheme=scheme,
            code=payload.code,
            name=payload.name,
            is_required=payload.is_required,
            external_tag=tag,
        )
    except ValidationError as exc:
        raise _tag_field(exc) from exc
    return Status(201, SchemePart.objects.select_related("external_tag").get(pk=part.pk))


@router.patch(
    "/certifications/schemes/{scheme_id}/parts/{part_id}",
    response=PartOut,
    summary="Change a part: code, name, required or elective, tag, position (coordinators)",
    description="Making an elective required is refused when too few electives would remain.",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_update_part(
    request: HttpRequest, scheme_id: int, part_id: int, payload: SchemePartUpdateIn
) -> SchemePart:
    part = _scheme_part(request, scheme_id, part_id)
    values = payload.model_dump(exclude_unset=True)
    if "external_tag_id" in values:
        values["external_tag"] = _external_tag(values.pop("external_tag_id"))
    try:
        scheme_parts.scheme_part_update(by=person(request), part=part, values=values)
    except ValidationError as exc:
        raise _tag_field(exc) from exc
    return SchemePart.objects.select_related("external_tag").get(pk=part.pk)


@router.delete(
    "/certifications/schemes/{scheme_id}/parts/{part_id}",
    response={204: None},
    summary="Remove a part (coordinators)",
    description="Refused (422, field `part`) when someone's completion of it is on record, or "
    "when too few electives would remain.",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_remove_part(request: HttpRequest, scheme_id: int, part_id: int) -> Status[Any]:
    scheme_parts.scheme_part_remove(
        by=person(request), part=_scheme_part(request, scheme_id, part_id)
    )
    return Status(204, None)


@router.post(
    "/certifications/schemes/{scheme_id}/categories",
    response={201: CategoryOut},
    summary="Add a category of hours with its minimum per cycle (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_add_category(
    request: HttpRequest, scheme_id: int, payload: SchemeCategoryIn
) -> Status[Any]:
    category = scheme_categories.scheme_category_add(
        by=person(request),
        scheme=_scheme(request, scheme_id),
        code=payload.code,
        name=payload.name,
        min_hours=payload.min_hours,
    )
    return Status(201, category)


@router.patch(
    "/certifications/schemes/{scheme_id}/categories/{code}",
    response=CategoryOut,
    summary="Change a category's code, name or minimum hours (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_update_category(
    request: HttpRequest, scheme_id: int, code: str, payload: SchemeCategoryUpdateIn
) -> SchemeCategory:
    return scheme_categories.scheme_category_update(
        by=person(request),
        category=_scheme_category(request, scheme_id, code),
        values=payload.model_dump(exclude_unset=True),
    )


@router.delete(
    "/certifications/schemes/{scheme_id}/categories/{code}",
    response={204: None},
    summary="Remove a category minimum (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_remove_category(request: HttpRequest, scheme_id: int, code: str) -> Status[Any]:
    scheme_categories.scheme_category_remove(
        by=person(request), category=_scheme_category(request, scheme_id, code)
    )
    return Status(204, None)


@router.post(
    "/certifications/schemes/{scheme_id}/conversions",
    response={201: ConversionOut},
    summary="Add a conversion factor for a unit or an activity kind (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_add_conversion(
    request: HttpRequest, scheme_id: int, payload: ConversionIn
) -> Status[Any]:
    conversion = scheme_categories.scheme_conversion_add(
        by=person(request),
        scheme=_scheme(request, scheme_id),
        unit=payload.unit,
        activity_kind=payload.activity_kind,
        factor=payload.factor,
    )
    return Status(201, conversion)


@router.patch(
    "/certifications/schemes/{scheme_id}/conversions/{key}",
    response=ConversionOut,
    summary="Change the factor of a conversion, named by its unit or activity kind",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_update_conversion(
    request: HttpRequest, scheme_id: int, key: str, payload: ConversionUpdateIn
) -> ConversionFactor:
    return scheme_categories.scheme_conversion_update(
        by=person(request),
        conversion=_scheme_conversion(request, scheme_id, key),
        factor=payload.factor,
    )


@router.delete(
    "/certifications/schemes/{scheme_id}/conversions/{key}",
    response={204: None},
    summary="Remove a conversion, named by its unit or activity kind (coordinators)",
)
@api_permission(can_change_scheme, scope=schemes.schemes_visible_to)
def certifications_remove_conversion(request: HttpRequest, scheme_id: int, key: str) -> Status[Any]:
    scheme_categories.scheme_conversion_remove(
        by=person(request), conversion=_scheme_conversion(request, scheme_id, key)
    )
    return Status(204, None)


# --- progress and pursuits ------------------------------------------------------------------


@router.get(
    "/certifications/me/progress",
    response=list[ProgressOut],
    summary="Your certifications: parts, hours this cycle, dates and status",
)
@api_permission(signed_in)
def certifications_my_progress(request: HttpRequest) -> list[dict[str, Any]]:
    return _progress_of(person(request))


@router.get(
    "/certifications/people/{person_id}/progress",
    response=list[ProgressOut],
    summary="A person's certifications (the person, their supervisor chain, library admins)",
)
@api_permission(signed_in)
def certifications_person_progress(request: HttpRequest, person_id: int) -> list[dict[str, Any]]:
    return _progress_of(_person(request, person_id))


@router.post(
    "/certifications/pursuits",
    response={201: PursuitOut},
    summary="Start pursuing a network's scheme (for yourself or someone you supervise)",
)
@api_permission(signed_in, scope=schemes.schemes_visible_to)
def certifications_start_pursuit(request: HttpRequest, payload: PursuitIn) -> Status[Any]:
    me = person(request)
    subject = _person(request, payload.person_id) if payload.person_id else me
    scheme = _scheme(request, payload.scheme_id)
    pursuit = services.pursuit_start(
        by=me, person=subject, scheme=scheme, started_on=payload.started_on
    )
    return Status(201, pursuit)


@router.post(
    "/certifications/held",
    response={201: PursuitOut},
    summary="Record a certification someone already holds (approvers)",
)
@api_permission(can_approve_pursuits, scope=schemes.schemes_visible_to)
def certifications_record_held(request: HttpRequest, payload: HeldIn) -> Status[Any]:
    subject = _person(request, payload.person_id)
    scheme = _scheme(request, payload.scheme_id)
    pursuit = services.pursuit_record_held(
        by=person(request),
        person=subject,
        scheme=scheme,
        earned_on=payload.earned_on,
        grade=payload.grade,
    )
    return Status(201, pursuit)


@router.post(
    "/certifications/pursuits/{pursuit_id}/parts",
    response={201: ProgressOut},
    summary="Record a part completed by an approved course, a portfolio or training (approvers)",
)
@api_permission(can_approve_pursuits)
def certifications_record_part(
    request: HttpRequest, pursuit_id: int, payload: PartIn
) -> Status[Any]:
    pursuit = _pursuit(request, pursuit_id)
    part = get_object_or_404(SchemePart, pk=payload.part_id)
    record = None
    if payload.training_record_id:
        record = get_object_or_404(
            TrainingRecord, pk=payload.training_record_id, person_id=pursuit.person_id
        )
    services.pursuit_record_part(
        by=person(request),
        pursuit=pursuit,
        part=part,
        method=payload.method,
        completed_on=payload.completed_on,
        training_record=record,
        note=payload.note,
    )
    return Status(201, _progress(progress_for(pursuit_queryset().filter(pk=pursuit.pk))[0]))


@router.post(
    "/certifications/pursuits/{pursuit_id}/earn",
    response=PursuitOut,
    summary="Confirm the certification earned once every part is done (approvers)",
)
@api_permission(can_approve_pursuits)
def certifications_earn(request: HttpRequest, pursuit_id: int, payload: EarnIn) -> Pursuit:
    pursuit = _pursuit(request, pursuit_id)
    return services.pursuit_earn(
        by=person(request), pursuit=pursuit, earned_on=payload.earned_on, grade=payload.grade
    )


@router.post(
    "/certifications/pursuits/{pursuit_id}/renew",
    response=PursuitOut,
    summary="Renew in the window or grace period once the cycle's hours are met (approvers)",
)
@api_permission(can_approve_pursuits)
def certifications_renew(request: HttpRequest, pursuit_id: int, payload: RenewIn) -> Pursuit:
    pursuit = _pursuit(request, pursuit_id)
    services.pursuit_renew(by=person(request), pursuit=pursuit, renewed_on=payload.renewed_on)
    return Pursuit.objects.select_related("person", "scheme").get(pk=pursuit.pk)


# --- reports --------------------------------------------------------------------------------


class ReportQuery(Schema):
    months: int = Field(6, ge=1, le=120)
    library_id: Id | None = None


def _row(row: reports.ReportRow) -> dict[str, Any]:
    p = row.progress
    return {
        "person": row.person,
        "library": row.library,
        "scheme": p.scheme,
        "status": p.status,
        "expires_on": p.pursuit.expires_on,
        "grace_ends": p.grace_ends,
        "hours_this_cycle": p.cycle.total if p.cycle else None,
        "hours_short": p.hours_short,
        "category_shortfalls": p.cycle.category_shortfalls if p.cycle else {},
    }


@router.get(
    "/certifications/report",
    response=ReportOut,
    summary="Certifications expiring within N months, and holders short of hours",
    description="Library admins and supervisors, for the people whose records they may see.",
)
@api_permission(can_read_report)
def certifications_report(request: HttpRequest, filters: Query[ReportQuery]) -> dict[str, Any]:
    caller = access(request)
    if filters.library_id:
        require(can_report_on_library, caller, filters.library_id)
    months = min(max(filters.months, 1), 60)
    result = reports.certification_report(caller, months=months, library_id=filters.library_id)
    return {
        "months": months,
        "expiring": [_row(r) for r in result.expiring],
        "short_of_hours": [_row(r) for r in result.short],
    }


@router.get(
    "/certifications/network-report",
    response=list[NetworkCellOut],
    summary="Counts of certifications by status per member library (network coordinators)",
)
@api_permission(can_read_network_report)
def certifications_network_report(request: HttpRequest) -> list[dict[str, Any]]:
    caller = access(request)
    network_ids = (
        list(Network.objects.values_list("pk", flat=True))
        if caller.is_site_admin
        else list(caller.coordinator_network_ids)
    )
    return [
        {
            "library": {"id": c.library.pk, "name": c.library.name},
            "scheme": c.scheme_name,
            "pursuing": c.counts["pursuing"],
            "holding": c.holding,
            "renewal_window": c.counts["renewal_window"],
            "grace": c.counts["grace"],
            "lapsed": c.counts["lapsed"],
        }
        for c in reports.network_report(network_ids)
    ]
