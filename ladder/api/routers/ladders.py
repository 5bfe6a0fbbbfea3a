"""Job classes and career ladders: readable by every logged-in person; network templates are
changed by the network's coordinators, a library's own by the library's admins."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many, one, optional
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.ladders import (
    JobClassCreate,
    JobClassFilter,
    JobClassOut,
    JobClassUpdate,
    LadderAdopt,
    LadderCopy,
    LadderCreate,
    LadderFilter,
    LadderOut,
    LadderSteps,
)
from ladder.api.schemas.orgs import LibraryOut
from ladder.core.access import get_visible_or_404
from ladder.core.policies import admin_or_coordinator, api_permission, library_admin, signed_in
from ladder.orgs.models import Library, Network
from ladder.people.ladders import (
    jobclass_create,
    jobclass_detail_queryset,
    jobclass_list,
    jobclass_update,
    ladder_adopt,
    ladder_copy,
    ladder_create,
    ladder_detail_queryset,
    ladder_list,
    ladder_set_steps,
)
from ladder.people.models import CertificationType, JobClass, Ladder, LadderStep

router = Router(tags=["job classes and ladders"])


def _steps() -> Prefetch[str, QuerySet[Any]]:
    steps = LadderStep.objects.select_related("job_class").order_by("position", "pk")
    return Prefetch("steps", queryset=steps)


def _job_classes(ids: list[int], field: str = "job_classes") -> list[JobClass]:
    return many(JobClass.objects.all(), ids, field)


def _owner(data: dict[str, Any]) -> dict[str, Any]:
    """The network or library a new job class or ladder belongs to, as objects."""
    return {
        "network": optional(Network.objects.all(), data.pop("network", None), "network"),
        "library": optional(Library.objects.all(), data.pop("library", None), "library"),
    }


def _certifications(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("required_certifications") is not None:
        data["required_certifications"] = many(
            CertificationType.objects.all(),
            data["required_certifications"],
            "required_certifications",
        )
    return data


@router.get(
    "/job-classes",
    response=list[JobClassOut],
    description=(
        "Without filters: every template class and the own classes of the libraries you work "
        "at, administer or coordinate. `library`: the classes that library can use."
    ),
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_job_classes(request: HttpRequest, filters: Query[JobClassFilter]) -> QuerySet[JobClass]:
    classes = jobclass_list(
        access(request),
        library_id=filters.library,
        network_id=filters.network,
        professional=filters.is_professional,
    )
    if filters.q:
        classes = classes.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    return classes


@router.get("/job-classes/{job_class_id}", response=JobClassOut)
@api_permission(signed_in)
def get_job_class(request: HttpRequest, job_class_id: int) -> JobClass:
    return get_visible_or_404(jobclass_detail_queryset(), pk=job_class_id)


@router.post(
    "/job-classes",
    response={201: JobClassOut},
    summary="Add a job class: a network template (network) or a library's own (library)",
)
@api_permission(admin_or_coordinator)
def create_job_class(request: HttpRequest, payload: JobClassCreate) -> Status[Any]:
    data = _certifications(payload.model_dump(exclude_unset=True))
    owner = _owner(data)
    job_class = jobclass_create(by=person(request), **owner, **data)
    return Status(201, jobclass_detail_queryset().get(pk=job_class.pk))


@router.patch("/job-classes/{job_class_id}", response=JobClassOut)
@api_permission(admin_or_coordinator)
def update_job_class(request: HttpRequest, job_class_id: int, payload: JobClassUpdate) -> JobClass:
    job_class = get_visible_or_404(jobclass_detail_queryset(), pk=job_class_id)
    data = _certifications(payload.model_dump(exclude_unset=True))
    jobclass_update(by=person(request), job_class=job_class, **data)
    return jobclass_detail_queryset().get(pk=job_class.pk)


@router.get(
    "/ladders",
    response=list[LadderOut],
    description=(
        "Without filters: every template ladder and the own ladders of the libraries you work "
        "at, administer or coordinate. `library`: the ladders that library can use."
    ),
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_ladders(request: HttpRequest, filters: Query[LadderFilter]) -> QuerySet[Ladder]:
    ladders = ladder_list(
        access(request), library_id=filters.library, network_id=filters.network
    ).prefetch_related(_steps())
    if filters.template is not None:
        ladders = ladders.filter(library__isnull=filters.template)
    return ladders


@router.get("/ladders/{ladder_id}", response=LadderOut)
@api_permission(signed_in)
def get_ladder(request: HttpRequest, ladder_id: int) -> Ladder:
    return get_visible_or_404(ladder_detail_queryset(), pk=ladder_id)


@router.post(
    "/ladders",
    response={201: LadderOut},
    summary="Add a ladder: a network template (network) or a library's own (library)",
)
@api_permission(admin_or_coordinator)
def create_ladder(request: HttpRequest, payload: LadderCreate) -> Status[Any]:
    data = payload.model_dump(exclude_unset=True)
    owner = _owner(data)
    ladder = ladder_create(
        by=person(request),
        **owner,
        name=payload.name,
        job_classes=_job_classes(payload.job_classes),
        description=payload.description,
    )
    return Status(201, ladder_detail_queryset().get(pk=ladder.pk))


@router.put(
    "/ladders/{ladder_id}/steps",
    response=LadderOut,
    summary="Replace a ladder's steps (add, remove, reorder)",
)
@api_permission(admin_or_coordinator)
def set_ladder_steps(request: HttpRequest, ladder_id: int, payload: LadderSteps) -> Ladder:
    ladder = get_visible_or_404(ladder_detail_queryset(), pk=ladder_id)
    ladder_set_steps(
        by=person(request), ladder=ladder, job_classes=_job_classes(payload.job_classes)
    )
    return ladder_detail_queryset().get(pk=ladder.pk)


@router.post(
    "/ladders/{ladder_id}/adopt",
    response=LibraryOut,
    summary="A library uses this ladder as it is",
)
@api_permission(library_admin)
def adopt_ladder(request: HttpRequest, ladder_id: int, payload: LadderAdopt) -> Library:
    ladder = get_visible_or_404(ladder_detail_queryset(), pk=ladder_id)
    library = one(Library.objects.all(), payload.library, "library")
    ladder_adopt(by=person(request), library=library, ladder=ladder)
    return (
        Library.objects.select_related("region").prefetch_related("memberships").get(pk=library.pk)
    )


@router.post(
    "/ladders/{ladder_id}/copy",
    response={201: LadderOut},
    summary="A library's own editable copy of this ladder, which it then uses",
)
@api_permission(library_admin)
def copy_ladder(request: HttpRequest, ladder_id: int, payload: LadderCopy) -> Status[Any]:
    ladder = get_visible_or_404(ladder_detail_queryset(), pk=ladder_id)
    library = one(Library.objects.all(), payload.library, "library")
    copy = ladder_copy(by=person(request), library=library, ladder=ladder, name=payload.name)
    return Status(201, ladder_detail_queryset().get(pk=copy.pk))
