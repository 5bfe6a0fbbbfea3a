"""Licence pool pages: the list, a pool with the person's own window and place in the queue,
asking and giving up, and the coordinators' report.

A pool the user may not see is a 404 (lookups go through licences.pools_visible_to);
the report of a pool they see but do not coordinate is a 403. A person only ever sees their
own windows and requests here; the report (coordinators) shows everyone's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ladder.core.access import access_for, get_visible_or_404
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import admin_or_coordinator, allowed, permission, require, signed_in
from ladder.shared_learning import licences as svc
from ladder.shared_learning.forms import LicenceRequestForm
from ladder.shared_learning.models import LicencePool, LicenceWindow
from ladder.shared_learning.policies import can_coordinate_pool


def _visible_pool(request: AuthedRequest, pk: int) -> LicencePool:
    pool: LicencePool = get_visible_or_404(
        svc.pools_visible_to(access_for(request.user)).select_related("network", "library"),
        pk=pk,
    )
    return pool


@permission(signed_in, scope=svc.pools_visible_to)
def pool_list(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    context = paginate(request, svc.pools_for_list(access))
    mine = svc.my_status_by_pool(request.user)
    coordinated = set(LicencePool.objects.coordinated_by(access).values_list("pk", flat=True))
    for pool in context["object_list"]:
        pool.my_status = mine.get(pool.pk, "")
        pool.can_report = pool.pk in coordinated
    context["can_create"] = allowed(admin_or_coordinator, access)
    return render(request, "shared_learning/pool_list.html", context)


def _detail(
    request: AuthedRequest, pool: LicencePool, form: LicenceRequestForm, status: int = 200
) -> HttpResponse:
    access = access_for(request.user)
    context = {
        "pool": pool,
        "me": svc.my_licence(request.user, pool),
        "form": form,
        "seats_in_use": svc.seats_taken(pool),
        "waiting": svc.queue(pool).count(),
        "can_report": allowed(can_coordinate_pool, access, pool),
    }
    return render(request, "shared_learning/pool_detail.html", context, status=status)


@permission(signed_in, scope=svc.pools_visible_to)
def pool_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_pool(request, pk), LicenceRequestForm())


@permission(signed_in, scope=svc.pools_visible_to)
@require_POST
def pool_request(request: AuthedRequest, pk: int) -> HttpResponse:
    pool = _visible_pool(request, pk)
    form = LicenceRequestForm(request.POST)
    if not form.is_valid():
        return _detail(request, pool, form, status=400)
    try:
        result = svc.licence_request(
            by=request.user, pool=pool, start_on=form.cleaned_data["start_on"]
        )
    except ValidationError as error:
        errors = error.message_dict
        for name, texts in errors.items():
            form.add_error(name if name in form.fields else None, texts)
        return _detail(request, pool, form, status=400)
    if isinstance(result, LicenceWindow):
        messages.success(
            request,
            f"Your window on {pool} runs from {svc.day(result.starts_on)} "
            f"to {svc.day(result.ends_on)}.",
        )
    else:
        messages.info(
            request,
            f"Every seat on {pool} is taken: you are in the queue, number "
            f"{svc.queue_position(result)}. We will e-mail you when a seat is yours.",
        )
    return redirect(pool.get_absolute_url())


@permission(signed_in, scope=svc.pools_visible_to)
@require_POST
def pool_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    pool = _visible_pool(request, pk)
    try:
        result = svc.licence_withdraw(by=request.user, pool=pool)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pool.get_absolute_url())
    if isinstance(result, LicenceWindow):
        messages.success(
            request, f"You gave up your window on {pool}; the seat goes to the next person."
        )
    else:
        messages.success(request, f"You left the queue for {pool}.")
    return redirect(pool.get_absolute_url())


@permission(can_coordinate_pool, scope=svc.pools_visible_to)
def pool_report(request: AuthedRequest, pk: int) -> HttpResponse:
    pool = _visible_pool(request, pk)
    require(can_coordinate_pool, access_for(request.user), pool)
    report = svc.pool_report(pool)
    context = {"pool": pool, "report": report, **paginate(request, report.queue, per_page=100)}
    return render(request, "shared_learning/pool_report.html", context)
