from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ladder.core.access import Access, access_for
from ladder.core.policies import (
    admin_or_coordinator,
    allowed,
    coordinator,
    library_admin,
    signed_in,
    site_admin,
)

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
            ("My career", "careers:my_career", "all"),
            ("My development plan", "careers:my_plan", "all"),
            ("My evaluations", "careers:my_evaluations", "all"),
            ("My certifications", "certifications:mine", "all"),
            ("My tuition", "tuition:mine", "all"),
            ("Openings", "openings:list", "all"),
        ],
    ),
    (
        "Training",
        [
            ("Catalogue", "learning:catalogue", "all"),
            ("Calendar", "learning:calendar", "all"),
            ("E-learning licences", "shared_learning:pool_list", "all"),
            ("Roundtables", "shared_learning:roundtable_list", "all"),
            ("One-on-one teaching", "shared_learning:coaching_mine", "all"),
            ("Monthly digest", "shared_learning:digest_preview", "all"),
            ("Approvals", "learning:approvals", "manager"),
            ("Verifications", "learning:verifications", "manager"),
        ],
    ),
    (
        "People",
        [
            ("Directory", "people:directory", "all"),
            ("My people's interests", "skills:interests_list", "manager"),
            ("Eligibility", "careers:library_eligibility", "manager"),
            ("Evaluations", "careers:evaluation_list", "manager"),
            ("Certifications due", "certifications:report", "manager"),
            ("Tuition programmes", "tuition:programme_list", "library_admin"),
            ("Promotions", "tuition:promotion_list", "library_admin"),
            ("Manage openings", "openings:manage", "library_admin"),
            ("Succession scenarios", "openings:scenario_list", "library_admin"),
            ("Workforce budget", "openings:budget", "library_admin"),
            ("Import staff", "people:import_start", "library_admin"),
        ],
    ),
    (
        "Reports",
        [
            ("Library progress", "reports:library", "library_admin"),
            ("Network totals", "reports:network", "coordinator"),
            ("Equity report", "reports:equity", "admin_or_coordinator"),
        ],
    ),
    (
        "Organisation",
        [
            ("Libraries", "orgs:library_list", "all"),
            ("Job classes", "people:jobclass_list", "all"),
            ("Ladders", "people:ladder_list", "all"),
            ("Competencies", "skills:framework_list", "all"),
            ("Certification schemes", "certifications:scheme_list", "all"),
        ],
    ),
    (
        "Network",
        [
            ("Ask the network", "network:advisory_mine", "all"),
            ("Request a temp", "network:temp_request_list", "library_admin"),
            ("Coordinator dashboard", "network:dashboard", "coordinator"),
            ("Members", "network:members", "coordinator"),
            ("Advisory queue", "network:advisory_queue", "coordinator"),
            ("Temp agency", "network:temp_home", "coordinator"),
            ("Network eligibility", "careers:network_eligibility", "coordinator"),
            ("Network certifications", "certifications:network_report", "coordinator"),
        ],
    ),
    ("Site admin", [("Site admin", "admin:index", "site_admin")]),
]


#: The menu's audiences, each the shared rule of ladder.core.policies that its pages check.
AUDIENCES: dict[str, Callable[[Access], bool]] = {
    "all": signed_in,
    "library_admin": library_admin,
    "coordinator": coordinator,
    "admin_or_coordinator": admin_or_coordinator,
    "site_admin": site_admin,
}


def _allowed(access: Access, who: str) -> bool:
    if who == "manager":
        return access.is_site_admin or access.is_library_admin or access.is_supervisor
    if who not in AUDIENCES:
        raise ValueError(who)
    return allowed(AUDIENCES[who], access)


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
