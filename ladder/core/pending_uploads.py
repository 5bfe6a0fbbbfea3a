"""Uploads kept between an import's preview and its commit (staff lists, skills frameworks).

The file waits under MEDIA_ROOT/imports, named by its owner and a random token, so only the
person who uploaded it can commit it; abandoned uploads are pruned after a day.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from ladder.core import tabular

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PENDING_MAX_AGE = dt.timedelta(days=1)


def _pending_storage() -> FileSystemStorage:
    # Under MEDIA_ROOT, which is outside the web root: nobody can fetch these by URL.
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "imports")


def _pending_name(owner_id: int, token: str, filename: str) -> str:
    if not _TOKEN.match(token):
        raise ValueError("bad import token")
    suffix = Path(filename).suffix.lower()
    return f"{owner_id}-{token}{suffix if suffix in tabular.FILE_TYPES else ''}"


def pending_save(*, owner: AbstractBaseUser, filename: str, data: bytes) -> str:
    """Keep an uploaded file until its commit; returns the token naming it."""
    storage = _pending_storage()
    _pending_prune(storage)
    token = secrets.token_urlsafe(24)
    storage.save(_pending_name(owner.pk, token, filename), ContentFile(data))
    return token


def _pending_prune(storage: FileSystemStorage) -> None:
    """Forget uploads abandoned between preview and commit for more than a day."""
    if not storage.exists(""):
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in storage.listdir("")[1]:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
        except FileNotFoundError:
            continue  # another request pruned it first


def pending_load(*, owner: AbstractBaseUser, token: str, filename: str) -> bytes | None:
    """The kept file's bytes, or None when it is gone (committed, cancelled, cleaned up)."""
    storage = _pending_storage()
    name = _pending_name(owner.pk, token, filename)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def pending_delete(*, owner: AbstractBaseUser, token: str, filename: str) -> None:
    _pending_storage().delete(_pending_name(owner.pk, token, filename))
