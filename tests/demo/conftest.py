"""The demo network, seeded once per worker for every demo test that reads it.

Seeding takes seconds and almost every demo test only reads what it made, so the package seeds
once, inside a transaction that is rolled back when the package's last test ends. Each test
still runs in its own savepoint (the `db` fixture), so a test that changes data (a second seed,
a page that writes) changes it for itself only.

So that the seeded data is never seen by a test that did not ask for it: the demo tests run as
one xdist group (`--dist loadgroup` keeps them together on one worker, one after another), and
within the package the tests that do not use `seeded_demo` run first, before it is seeded.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

HERE = Path(__file__).parent


def _ours(items: list[pytest.Item]) -> list[int]:
    return [i for i, item in enumerate(items) if HERE in Path(item.path).parents]


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Every demo test joins the "demo" group before xdist reads the groups; after every other
    reordering (pytest-django's included), the demo tests that do not use `seeded_demo` come
    first. sorted() is stable, so the order stays as it was within each half."""
    places = _ours(items)
    for i in places:
        items[i].add_marker(pytest.mark.xdist_group("demo"))
    yield
    places = _ours(items)
    ordered = sorted(
        (items[i] for i in places), key=lambda item: "seeded_demo" in item.fixturenames
    )
    for i, item in zip(places, ordered, strict=True):
        items[i] = item


@pytest.fixture(scope="package")
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
