"""Roundtable pages: the list, a roundtable's page, joining and leaving, sharing resources,
meeting notes, scheduling meetings, and coordinators creating and editing roundtables.

A roundtable the user may not see (their library is not a current member of its network) is
a 404; an action they may see but not take is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.files import serve_stored
from ladder.core.http import AuthedRequest
from ladder.core.policies import allowed, coordinator, permission, require, signed_in
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Network
from ladder.shared_learning import policies
from ladder.shared_learning import roundtables as svc
from ladder.shared_learning.forms_roundtables import (
    MeetingForm,
    NoteForm,
    ResourceForm,
    RoundtableForm,
)
from ladder.shared_learning.models import Roundtable


def _visible(request: AuthedRequest, pk: int) -> Roundtable:
    roundtable: Roundtable = get_visible_or_404(
        svc.roundtables_visible_to(access_for(request.user)).select_related("network"), pk=pk
    )
    return roundtable


@permission(signed_in, scope=svc.roundtables_visible_to)
def roundtable_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    roundtables = list(svc.roundtables_for_list(access))
    mine = set(
        request.user.roundtable_memberships.filter(left_on__isnull=True).values_list(
            "roundtable_id", flat=True
        )
    )
    for roundtable in roundtables:
        roundtable.is_mine = roundtable.pk in mine  # type: ignore[attr-defined]
    networks = Network.objects.order_by("name")
    if not access.is_site_admin:
        networks = networks.filter(pk__in=access.coordinator_network_ids)
    return render(
        request,
        "shared_learning/roundtable_list.html",
        {"roundtables": roundtables, "create_networks": list(networks)},
    )


def _detail(
    request: AuthedRequest,
    roundtable: Roundtable,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``bound`` holds a form that was just posted, by its slot, to show its errors."""
    access = access_for(request.user)
    now = timezone.now()
    sessions = list(svc.meetings(roundtable))
    member = policies.is_member(request.user.pk, roundtable)
    can_run = allowed(policies.can_run_roundtable, access, roundtable)
    context = {
        "roundtable": roundtable,
        "conveners": list(roundtable.conveners.order_by("last_name", "first_name")),
        "members": list(svc.active_memberships(roundtable).order_by("person__last_name")),
        "upcoming": [s for s in sessions if s.ends_at >= now],
        "past": [s for s in sessions if s.ends_at < now][::-1],
        "resources": list(roundtable.resources.select_related("added_by")),
        "is_member": member,
        "join_problem": "" if member else policies.join_problem(request.user.pk, roundtable),
        "can_run": can_run,
        "can_edit": allowed(policies.can_manage_roundtables, access, roundtable.network),
        "can_share": allowed(policies.can_share_in_roundtable, access, roundtable),
        "resource_form": ResourceForm(),
        "note_form": NoteForm(roundtable=roundtable),
        "meeting_form": MeetingForm(),
        **(bound or {}),
    }
    return render(request, "shared_learning/roundtable_detail.html", context, status=status)


@permission(signed_in, scope=svc.roundtables_visible_to)
def roundtable_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@permission(policies.can_join_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_join(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    try:
        svc.roundtable_join(by=request.user, roundtable=roundtable)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You joined {roundtable}.")
    return redirect(roundtable)


@permission(signed_in, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    try:
        svc.roundtable_leave(by=request.user, roundtable=roundtable)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You left {roundtable}.")
    return redirect(roundtable)


def _add_to_page(
    request: AuthedRequest,
    roundtable: Roundtable,
    slot: str,
    form: Form,
    add: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """The page's three forms share one flow: valid input goes to the service (``add`` returns
    the message to show), and any error shows the page again with that form filled in (400)."""
    if form.is_valid():
        try:
            done = add(form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(roundtable)
    return _detail(request, roundtable, bound={slot: form}, status=400)


@permission(signed_in, scope=svc.roundtables_visible_to)
def roundtable_resource_file(request: AuthedRequest, pk: int, resource_pk: int) -> FileResponse:
    """A file shared with the group, for whoever may see the roundtable (media has no public
    URL: every file goes through a view that checks who asks)."""
    roundtable = _visible(request, pk)
    resource = get_object_or_404(roundtable.resources, pk=resource_pk)
    return serve_stored(
        resource.file,
        filename=Path(resource.file.name or resource.title).name,
        content_type=resource.content_type,
    )


@permission(policies.can_share_in_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_resource_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)

    def add(data: dict[str, Any]) -> str:
        svc.roundtable_resource_add(
            by=request.user,
            roundtable=roundtable,
            title=data["title"],
            url=data["url"],
            upload=data["file"],
        )
        return "Resource shared."

    form = ResourceForm(request.POST, request.FILES)
    return _add_to_page(request, roundtable, "resource_form", form, add)


@permission(policies.can_run_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)

    def add(data: dict[str, Any]) -> str:
        svc.meeting_note_add(
            by=request.user, roundtable=roundtable, session=data["session"], body=data["body"]
        )
        return "Notes added."

    form = NoteForm(request.POST, roundtable=roundtable)
    return _add_to_page(request, roundtable, "note_form", form, add)


@permission(policies.can_run_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_meeting_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    form = MeetingForm(request.POST)

    def add(data: dict[str, Any]) -> str:
        session = svc.roundtable_meeting_schedule(
            by=request.user,
            roundtable=roundtable,
            dates=form.dates(),
            capacity=data["capacity"],
            title=str(roundtable),
            venue_address=data["venue_address"],
            online_url=data["online_url"],
        )
        return f"Meeting scheduled: {session}."

    return _add_to_page(request, roundtable, "meeting_form", form, add)


def _form_page(
    request: AuthedRequest, form: RoundtableForm, roundtable: Roundtable | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "shared_learning/roundtable_form.html",
        {"form": form, "roundtable": roundtable},
        status=status,
    )


@permission(coordinator)
def roundtable_create(request: AuthedRequest, network_pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=network_pk)
    message = "Only the network's coordinators create roundtables."
    require(policies.can_manage_roundtables, access_for(request.user), network, message=message)
    form = RoundtableForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            roundtable = svc.roundtable_create(
                by=request.user, network=network, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Created {roundtable}.")
            return redirect(roundtable)
    return _form_page(request, form, None, status=400 if form.errors else 200)


@permission(coordinator, scope=svc.roundtables_visible_to)
def roundtable_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    message = "Only the network's coordinators edit roundtables."
    access = access_for(request.user)
    require(policies.can_manage_roundtables, access, roundtable.network, message=message)
    initial = {
        "name": roundtable.name,
        "description": roundtable.description,
        "conveners": list(roundtable.conveners.all()),
    }
    form = RoundtableForm(request.POST or None, initial=initial, network=roundtable.network)
    if request.method == "POST" and form.is_valid():
        try:
            svc.roundtable_update(by=request.user, roundtable=roundtable, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"Saved {roundtable}.")
            return redirect(roundtable)
    return _form_page(request, form, roundtable, status=400 if form.errors else 200)
