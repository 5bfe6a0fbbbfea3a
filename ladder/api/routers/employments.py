"""Employments: seen by the person, their supervisor chain and their library's admins;
created, edited and ended by the admins of the employing library."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import resolve_fields
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.people import (
    EmploymentCreate,
    EmploymentEnd,
    EmploymentFilter,
    EmploymentOut,
    EmploymentUpdate,
)
from ladder.core.access import Access, get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Branch, Library
from ladder.people.models import Employment, JobClass, Person
from ladder.people.policies import can_edit_employment, can_manage_employments
from ladder.people.selectors import employments_visible_to, people_managed_by, people_visible_to
from ladder.people.services import employment_create, employment_end, employment_update

router = Router(tags=["employments"])

RELATED = ("person", "library", "branch", "job_class", "supervisor")


def visible_employments(access: Access) -> QuerySet[Employment]:
    return (
        employments_visible_to(access)
        .select_related(*RELATED)
        .order_by("person__last_name", "person__first_name", "person_id", "-start_date", "pk")
    )


def managed_person(request: HttpRequest, person_id: int) -> Person:
    """A person whose private record the caller may see; anyone else is a 404."""
    return get_visible_or_404(people_managed_by(access(request)), pk=person_id)


def _employable_person(request: HttpRequest, person_id: int) -> Person:
    """Whom the caller may name on a new employment: someone in their directory, or (for an
    admin) a person their library added. Anyone else is a 404, so the endpoint does not tell
    which ids exist; employment_create then applies the whole rule (people.policies.can_attach)."""
    caller = access(request)
    people = people_visible_to(caller)
    if caller.is_library_admin and not caller.is_site_admin:
        people = Person.objects.filter(pk__in=people.values("pk")) | Person.objects.filter(
            added_by_library_id__in=caller.admin_library_ids
        )
    return get_visible_or_404(people, pk=person_id)


def _resolve(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    resolve_fields(
        data,
        {
            "library": Library.objects.all(),
            "branch": Branch.objects.all(),
            "job_class": JobClass.objects.all(),
            # A supervisor the caller cannot see reads as unknown, not as "exists elsewhere".
            "supervisor": people_visible_to(access(request)),
        },
    )
    return data


def _reload(employment: Employment) -> Employment:
    return Employment.objects.select_related(*RELATED).get(pk=employment.pk)


@router.get("/employments", response=list[EmploymentOut])
@api_permission(signed_in, scope=employments_visible_to)
@paginate(LimitOffset)
def list_employments(
    request: HttpRequest, filters: Query[EmploymentFilter]
) -> QuerySet[Employment]:
    employments = visible_employments(access(request))
    if filters.person is not None:
        employments = employments.filter(person_id=filters.person)
    if filters.library is not None:
        employments = employments.filter(library_id=filters.library)
    if filters.current is not None:
        current = Employment.objects.current().values("pk")
        employments = (
            employments.filter(pk__in=current)
            if filters.current
            else employments.exclude(pk__in=current)
        )
    return employments


@router.get(
    "/people/{person_id}/employments",
    response=list[EmploymentOut],
    summary="A person's employments, past ones too (for those who see their private record)",
)
@api_permission(signed_in, scope=employments_visible_to)
@paginate(LimitOffset)
def list_person_employments(request: HttpRequest, person_id: int) -> QuerySet[Employment]:
    subject = managed_person(request, person_id)
    return (
        Employment.objects.filter(person=subject)
        .select_related(*RELATED)
        .order_by("-start_date", "pk")
    )


@router.post(
    "/people/{person_id}/employments",
    response={201: EmploymentOut},
    summary="Employ a person at a library you administer",
)
@api_permission(can_manage_employments)
def create_employment(
    request: HttpRequest, person_id: int, payload: EmploymentCreate
) -> Status[Any]:
    subject = _employable_person(request, person_id)
    data = _resolve(request, payload.model_dump(exclude_unset=True))
    employment = employment_create(by=person(request), person=subject, **data)
    return Status(201, _reload(employment))


@router.get("/employments/{employment_id}", response=EmploymentOut)
@api_permission(signed_in, scope=employments_visible_to)
def get_employment(request: HttpRequest, employment_id: int) -> Employment:
    return get_visible_or_404(visible_employments(access(request)), pk=employment_id)


@router.patch("/employments/{employment_id}", response=EmploymentOut)
@api_permission(can_edit_employment, scope=employments_visible_to)
def update_employment(
    request: HttpRequest, employment_id: int, payload: EmploymentUpdate
) -> Employment:
    employment = get_visible_or_404(visible_employments(access(request)), pk=employment_id)
    data = _resolve(request, payload.model_dump(exclude_unset=True))
    employment_update(by=person(request), employment=employment, **data)
    return _reload(employment)


@router.post(
    "/employments/{employment_id}/end",
    response=EmploymentOut,
    summary="End an employment on its last day",
)
@api_permission(can_edit_employment, scope=employments_visible_to)
def end_employment(request: HttpRequest, employment_id: int, payload: EmploymentEnd) -> Employment:
    employment = get_visible_or_404(visible_employments(access(request)), pk=employment_id)
    employment_end(by=person(request), employment=employment, end_date=payload.end_date)
    return _reload(employment)
