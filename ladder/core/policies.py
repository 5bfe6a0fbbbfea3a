"""Permission policies: each rule written once, as a named pure function, used everywhere.

Each app keeps its rules in ``<app>/policies.py``. A rule is a function of the caller's
:class:`~ladder.core.access.Access` and, for rules about one object, that object; it reads
only them (and what hangs off the object) and writes nothing, so services, pages, the API and
templates can all ask it::

    @policy("Only supervisors and library admins approve registrations.")
    def can_approve_registrations(access: Access) -> bool:
        return access.is_site_admin or access.is_supervisor or access.is_library_admin

    @policy("Only the session's facilitators and organisers see its roster.")
    def can_run_session(access: Access, session: Session) -> bool: ...

- Services call ``require(can_run_session, access, session)``: a 403 with the rule's message.
- Pages and API operations name what they need with ``@permission(rule)``. A rule of the
  caller alone is checked before the view runs; a rule about an object is recorded, and the
  view checks it with ``require`` once it has loaded the object. ``scope=`` names the
  selector (``<noun>s_visible_to(access)``) that limits what a list or lookup shows.
- Templates ask ``{% allowed "learning.can_run_session" session as may_run %}``.

``tests/core/test_policies_everywhere.py`` walks every URL and API operation and fails on one
that names no permission, so a new page cannot forget to say who may open it.

The shape follows pretix's ``control/permissions.py`` (``event_permission_required``): the
decorator names the permission and the rule lives in one place.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ladder.core.access import Access, access_for

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R", bound=Callable[..., bool])

#: "app.rule_name" -> rule, for templates and the test that walks every view.
REGISTRY: dict[str, Callable[..., bool]] = {}


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "ladder" else parts[0]


def policy(message: str) -> Callable[[R], R]:
    """Mark a predicate as a permission rule; ``message`` is what a refused caller reads."""

    def mark(rule: R) -> R:
        params = list(inspect.signature(rule).parameters)
        name = f"{_app_of(rule.__module__)}.{rule.__name__}"
        rule_any = cast(Any, rule)
        rule_any.policy_name = name
        rule_any.policy_message = message
        rule_any.about_object = len(params) > 1
        REGISTRY[name] = rule
        return rule

    return mark


def name_of(rule: Callable[..., bool]) -> str:
    name = getattr(rule, "policy_name", None)
    if name is None:
        raise TypeError(f"{rule!r} is not a permission policy (decorate it with @policy).")
    return cast(str, name)


def allowed(rule: Callable[..., bool], access: Access, *objects: Any) -> bool:
    """Whether the rule lets the caller act (the same answer ``require`` acts on)."""
    return bool(rule(access, *objects))


def require(
    rule: Callable[..., bool], access: Access, *objects: Any, message: str | None = None
) -> None:
    """Refuse with the rule's message (a 403) unless it lets the caller act."""
    if not rule(access, *objects):
        raise PermissionDenied(message or getattr(rule, "policy_message", "Not allowed."))


# --- the two rules every app shares ---------------------------------------------------------


@policy("Anyone may open this page.")
def public(access: Access) -> bool:
    return True


@policy("Sign in to continue.")
def signed_in(access: Access) -> bool:
    return access.is_authenticated


@policy("Only a site admin may do this.")
def site_admin(access: Access) -> bool:
    return access.is_site_admin


@policy("Only network coordinators and site admins may do this.")
def coordinator(access: Access) -> bool:
    return access.is_site_admin or access.is_coordinator


@policy("Only library admins and site admins may do this.")
def library_admin(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin


@policy("Only library admins, network coordinators and site admins may do this.")
def admin_or_coordinator(access: Access) -> bool:
    return access.is_site_admin or access.is_library_admin or access.is_coordinator


# --- naming the permission on pages and API operations --------------------------------------


def _record(view: Any, rule: Callable[..., bool], scope: Callable[..., Any] | None) -> None:
    view.permission = name_of(rule)
    if scope is not None:
        view.scope = getattr(scope, "__qualname__", repr(scope))


def permission(
    rule: Callable[..., bool], *, scope: Callable[..., Any] | None = None
) -> Callable[[F], F]:
    """Name the permission a page needs; check it first when it is about the caller alone.

    Pages that need a signed-in caller send an anonymous one to the sign-in page (as
    ``login_required`` does); a caller the rule refuses gets a 403 with its message.
    """
    name_of(rule)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if rule is not public and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not getattr(rule, "about_object", False):
                require(rule, access_for(request.user))
            return cast(HttpResponse, view(request, *args, **kwargs))

        _record(wrapper, rule, scope)
        return cast(F, wrapper)

    return decorate


def api_permission(
    rule: Callable[..., bool], *, scope: Callable[..., Any] | None = None
) -> Callable[[F], F]:
    """The same for an API operation (put it under the router's decorator).

    The operation keeps its own signature (django-ninja reads it); a rule about the caller
    alone is checked by ``checking_api_permission``, which ``ladder.api.main`` installs for
    every operation. The API's auth has already authenticated the caller.
    """
    name_of(rule)

    def decorate(operation: F) -> F:
        _record(operation, rule, scope)
        return operation

    return decorate


def checking_api_permission(operation: F) -> F:
    """Wrap an API operation so that its caller-level rule, if any, is checked first
    (installed for every operation with ``api.add_decorator``)."""
    name = getattr(operation, "permission", None)
    rule = REGISTRY.get(name) if name else None
    if rule is None or getattr(rule, "about_object", False):
        return operation

    @functools.wraps(operation)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        require(rule, access_for(request.user))
        return operation(request, *args, **kwargs)

    return cast(F, checked)
