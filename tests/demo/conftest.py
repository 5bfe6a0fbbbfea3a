"""The demo network, seeded once per test module.

Seeding takes seconds and almost every demo test only reads what it made, so each module seeds
once, inside a transaction that is rolled back when the module ends. Each test still runs in
its own savepoint (the `db` fixture), so a test that changes data (a second seed, a page that
writes) changes it for itself only.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="module")
def seeded_demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[str]:
    """The output of `ladder demo --no-serve` (its printed logins)."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("demo", "--no-serve", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
