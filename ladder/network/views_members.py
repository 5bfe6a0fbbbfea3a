"""The coordinators' membership pages: members by kind, former members, non-members, join,
end, and one library's membership history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ladder.core.access import access_for
from ladder.core.http import AuthedRequest
from ladder.core.models import AuditEntry
from ladder.core.policies import coordinator, permission
from ladder.network import membership
from ladder.network.dashboard import coordinated_networks
from ladder.network.forms_members import EndForm, JoinForm
from ladder.orgs.forms import show_errors
from ladder.orgs.models import Library, Membership, Network


def chosen_network(request: AuthedRequest) -> tuple[Network, list[Network]]:
    """The network named by ?network= among those the person coordinates (the first by
    default); 404 for a network not theirs. Pages using it carry the ``coordinator`` rule."""
    access = access_for(request.user)
    networks = list(coordinated_networks(access))
    if not networks:
        raise Http404("No network")
    wanted = request.GET.get("network") or request.POST.get("network")
    if not wanted:
        return networks[0], networks
    for network in networks:
        if str(network.pk) == wanted:
            return network, networks
    raise Http404("No such network")


def _url(network: Network) -> str:
    return f"{reverse('network:members')}?network={network.pk}"


def _page(
    request: AuthedRequest, network: Network, networks: list[Network], form: JoinForm
) -> HttpResponse:
    current = list(membership.current_members(network))
    context = {
        "network": network,
        "networks": networks,
        "current": current,
        "by_kind": membership.members_by_kind(network),
        "joining": list(membership.joining_members(network)),
        "former": list(membership.former_members(network)),
        "non_members": list(membership.non_members(network)),
        "form": form,
        "end_form": EndForm(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "network/members.html", context, status=status)


def _joinable(network: Network):  # type: ignore[no-untyped-def]
    active = Membership.objects.filter(network=network, left_on__isnull=True)
    return Library.objects.exclude(pk__in=active.values("library_id")).order_by("name")


@permission(coordinator)
def members(request: AuthedRequest) -> HttpResponse:
    network, networks = chosen_network(request)
    return _page(request, network, networks, JoinForm(libraries=_joinable(network)))


@permission(coordinator)
@require_POST
def join(request: AuthedRequest) -> HttpResponse:
    network, networks = chosen_network(request)
    form = JoinForm(request.POST, libraries=_joinable(network))
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership.membership_join(
                by=request.user,
                network=network,
                library=data["library"],
                joined_on=data["joined_on"],
                annual_fee=data["annual_fee"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{data['library']} joins {network}.")
            return redirect(_url(network))
    return _page(request, network, networks, form)


@permission(coordinator)
@require_POST
def end(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    networks = coordinated_networks(access)
    item = get_object_or_404(
        Membership.objects.filter(network__in=networks).select_related("library", "network"),
        pk=pk,
    )
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            membership.membership_end(
                by=request.user, membership=item, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(request, f"{item.library}'s membership ends on {item.left_on}.")
    else:
        messages.error(request, "Give the last day of the membership.")
    return redirect(_url(item.network))


@permission(coordinator)
def history(request: AuthedRequest, library_id: int) -> HttpResponse:
    network, _ = chosen_network(request)
    library = get_object_or_404(Library, pk=library_id)
    rows = list(membership.membership_history(network, library))
    entries = AuditEntry.objects.filter(
        object_type="orgs.membership", object_id__in=[str(m.pk) for m in rows]
    ).select_related("actor")
    context = {
        "network": network,
        "library": library,
        "memberships": rows,
        "entries": entries.order_by("-pk"),
    }
    return render(request, "network/members_history.html", context)
