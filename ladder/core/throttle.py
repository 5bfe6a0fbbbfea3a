"""Throttles: how often one account or one address may try what could be guessed or abused.

Sign-in is django-axes's (settings.AXES_*): it counts wrong passwords per account and per
address and locks out; the functions it calls back are here (`login_username`, `client_ip`,
`login_locked_out`). Everything else (password reset, API token creation, the public links
sent by e-mail or subscribed to by calendars) counts requests in the cache with `hit`, in
fixed windows: at most `limit` per window per key. A refused request gets 429 with the time
to try again, and the first refusal in a window writes an audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from ladder.core.audit import log_event

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

P = ParamSpec("P")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/h" is five an hour; "10/15m" is ten per fifteen minutes."""
        try:
            limit, period = text.strip().split("/")
            count = int(period[:-1] or 1)
            return cls(limit=int(limit), seconds=count * UNITS[period[-1]])
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(
                f"A throttle rate reads like 5/h or 10/15m: {text!r}"
            ) from exc

    def describe(self) -> str:
        return f"{self.limit} per {_duration(self.seconds)}"


@dataclass(frozen=True)
class Refusal:
    scope: str
    retry_after: int  # seconds

    @property
    def until(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(seconds=self.retry_after)

    @property
    def wait(self) -> str:
        return _duration(self.retry_after)


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"


def rate_for(scope: str) -> Rate:
    try:
        return Rate.parse(settings.THROTTLE_RATES[scope])
    except KeyError as exc:
        raise ImproperlyConfigured(f"No throttle rate for {scope!r} in THROTTLE_RATES") from exc


def _cache_key(scope: str, value: str, window: int) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{window}"


def hit(scope: str, value: str, *, request: HttpRequest | None = None) -> Refusal | None:
    """Count one request of `value` (an address, an account) in `scope`; a Refusal past limit."""
    rate = rate_for(scope)
    now = time.time()
    window = int(now // rate.seconds)
    key = _cache_key(scope, value, window)
    cache.add(key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate.seconds + 5)
        count = 1
    if count <= rate.limit:
        return None
    refusal = Refusal(scope=scope, retry_after=max(1, math.ceil((window + 1) * rate.seconds - now)))
    if count == rate.limit + 1:
        user = getattr(request, "user", None)
        log_event(
            actor=user if user is not None and user.is_authenticated else None,
            action="security.throttled",
            object_type="throttle",
            object_id=scope,
            summary=f"More than {rate.describe()} for {value}"
            + (f" from {client_ip(request)}" if request is not None else ""),
        )
    return refusal


def reset(scope: str, value: str) -> None:
    """Forget the current window's count of `value` in `scope` (the site admin's unlock)."""
    rate = rate_for(scope)
    cache.delete(_cache_key(scope, value, int(time.time() // rate.seconds)))


def throttled_response(request: HttpRequest, refusal: Refusal, *, what: str) -> HttpResponse:
    response = render(
        request,
        "core/throttled.html",
        {"refusal": refusal, "what": what},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def throttle(
    scope: str,
    *,
    key: Callable[[HttpRequest], str | None],
    what: str,
    methods: tuple[str, ...] = ("POST",),
) -> Callable[[Callable[P, HttpResponseBase]], Callable[P, HttpResponseBase]]:
    """Refuse a view's `methods` with 429 once `key(request)` passes the scope's rate.

    A key of None (e.g. a form without the field) is not counted.
    """

    def decorator(view: Callable[P, HttpResponseBase]) -> Callable[P, HttpResponseBase]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            request = args[0]
            assert isinstance(request, HttpRequest)
            if request.method in methods:
                value = key(request)
                if value:
                    refusal = hit(scope, value, request=request)
                    if refusal is not None:
                        return throttled_response(request, refusal, what=what)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# --- Keys ------------------------------------------------------------------------------------


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the
    address that many entries from the right of X-Forwarded-For (the part the proxies wrote;
    what the client wrote itself further left is ignored)."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) >= hops:
        return forwarded[-hops]
    return remote


def ip_key(request: HttpRequest) -> str | None:
    return f"ip:{client_ip(request)}"


def posted_email_key(request: HttpRequest) -> str | None:
    email = login_username(request, {"username": request.POST.get("email", "")})
    return f"email:{email}" if email else None


def person_key(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    return f"person:{user.pk}" if user is not None and user.is_authenticated else None


# --- Sign-in (django-axes's callbacks) ------------------------------------------------------


def login_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The account a sign-in names, as axes counts it: e-mail addresses differ in case only
    in the part nobody types differently, so ALICE@x and alice@x are one account's failures."""
    raw = (credentials or {}).get("username") or ""
    if not raw and request is not None and request.method == "POST":
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()


def login_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out sign-in gets: 429, when to try again, and who can unlock."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    refusal = Refusal(scope="login", retry_after=minutes * 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"refusal": refusal, "failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def _on_locked_out(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    person = (
        get_user_model().objects.filter(email__iexact=username or "").first() if username else None
    )
    log_event(
        actor=None,
        action="security.login_locked_out",
        object_type="people.person" if person else "login",
        object_id=str(person.pk) if person else (username or "")[:40],
        summary=f"Sign-in locked out after {settings.AXES_FAILURE_LIMIT} failures: "
        f"account {username or '?'}, address {ip_address or '?'}",
    )


def connect_signals() -> None:
    from axes.signals import user_locked_out

    receiver(user_locked_out, dispatch_uid="ladder.throttle.locked_out")(_on_locked_out)


# The pages anyone may open without signing in, whose address is the credential (a calendar
# feed's token, a digest link's signature, a certificate's UUID): counted per client address.
public_link = throttle(
    "public_link", key=ip_key, what="requests for shared links", methods=("GET", "HEAD", "POST")
)


def login_unlock(*, email: str, by: Any, ip: str = "") -> int:
    """The site admin's unlock: forget an account's failed sign-ins (and those of an address,
    if given) and its password-reset count; returns how many attempt records went."""
    from axes.utils import reset as axes_reset

    username = login_username(None, {"username": email})
    removed = axes_reset(username=username)
    if ip:
        removed += axes_reset(ip=ip)
        reset("password_reset_ip", f"ip:{ip}")
    reset("password_reset_address", f"email:{username}")
    log_event(
        actor=by,
        action="security.login_unlocked",
        object_type="login",
        object_id=username[:40],
        summary=f"Sign-in unlocked for {username}" + (f" and address {ip}" if ip else ""),
    )
    return removed


class LockoutBackend(AxesStandaloneBackend):
    """django-axes's check, first of the authentication backends. A sign-in without a request
    (the test client's login(), the shell) is no web sign-in: nothing to count or refuse."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
