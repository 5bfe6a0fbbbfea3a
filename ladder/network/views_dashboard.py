"""The coordinator's dashboard page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from ladder.core.http import AuthedRequest
from ladder.core.policies import coordinator, permission
from ladder.network.dashboard import dashboard as build
from ladder.network.views_members import chosen_network


@permission(coordinator)
def dashboard(request: AuthedRequest) -> HttpResponse:
    network, networks = chosen_network(request)
    context = {"board": build(network), "network": network, "networks": networks}
    return render(request, "network/dashboard.html", context)
