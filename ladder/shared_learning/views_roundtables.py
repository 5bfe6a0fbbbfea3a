"""Roundtable pages: the list, a roundtable's page, joining and leaving, sharing resources,
meeting notes, scheduling meetings, and coordinators creating and editing roundtables.

A roundtable the user may not see (their library is not a current member of its network) is
a 404; an action they may see but not take is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import allowed, coordinator, permission, require, signed_in
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


def _errors_to_form(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


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
    resource_form: ResourceForm | None = None,
    note_form: NoteForm | None = None,
    meeting_form: MeetingForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
        "resource_form": resource_form or ResourceForm(),
        "note_form": note_form or NoteForm(roundtable=roundtable),
        "meeting_form": meeting_form or MeetingForm(),
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


@permission(policies.can_share_in_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_resource_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    form = ResourceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            svc.roundtable_resource_add(
                by=request.user,
                roundtable=roundtable,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Resource shared.")
            return redirect(roundtable)
    return _detail(request, roundtable, resource_form=form, status=400)


@permission(policies.can_run_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_note_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    form = NoteForm(request.POST, roundtable=roundtable)
    if form.is_valid():
        try:
            svc.meeting_note_add(
                by=request.user,
                roundtable=roundtable,
                session=form.cleaned_data["session"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Notes added.")
            return redirect(roundtable)
    return _detail(request, roundtable, note_form=form, status=400)


@permission(policies.can_run_roundtable, scope=svc.roundtables_visible_to)
@require_POST
def roundtable_meeting_add(request: AuthedRequest, pk: int) -> HttpResponse:
    roundtable = _visible(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            session = svc.roundtable_meeting_schedule(
                by=request.user,
                roundtable=roundtable,
                dates=form.dates(),
                capacity=form.cleaned_data["capacity"],
                title=str(roundtable),
                venue_address=form.cleaned_data["venue_address"],
                online_url=form.cleaned_data["online_url"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Meeting scheduled: {session}.")
            return redirect(roundtable)
    return _detail(request, roundtable, meeting_form=form, status=400)


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
            _errors_to_form(form, exc)
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
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Saved {roundtable}.")
            return redirect(roundtable)
    return _form_page(request, form, roundtable, status=400 if form.errors else 200)
