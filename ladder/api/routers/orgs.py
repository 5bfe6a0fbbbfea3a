"""Networks, regions, libraries and branches: readable by every logged-in person; changed by
the network's coordinators and (their own library and its branches) the library's admins."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import person
from ladder.api.lookups import one, resolve_fields
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.orgs import (
    BranchCreate,
    BranchFilter,
    BranchOut,
    BranchUpdate,
    LibraryCreate,
    LibraryFilter,
    LibraryOut,
    LibraryUpdate,
    NetworkOut,
    RegionCreate,
    RegionFilter,
    RegionOut,
    RegionUpdate,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.orgs.models import Branch, Library, Membership, Network, Region
from ladder.orgs.policies import (
    can_coordinate_network,
    can_edit_branch,
    can_edit_library,
    can_edit_region,
)
from ladder.orgs.services import (
    branch_create,
    branch_update,
    library_create,
    library_update,
    region_create,
    region_update,
)

router = Router(tags=["organisations"])


def _libraries() -> QuerySet[Library]:
    return Library.objects.select_related("region").prefetch_related("memberships")


def _branches() -> QuerySet[Branch]:
    return Branch.objects.select_related("library")


@router.get("/networks", response=list[NetworkOut])
@api_permission(signed_in)
@paginate(LimitOffset)
def list_networks(request: HttpRequest) -> QuerySet[Network]:
    return Network.objects.order_by("name", "pk")


@router.get("/networks/{network_id}", response=NetworkOut)
@api_permission(signed_in)
def get_network(request: HttpRequest, network_id: int) -> Network:
    return get_visible_or_404(Network.objects.all(), pk=network_id)


@router.get("/regions", response=list[RegionOut])
@api_permission(signed_in)
@paginate(LimitOffset)
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> QuerySet[Region]:
    regions = Region.objects.order_by("network_id", "name", "pk")
    if filters.network is not None:
        regions = regions.filter(network_id=filters.network)
    return regions


@router.get("/regions/{region_id}", response=RegionOut)
@api_permission(signed_in)
def get_region(request: HttpRequest, region_id: int) -> Region:
    return get_visible_or_404(Region.objects.all(), pk=region_id)


@router.get("/libraries", response=list[LibraryOut])
@api_permission(signed_in)
@paginate(LimitOffset)
def list_libraries(request: HttpRequest, filters: Query[LibraryFilter]) -> QuerySet[Library]:
    libraries = _libraries().order_by("name", "pk")
    if filters.q:
        libraries = libraries.filter(Q(name__icontains=filters.q) | Q(city__icontains=filters.q))
    if filters.kind:
        libraries = libraries.filter(kind=filters.kind)
    if filters.region is not None:
        libraries = libraries.filter(region_id=filters.region)
    if filters.network is not None:
        members = Membership.objects.filter(network_id=filters.network).values("library_id")
        libraries = libraries.filter(pk__in=members)
    return libraries


@router.get("/libraries/{library_id}", response=LibraryOut)
@api_permission(signed_in)
def get_library(request: HttpRequest, library_id: int) -> Library:
    return get_visible_or_404(_libraries(), pk=library_id)


@router.get("/branches", response=list[BranchOut])
@api_permission(signed_in)
@paginate(LimitOffset)
def list_branches(request: HttpRequest, filters: Query[BranchFilter]) -> QuerySet[Branch]:
    branches = _branches().order_by("library__name", "name", "pk")
    if filters.q:
        branches = branches.filter(Q(name__icontains=filters.q) | Q(city__icontains=filters.q))
    if filters.library is not None:
        branches = branches.filter(library_id=filters.library)
    return branches


@router.get("/branches/{branch_id}", response=BranchOut)
@api_permission(signed_in)
def get_branch(request: HttpRequest, branch_id: int) -> Branch:
    return get_visible_or_404(_branches(), pk=branch_id)


# --- writes: the services check who may --------------------------------------------------


def _resolve_region(data: dict[str, Any]) -> dict[str, Any]:
    resolve_fields(data, {"region": Region.objects.all()})
    return data


@router.post("/regions", response={201: RegionOut}, summary="Add a region to a network")
@api_permission(can_coordinate_network)
def create_region(request: HttpRequest, payload: RegionCreate) -> Status[Any]:
    network = one(Network.objects.all(), payload.network, "network")
    return Status(201, region_create(by=person(request), network=network, name=payload.name))


@router.patch("/regions/{region_id}", response=RegionOut, summary="Rename a region")
@api_permission(can_edit_region)
def update_region(request: HttpRequest, region_id: int, payload: RegionUpdate) -> Region:
    region = get_visible_or_404(Region.objects.select_related("network"), pk=region_id)
    return region_update(by=person(request), region=region, name=payload.name)


@router.post(
    "/libraries",
    response={201: LibraryOut},
    summary="Add a library to a network (network coordinators)",
)
@api_permission(can_coordinate_network)
def create_library(request: HttpRequest, payload: LibraryCreate) -> Status[Any]:
    data = _resolve_region(payload.model_dump(exclude_unset=True))
    network = one(Network.objects.all(), data.pop("network"), "network")
    library = library_create(by=person(request), network=network, **data)
    return Status(201, _libraries().get(pk=library.pk))


@router.patch(
    "/libraries/{library_id}",
    response=LibraryOut,
    summary="Edit a library (its admins, its network's coordinators)",
)
@api_permission(can_edit_library)
def update_library(request: HttpRequest, library_id: int, payload: LibraryUpdate) -> Library:
    library = get_visible_or_404(Library.objects.select_related("region"), pk=library_id)
    data = _resolve_region(payload.model_dump(exclude_unset=True))
    library_update(by=person(request), library=library, **data)
    return _libraries().get(pk=library.pk)


@router.post(
    "/branches",
    response={201: BranchOut},
    summary="Add a branch to a library (its admins, its network's coordinators)",
)
@api_permission(can_edit_library)
def create_branch(request: HttpRequest, payload: BranchCreate) -> Status[Any]:
    data = payload.model_dump(exclude_unset=True)
    library = one(Library.objects.all(), data.pop("library"), "library")
    branch = branch_create(by=person(request), library=library, **data)
    return Status(201, _branches().get(pk=branch.pk))


@router.patch("/branches/{branch_id}", response=BranchOut, summary="Edit a branch")
@api_permission(can_edit_branch)
def update_branch(request: HttpRequest, branch_id: int, payload: BranchUpdate) -> Branch:
    branch = get_visible_or_404(_branches(), pk=branch_id)
    branch_update(by=person(request), branch=branch, **payload.model_dump(exclude_unset=True))
    return _branches().get(pk=branch.pk)
