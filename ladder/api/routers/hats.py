"""Hats (duties people wear and back up) and the hat board: seen by the library's staff, the
supervisors of its staff and its admins; changed by its admins. Hours and level gaps only
about the people the caller manages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many, one, resolve_fields
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.skills import (
    BoardFilter,
    HatAssign,
    HatAssignmentOut,
    HatBoardOut,
    HatCreate,
    HatFilter,
    HatOut,
    HatUnassign,
    HatUpdate,
    RequirementOut,
    RequirementsPut,
)
from ladder.core.policies import api_permission, require
from ladder.orgs.models import Branch, Library
from ladder.people.selectors import employments_visible_to
from ladder.skills import policies
from ladder.skills.hats import HatBoard as Board
from ladder.skills.hats import (
    assignment_or_404,
    hat_assign,
    hat_board,
    hat_create,
    hat_delete,
    hat_or_404,
    hat_requirement_set,
    hat_unassign,
    hat_update,
    library_for_board_or_404,
)
from ladder.skills.models import Competency, Hat, HatAssignment, HatRequirement

router = Router(tags=["hats"])


def _active_assignments() -> Prefetch[str, QuerySet[Any]]:
    """Assignments running now or from a later date, on jobs still held (as the hat's page)."""
    today = timezone.localdate()
    active = (
        HatAssignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(employment__end_date__isnull=True) | Q(employment__end_date__gte=today))
        .select_related("employment__person")
        .order_by("role", "start_date", "pk")
    )
    return Prefetch("assignments", queryset=active, to_attr="active_assignments")


def _requirements() -> Prefetch[str, QuerySet[Any]]:
    ordered = HatRequirement.objects.select_related("competency").order_by(
        "competency__area__position", "competency__position", "competency__name", "pk"
    )
    return Prefetch("requirements", queryset=ordered)


def hats_with_related() -> QuerySet[Hat]:
    return (
        Hat.objects.select_related("library", "branch")
        .prefetch_related(_requirements(), _active_assignments())
        .order_by("branch__name", "name", "pk")
    )


def _reload(hat: Hat) -> Hat:
    return hats_with_related().get(pk=hat.pk)


def _assignment(assignment: HatAssignment) -> HatAssignment:
    return HatAssignment.objects.select_related("employment__person").get(pk=assignment.pk)


def _branch(data: dict[str, Any]) -> dict[str, Any]:
    resolve_fields(data, {"branch": Branch.objects.all()})
    return data


@router.get(
    "/libraries/{library_id}/hats",
    response=list[HatOut],
    summary="A library's hats with their requirements, wearers and backups",
)
@paginate(LimitOffset)
@api_permission(policies.can_view_hat_board)
def list_hats(request: HttpRequest, library_id: int, filters: Query[HatFilter]) -> QuerySet[Hat]:
    library = library_for_board_or_404(access(request), library_id)
    hats = hats_with_related().filter(library=library)
    if filters.branch is not None:
        hats = hats.filter(Q(branch_id=filters.branch) | Q(branch__isnull=True))
    return hats


@router.post(
    "/libraries/{library_id}/hats",
    response={201: HatOut},
    summary="Define a hat (the library's admins)",
)
@api_permission(policies.can_edit_hats)
def create_hat(request: HttpRequest, library_id: int, payload: HatCreate) -> Status[Any]:
    library = library_for_board_or_404(access(request), library_id)
    hat = hat_create(by=person(request), library=library, **_branch(payload.model_dump()))
    return Status(201, _reload(hat))


@router.get(
    "/libraries/{library_id}/hat-board",
    response=HatBoardOut,
    summary="Who wears which hat, hat hours against contracted hours, cross-training gaps",
    description=(
        "Hours and level gaps are filled only for people you manage (yourself, your reports, "
        "and everyone when you administer the library). With `branch`: that branch's people, "
        "its hats and the library-wide ones."
    ),
)
@api_permission(policies.can_view_hat_board)
def get_hat_board(request: HttpRequest, library_id: int, filters: Query[BoardFilter]) -> Board:
    caller = access(request)
    library: Library = library_for_board_or_404(caller, library_id)
    branches = Branch.objects.filter(library=library)
    branch = None if filters.branch is None else one(branches, filters.branch, "branch")
    return hat_board(caller, library, branch)


@router.get("/hats/{hat_id}", response=HatOut)
@api_permission(policies.can_view_hat_board)
def get_hat(request: HttpRequest, hat_id: int) -> Hat:
    return _reload(hat_or_404(access(request), hat_id))


@router.patch("/hats/{hat_id}", response=HatOut)
@api_permission(policies.can_edit_hats)
def update_hat(request: HttpRequest, hat_id: int, payload: HatUpdate) -> Hat:
    hat = hat_or_404(access(request), hat_id)
    hat_update(by=person(request), hat=hat, **_branch(payload.model_dump(exclude_unset=True)))
    return _reload(hat)


@router.delete(
    "/hats/{hat_id}",
    response={204: None},
    summary="Delete a hat nobody wears or backs up any more",
)
@api_permission(policies.can_edit_hats)
def delete_hat(request: HttpRequest, hat_id: int) -> Status[Any]:
    hat_delete(by=person(request), hat=hat_or_404(access(request), hat_id))
    return Status(204, None)


@router.put(
    "/hats/{hat_id}/requirements",
    response=list[RequirementOut],
    summary="Replace the levels a hat requires (all or nothing)",
    description="Send the whole set: competencies left out are no longer required.",
)
@api_permission(policies.can_edit_hats)
def set_hat_requirements(
    request: HttpRequest, hat_id: int, payload: RequirementsPut
) -> list[HatRequirement]:
    hat = hat_or_404(access(request), hat_id)
    # Checked here too: an empty set calls no service that would check it.
    message = f"Only {hat.library}'s admins change its hats."
    require(policies.can_edit_hats, access(request), hat.library_id, message=message)
    wanted = [item.competency for item in payload.requirements]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"requirements": ["Name each competency once."]})
    found = many(Competency.objects.select_related("framework"), wanted, "requirements")
    dropped = HatRequirement.objects.filter(hat=hat).exclude(competency_id__in=wanted)
    with transaction.atomic():
        for requirement in dropped.select_related("competency"):
            hat_requirement_set(
                by=person(request), hat=hat, competency=requirement.competency, level=None
            )
        for competency, item in zip(found, payload.requirements, strict=True):
            hat_requirement_set(
                by=person(request), hat=hat, competency=competency, level=item.level
            )
    return list(_reload(hat).requirements.all())


@router.post(
    "/hats/{hat_id}/assignments",
    response={201: HatAssignmentOut},
    summary="Give a hat to an employment of the library, to wear or to back up",
)
@api_permission(policies.can_edit_hats)
def assign_hat(request: HttpRequest, hat_id: int, payload: HatAssign) -> Status[Any]:
    hat = hat_or_404(access(request), hat_id)
    # A job the caller cannot see reads as unknown, not as "exists elsewhere".
    employments = employments_visible_to(access(request)).select_related("person")
    assignment = hat_assign(
        by=person(request),
        hat=hat,
        employment=one(employments, payload.employment, "employment"),
        role=payload.role,
        start_date=payload.start_date,
    )
    return Status(201, _assignment(assignment))


@router.post(
    "/hat-assignments/{assignment_id}/end",
    response=HatAssignmentOut,
    summary="End an assignment on its last day (the record stays as experience)",
)
@api_permission(policies.can_edit_hats)
def end_hat_assignment(
    request: HttpRequest, assignment_id: int, payload: HatUnassign
) -> HatAssignment:
    assignment = assignment_or_404(access(request), assignment_id)
    hat_unassign(by=person(request), assignment=assignment, end_date=payload.end_date)
    return _assignment(assignment)
