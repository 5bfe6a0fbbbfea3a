from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ladder.core.access import Access, access_for

# Menus of (label, url name, who sees it); a menu with one visible item shows as a plain link.
NAV: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("Home", [("Home", "home", "all")]),
    (
        "Me",
        [
            ("My profile", "people:me", "all"),
            ("My interests", "skills:interests_edit", "all"),
            ("My registrations", "learning:my_registrations", "all"),
            ("My transcript", "learning:my_transcript", "all"),
        ],
    ),
    (
        "Training",
        [
            ("Catalogue", "learning:catalogue", "all"),
            ("Calendar", "learning:calendar", "all"),
            ("E-learning licences", "shared_learning:pool_list", "all"),
            ("Roundtables", "shared_learning:roundtable_list", "all"),
            ("Approvals", "learning:approvals", "manager"),
            ("Verifications", "learning:verifications", "manager"),
        ],
    ),
    (
        "People",
        [
            ("Directory", "people:directory", "all"),
            ("My people's interests", "skills:interests_list", "manager"),
            ("Import staff", "people:import_start", "library_admin"),
        ],
    ),
    (
        "Organisation",
        [
            ("Libraries", "orgs:library_list", "all"),
            ("Job classes", "people:jobclass_list", "all"),
            ("Ladders", "people:ladder_list", "all"),
            ("Competencies", "skills:framework_list", "all"),
        ],
    ),
    (
        "Network",
        [
            ("Ask the network", "network:advisory_mine", "all"),
            ("Advisory queue", "network:advisory_queue", "coordinator"),
        ],
    ),
    ("Site admin", [("Site admin", "admin:index", "site_admin")]),
]


def _allowed(access: Access, who: str) -> bool:
    if who == "all":
        return True
    if who == "manager":
        return access.is_site_admin or access.is_library_admin or access.is_supervisor
    if who == "library_admin":
        return access.is_site_admin or access.is_library_admin
    if who == "coordinator":
        return access.is_site_admin or access.is_coordinator
    if who == "site_admin":
        return access.is_site_admin
    raise ValueError(who)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menus": [], "nav_items": [], "access_roles": []}
    access = access_for(user)
    menus = []
    flat = []
    for index, (title, entries) in enumerate(NAV):
        items = []
        for label, name, who in entries:
            if not _allowed(access, who):
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            current = request.path == url if name == "home" else request.path.startswith(url)
            items.append({"label": label, "url": url, "current": current})
        if items:
            menus.append(
                {
                    "title": title,
                    "id": f"nav-menu-{index}",
                    "items": items,
                    "current": any(item["current"] for item in items),
                }
            )
            flat.extend(items)
    return {
        "nav_menus": menus,
        "nav_items": flat,
        "access_roles": access.role_names(),
        "access": access,
    }
