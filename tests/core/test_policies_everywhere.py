"""Every page and every API operation names the permission it needs (ladder.core.policies).

A new view without ``@permission(...)`` (pages) or ``@api_permission(...)`` (API) fails here,
naming it, so "who may open this?" is always answered in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from ladder.api.main import api
from ladder.core import policies

# Modules whose views are not ours and carry their own checks (the Django admin: staff only).
FOREIGN = ("django.contrib.admin", "ninja")
#: Routes that are not ours: the Django admin site checks staff status itself.
FOREIGN_ROUTES = ("admin/",)


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _module_of(view: Any) -> str:
    target = getattr(view, "view_class", None) or view
    while hasattr(target, "__wrapped__") and not hasattr(target, "permission"):
        target = target.__wrapped__
    return str(getattr(target, "__module__", ""))


def _app(module: str) -> str:
    parts = module.split(".")
    if parts[:3] == ["ladder", "api", "routers"]:
        return f"api.{parts[3]}"
    return parts[1] if parts[0] == "ladder" else parts[0]


def page_views() -> list[tuple[str, Any]]:
    return [
        (route, view)
        for route, view in _patterns(get_resolver().url_patterns)
        if not route.startswith(("api/v1/", *FOREIGN_ROUTES))
        and not _module_of(view).startswith(FOREIGN)
    ]


def api_operations() -> list[tuple[str, Any]]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.append((f"{','.join(operation.methods)} {prefix}{path}", operation.view_func))
    return found


def _missing(views: list[tuple[str, Any]]) -> list[str]:
    return sorted(
        f"{route} ({_module_of(view)})"
        for route, view in views
        if getattr(view, "permission", None) is None
    )


def test_every_page_names_its_permission() -> None:
    assert _missing(page_views()) == []


def test_every_api_operation_names_its_permission() -> None:
    assert _missing(api_operations()) == []


def test_named_permissions_are_registered_rules() -> None:
    for _route, view in page_views() + api_operations():
        name = getattr(view, "permission", None)
        if name is not None:
            assert name in policies.REGISTRY, name


def test_scoping_selectors_are_named_one_way() -> None:
    """A view's scope is a ``<noun>s_visible_to(access)`` selector."""
    for route, view in page_views() + api_operations():
        scope = getattr(view, "scope", None)
        if scope is not None:
            assert scope.split(".")[-1].endswith("_visible_to"), (route, scope)


def test_every_rule_has_a_message() -> None:
    page_views(), api_operations()  # every app's policies are imported by now
    assert len(policies.REGISTRY) > 5
    for name, rule in policies.REGISTRY.items():
        assert getattr(rule, "policy_message", "").strip(), name
