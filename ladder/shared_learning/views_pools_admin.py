"""Create and edit licence pools: the network's coordinators or the owning library's admins.

Creating is refused (403) to people who coordinate no network and admin no library; editing
a pool the user cannot see is a 404, one they see but do not coordinate a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.policies import admin_or_coordinator, permission, require
from ladder.orgs.forms import show_errors
from ladder.shared_learning import licences, pools_admin
from ladder.shared_learning.forms_pools_admin import PoolForm
from ladder.shared_learning.models import LicencePool
from ladder.shared_learning.policies import can_coordinate_pool


@permission(admin_or_coordinator)
@require_http_methods(["GET", "POST"])
def pool_create(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = PoolForm(
        request.POST or None,
        networks=pools_admin.owner_networks(access),
        libraries=pools_admin.owner_libraries(access),
    )
    if request.method == "POST" and form.is_valid():
        network, library = form.owner_objects()
        try:
            pool = pools_admin.pool_create(
                by=request.user, data=form.pool_data(), network=network, library=library
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{pool} is ready for requests.")
            return redirect(pool)
    return render(request, "shared_learning/pool_form.html", {"form": form, "pool": None})


@permission(can_coordinate_pool, scope=licences.pools_visible_to)
@require_http_methods(["GET", "POST"])
def pool_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    pool: LicencePool = get_visible_or_404(
        licences.pools_visible_to(access).select_related("network", "library"), pk=pk
    )
    require(can_coordinate_pool, access, pool, message="Only the licence's coordinators change it.")
    initial = {name: getattr(pool, name) for name in pools_admin.FIELDS}
    form = PoolForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            pools_admin.pool_update(by=request.user, pool=pool, data=form.pool_data())
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{pool} saved.")
            return redirect(pool)
    return render(request, "shared_learning/pool_form.html", {"form": form, "pool": pool})
