"""A property-based fuzz over every API operation: whatever comes in, the answer is never a 5xx.

schemathesis reads the served OpenAPI document and generates requests for each operation, both
valid ones and ones that break the schema (wrong types, out-of-range numbers, missing fields),
sent in-process through the WSGI app with a real API token of a site admin and of a library
admin (each generated case goes to both). Bounded for CI: a few derandomized examples per
operation and mode.

FUZZ_EXAMPLES=50 .venv/bin/pytest tests/api/test_fuzz.py  fuzzes harder (and slower).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from ladder.wsgi import application
from tests.api.conftest import token_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))


@pytest.fixture
def _in_test_transaction() -> Iterator[None]:
    # Django's test client does the same: a request must not close the test's connection
    # (the test's data lives in its open transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _server_errors(
    operation, callers: dict[str, dict[str, str]], mode: GenerationMode
) -> list[str]:
    """Each generated case is sent once per caller: one generation serves every caller."""
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case) -> None:
        for who, headers in callers.items():
            response = case.call(headers=headers)
            if response.status_code >= 500:
                found.append(
                    f"{who}: {case.method} {case.formatted_path} [{mode.value}] -> "
                    f"{response.status_code}: query={case.query!r} body={str(case.body)[:200]!r} "
                    f"response={response.text[:300]!r}"
                )

    fuzz()
    return found


def test_no_operation_answers_a_server_error(world, _in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    people = {"site admin": world.root, "library admin": world.alice}
    callers = {
        who: {"Authorization": f"Bearer {token_for(person)}"} for who, person in people.items()
    }
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            found.extend(_server_errors(operation, callers, mode))
    assert not found, "\n".join(found)
