"""The staff directory, profiles (public part for colleagues, private part for managers), /me."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.people import PeopleFilter, PersonDetail, PersonSummary, PersonUpdate
from ladder.core.access import Access, get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Branch, Library, Region
from ladder.people.models import JobClass, Person
from ladder.people.policies import can_edit_person
from ladder.people.selectors import directory_people, people_visible_to, profile_for
from ladder.people.services import person_update

router = Router(tags=["people"])

DIRECTORY_FILTERS = {"library": Library, "branch": Branch, "region": Region, "job_class": JobClass}


def directory(access: Access, filters: PeopleFilter) -> QuerySet[Person]:
    """The page's directory, with the filters given as ids (an unknown id matches nobody)."""
    chosen: dict[str, Any] = {}
    for name, model in DIRECTORY_FILTERS.items():
        pk = getattr(filters, name)
        if pk is not None:
            obj = model._default_manager.filter(pk=pk).first()
            if obj is None:
                return Person.objects.none()
            chosen[name] = obj
    return directory_people(access, q=filters.q or "", schedule=filters.hours or "", **chosen)


def profile(access: Access, subject: Person) -> Person:
    """The person with what the reader may see of them attached (PersonDetail renders it)."""
    record = profile_for(access, subject)
    subject.current_employments = [  # type: ignore[attr-defined]
        e for e in record["employments"] if e.is_current
    ]
    if record["is_managed"]:
        subject.private_record = {  # type: ignore[attr-defined]
            "employments": record["employments"],
            "credentials": record["credentials"],
            "experience": record["experience"],
        }
    return subject


def visible_person(request: HttpRequest, person_id: int) -> Person:
    return get_visible_or_404(people_visible_to(access(request)), pk=person_id)


@router.get("/me", response=PersonDetail, summary="Your own profile, private record included")
@api_permission(signed_in)
def get_me(request: HttpRequest) -> Person:
    return profile(access(request), person(request))


@router.patch("/me", response=PersonDetail, summary="Edit your own profile")
@api_permission(can_edit_person)
def update_me(request: HttpRequest, payload: PersonUpdate) -> Person:
    me = person(request)
    person_update(by=me, person=me, **payload.model_dump(exclude_unset=True))
    return profile(access(request), me)


@router.get("/people", response=list[PersonSummary], summary="The staff directory")
@api_permission(signed_in, scope=people_visible_to)
@paginate(LimitOffset)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]) -> QuerySet[Person]:
    return directory(access(request), filters)


@router.get(
    "/people/{person_id}",
    response=PersonDetail,
    summary="A profile",
    description=(
        "Everyone in your directory has a public profile; `private` (all employments with "
        "hours and supervisor, credentials, prior experience) is filled only for yourself, "
        "your reports and the staff of libraries you administer."
    ),
)
@api_permission(signed_in, scope=people_visible_to)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return profile(access(request), visible_person(request, person_id))


@router.patch(
    "/people/{person_id}",
    response=PersonDetail,
    summary="Edit a profile (your own, or that of your library's staff)",
)
@api_permission(can_edit_person, scope=people_visible_to)
def update_person(request: HttpRequest, person_id: int, payload: PersonUpdate) -> Person:
    subject = visible_person(request, person_id)
    person_update(by=person(request), person=subject, **payload.model_dump(exclude_unset=True))
    return profile(access(request), subject)
