"""Interests: private to the person, their supervisor chain and their library's admins; only
the person states them. Supervisors and admins list their people's interests."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.skills import (
    InterestFilter,
    InterestListItem,
    InterestOut,
    InterestUpdate,
)
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Library
from ladder.people.models import JobClass, Person
from ladder.skills import policies
from ladder.skills.interests import (
    interest_of,
    interest_person_or_404,
    interest_update,
    interests_for_manager,
    interests_visible_to,
)
from ladder.skills.models import Competency, Interest

router = Router(tags=["interests"])

# Filter parameter -> (keyword of interests_for_manager, model of the id).
FILTER_OBJECTS: dict[str, tuple[str, Any]] = {
    "library": ("library", Library),
    "target_job_class": ("target_job_class", JobClass),
    "learn": ("learns", Competency),
    "teach": ("teaches", Competency),
}


def interests_of(subject: Person) -> Interest:
    """The person's interests, or an empty unsaved one when they have stated none yet."""
    found = interest_of(subject) or Interest(person=subject)
    found.person = subject
    return found


def _lists(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("target_job_classes") is not None:
        data["target_job_classes"] = many(
            JobClass.objects.all(), data["target_job_classes"], "target_job_classes"
        )
    for name in ("learn", "teach"):
        if data.get(name) is not None:
            data[name] = many(Competency.objects.all(), data[name], name)
    return data


@router.get("/me/interests", response=InterestOut, summary="Your own interests")
@api_permission(signed_in)
def get_my_interests(request: HttpRequest) -> Interest:
    return interests_of(person(request))


@router.put(
    "/me/interests",
    response=InterestOut,
    summary="State your interests",
    description=(
        "Fields left out stay as they are; a list given replaces the stored one. Listing "
        "competencies you will teach makes you a mentor."
    ),
)
@api_permission(policies.can_edit_interests)
def update_my_interests(request: HttpRequest, payload: InterestUpdate) -> Interest:
    me = person(request)
    interest_update(by=me, person=me, **_lists(payload.model_dump(exclude_unset=True)))
    return interests_of(me)


@router.get(
    "/people/{person_id}/interests",
    response=InterestOut,
    summary="A person's interests (yours, your reports', or your library's staff's)",
)
@api_permission(signed_in)
def get_person_interests(request: HttpRequest, person_id: int) -> Interest:
    return interests_of(interest_person_or_404(access(request), person_id))


@router.get(
    "/interests",
    response=list[InterestListItem],
    summary="Your people's interests (for supervisors and library admins)",
    description=(
        "Your reports' interests and those of your libraries' current staff. Every filter "
        "given must match; an unknown id matches nobody."
    ),
)
@paginate(LimitOffset)
@api_permission(policies.can_list_interests, scope=interests_visible_to)
def list_interests(request: HttpRequest, filters: Query[InterestFilter]) -> QuerySet[Interest]:
    caller = access(request)
    chosen: dict[str, Any] = {}
    for name, (keyword, model) in FILTER_OBJECTS.items():
        pk = getattr(filters, name)
        if pk is not None:
            chosen[keyword] = model._default_manager.filter(pk=pk).first()
            if chosen[keyword] is None:
                return Interest.objects.none()
    return interests_for_manager(
        caller,
        wants_full_time=filters.wants_full_time,
        wants_management=filters.wants_management,
        library_school=filters.library_school,
        **chosen,
    )
