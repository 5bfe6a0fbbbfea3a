"""Personal API tokens: created and revoked by their owner, stored only as a SHA-256 hash.

The raw token is returned once, at creation; the database keeps its hash (to authenticate)
and a short prefix (so a person can tell their tokens apart on their profile).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require, signed_in
from ladder.people.models import ApiToken, Person
from ladder.people.policies import can_revoke_token

TOKEN_PREFIX = "ldr_"
PREFIX_LENGTH = 12
MAX_ACTIVE_TOKENS = 20
NAME_MAX_LENGTH = 100
# Recording every request would turn each API read into a write; a minute's accuracy is enough
# to tell a person which of their tokens are still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def api_token_create(*, by: Person, name: str) -> tuple[ApiToken, str]:
    """Create a token for `by` and return it with the raw token, which is never shown again."""
    require(signed_in, access_for(by), message="Log in to create an API token.")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["Give the token a name, e.g. the script that uses it."]})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": [f"Use at most {NAME_MAX_LENGTH} characters (it has {len(name)})."]}
        )
    if "\x00" in name:
        raise ValidationError({"name": ["The name contains a null character."]})
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(person=by, revoked_at__isnull=True)
        if active.count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                {"name": [f"You already have {MAX_ACTIVE_TOKENS} tokens; revoke one first."]}
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            person=by, name=name, prefix=raw[:PREFIX_LENGTH], token_hash=hash_token(raw)
        )
        log_action(
            actor=by,
            action="people.api_token.created",
            obj=token,
            summary=f"API token {token.prefix}… created",
        )
    return token, raw


def api_token_revoke(*, by: Person, token: ApiToken) -> None:
    """Revoke one of `by`'s own tokens. Revoking twice is harmless."""
    require(can_revoke_token, access_for(by), token)
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(
            actor=by,
            action="people.api_token.revoked",
            obj=token,
            summary=f"API token {token.prefix}… revoked",
        )


def api_token_authenticate(raw: str) -> Person | None:
    """The active person a raw token belongs to, or None for an unknown or revoked token."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("person")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.person
