from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ladder.core.access import access_for

# (label, url name, who sees it)
NAV = [
    ("Home", "home", "all"),
    ("My profile", "people:me", "all"),
    ("Directory", "people:directory", "all"),
    ("Libraries", "orgs:library_list", "all"),
    ("Job classes", "people:jobclass_list", "all"),
    ("Ladders", "people:ladder_list", "all"),
    ("Import staff", "people:import_start", "library_admin"),
    ("Site admin", "admin:index", "site_admin"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "access_roles": []}
    access = access_for(user)
    items = []
    for label, name, who in NAV:
        if who == "library_admin" and not (access.is_library_admin or access.is_site_admin):
            continue
        if who == "site_admin" and not access.is_site_admin:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items, "access_roles": access.role_names(), "access": access}
