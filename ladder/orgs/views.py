"""Pages for networks, regions, libraries, memberships and branches.

Everything here is readable by every signed-in user; changing it is for the network's
coordinators, the library's admins (their library and its branches) and site admins.
Views parse, call a service, and render; the services hold the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for
from ladder.core.paging import paginate
from ladder.core.policies import allowed, coordinator, permission, require, signed_in
from ladder.core.submission import saved
from ladder.orgs import selectors, services
from ladder.orgs.forms import (
    BranchFilterForm,
    BranchForm,
    LibraryCreateForm,
    LibraryFilterForm,
    LibraryForm,
    MembershipEndForm,
    MembershipForm,
    RegionForm,
    show_errors,
)
from ladder.orgs.models import Branch, Library, Membership, Network, Region
from ladder.orgs.policies import (
    can_change_region,
    can_coordinate_network,
    can_edit_branch,
    can_edit_library,
    can_edit_region,
    can_end_membership,
    can_set_library_rules,
)

if TYPE_CHECKING:
    from django import forms

    from ladder.people.models import Person

GET_POST = require_http_methods(["GET", "POST"])


def _me(request: HttpRequest) -> Person:
    return cast("Person", request.user)


def _is_fragment(request: HttpRequest, target: str) -> bool:
    """HTMX asks for just the results when the search form swaps them in place."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == target
    )


def _render_list(
    request: HttpRequest, page: str, fragment: str, target: str, context: dict[str, Any]
) -> HttpResponse:
    template = fragment if _is_fragment(request, target) else page
    response = render(request, template, context)
    # The same URL answers with a page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "intro": intro,
    }
    return render(request, "orgs/form.html", context, status=_invalid(form))


def _network_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], str],
    network_id: int,
    *,
    title: str,
    submit: str,
    intro: str = "",
) -> HttpResponse:
    """A form whose work shows on the network's page: saving and cancelling both go back there."""
    if saved(request, form, save, show_errors=show_errors):
        return redirect("orgs:network_detail", pk=network_id)
    return _form_page(
        request,
        form,
        title=title,
        submit=submit,
        cancel_url=reverse("orgs:network_detail", args=[network_id]),
        intro=intro,
    )


def _invalid(form: forms.BaseForm) -> int:
    """A POST that failed validation answers 400, so tools and tests can tell."""
    return 400 if form.is_bound and form.errors else 200


# --- libraries --------------------------------------------------------------------------


@permission(signed_in)
def library_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form = LibraryFilterForm(request.GET)
    libraries = selectors.library_list(**form.filters())
    context = {
        "form": form,
        "can_create": allowed(coordinator, access),
        **paginate(request, libraries),
    }
    return _render_list(
        request, "orgs/library_list.html", "orgs/_library_results.html", "library-results", context
    )


@permission(signed_in)
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    library = selectors.library_detail(pk)
    if library is None:
        raise Http404("No such library")
    access = access_for(request.user)
    memberships = selectors.library_memberships(library)
    context = {
        "library": library,
        "memberships": memberships,
        "branches": selectors.library_branches(library),
        "can_edit": allowed(can_edit_library, access, library),
        "coordinated_network_ids": {
            m.network_id for m in memberships if allowed(can_end_membership, access, m)
        },
    }
    return render(request, "orgs/library_detail.html", context)


@permission(coordinator)
@GET_POST
def library_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    initial = {"network": request.GET.get("network")}
    form = LibraryCreateForm(request.POST or None, access=access, initial=initial)
    library: Library | None = None

    def save() -> str:
        nonlocal library
        library = services.library_create(
            by=_me(request), network=form.cleaned_data["network"], **form.service_fields()
        )
        return f"Added {library}."

    if saved(request, form, save, show_errors=show_errors) and library is not None:
        return redirect(library)
    return _form_page(
        request,
        form,
        title="Add a library",
        submit="Add library",
        cancel_url=reverse("orgs:library_list"),
    )


@permission(can_edit_library)
@GET_POST
def library_update(request: HttpRequest, pk: int) -> HttpResponse:
    library = get_object_or_404(Library.objects.select_related("region"), pk=pk)
    access = access_for(request.user)
    require(can_edit_library, access, library)
    may_change_region = allowed(can_change_region, access, library)
    form = LibraryForm(
        request.POST or None,
        instance=library,
        can_change_region=may_change_region,
        regions=selectors.regions_for_library(library, access) if may_change_region else None,
        can_set_rules=allowed(can_set_library_rules, access, library),
    )

    def save() -> str:
        services.library_update(by=_me(request), library=library, **form.cleaned_data)
        return f"Saved {library}."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(library)
    return _form_page(
        request,
        form,
        title=f"Edit {library}",
        submit="Save library",
        cancel_url=library.get_absolute_url(),
        intro="" if may_change_region else "The network's coordinators set the region.",
    )


# --- branches ---------------------------------------------------------------------------


@permission(signed_in)
def branch_list(request: HttpRequest) -> HttpResponse:
    form = BranchFilterForm(request.GET)
    branches = selectors.branch_list(**form.filters())
    context = {"form": form, **paginate(request, branches)}
    return _render_list(
        request, "orgs/branch_list.html", "orgs/_branch_results.html", "branch-results", context
    )


@permission(signed_in)
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    branch = selectors.branch_detail(pk)
    if branch is None:
        raise Http404("No such branch")
    can_edit = allowed(can_edit_branch, access_for(request.user), branch)
    return render(request, "orgs/branch_detail.html", {"branch": branch, "can_edit": can_edit})


@permission(can_edit_library)
@GET_POST
def branch_create(request: HttpRequest, library_pk: int) -> HttpResponse:
    library = get_object_or_404(Library, pk=library_pk)
    require(can_edit_library, access_for(request.user), library)
    form = BranchForm(request.POST or None)
    branch: Branch | None = None

    def save() -> str:
        nonlocal branch
        branch = services.branch_create(by=_me(request), library=library, **form.cleaned_data)
        return f"Added branch {branch}."

    if saved(request, form, save, show_errors=show_errors) and branch is not None:
        return redirect(branch)
    return _form_page(
        request,
        form,
        title=f"Add a branch to {library}",
        submit="Add branch",
        cancel_url=library.get_absolute_url(),
    )


@permission(can_edit_branch)
@GET_POST
def branch_update(request: HttpRequest, pk: int) -> HttpResponse:
    branch = get_object_or_404(Branch.objects.select_related("library"), pk=pk)
    require(can_edit_branch, access_for(request.user), branch)
    form = BranchForm(request.POST or None, instance=branch)

    def save() -> str:
        services.branch_update(by=_me(request), branch=branch, **form.cleaned_data)
        return f"Saved branch {branch}."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(branch)
    return _form_page(
        request,
        form,
        title=f"Edit {branch} ({branch.library})",
        submit="Save branch",
        cancel_url=branch.get_absolute_url(),
    )


# --- networks, regions, memberships ------------------------------------------------------


@permission(signed_in)
def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/network_list.html", {"networks": selectors.network_list()})


@permission(signed_in)
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=pk)
    current, past = selectors.network_memberships(network)
    context = {
        "network": network,
        "regions": selectors.network_regions(network),
        "current_memberships": current,
        "past_memberships": past,
        "can_coordinate": allowed(can_coordinate_network, access_for(request.user), network),
    }
    return render(request, "orgs/network_detail.html", context)


@permission(can_coordinate_network)
@GET_POST
def region_create(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=network_pk)
    require(can_coordinate_network, access_for(request.user), network)
    form = RegionForm(request.POST or None)

    def save() -> str:
        region = services.region_create(
            by=_me(request), network=network, name=form.cleaned_data["name"]
        )
        return f"Added region {region}."

    return _network_form(
        request,
        form,
        save,
        network.pk,
        title=f"Add a region to {network}",
        submit="Add region",
    )


@permission(can_edit_region)
@GET_POST
def region_update(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("network"), pk=pk)
    require(can_edit_region, access_for(request.user), region)
    form = RegionForm(request.POST or None, instance=region)

    def save() -> str:
        services.region_update(by=_me(request), region=region, name=form.cleaned_data["name"])
        return f"Saved region {region}."

    return _network_form(
        request,
        form,
        save,
        region.network_id,
        title=f"Rename region {region}",
        submit="Save region",
    )


@permission(can_coordinate_network)
@GET_POST
def membership_create(request: HttpRequest, network_pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=network_pk)
    require(can_coordinate_network, access_for(request.user), network)
    form = MembershipForm(request.POST or None, initial={"library": request.GET.get("library")})

    def save() -> str:
        membership = services.membership_create(
            by=_me(request), network=network, **form.cleaned_data
        )
        return f"{membership.library} is now a member of {network}."

    return _network_form(
        request,
        form,
        save,
        network.pk,
        title=f"Add a member library to {network}",
        submit="Add member",
        intro="To add a library that is not in Ladder yet, use “Add a library”.",
    )


@permission(can_end_membership)
@GET_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("library", "network"), pk=pk)
    require(can_end_membership, access_for(request.user), membership)
    form = MembershipEndForm(request.POST or None)

    def save() -> str:
        services.membership_end(
            by=_me(request), membership=membership, left_on=form.cleaned_data["left_on"]
        )
        return f"{membership.library} left {membership.network} on {membership.left_on}."

    return _network_form(
        request,
        form,
        save,
        membership.network_id,
        title=f"End {membership.library}'s membership of {membership.network}",
        submit="End membership",
        intro=f"Member since {membership.joined_on}.",
    )
