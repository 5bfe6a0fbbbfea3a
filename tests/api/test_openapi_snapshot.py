"""The OpenAPI document is committed (docs/openapi.json); a change to the API must update it.

After an intended change, regenerate the snapshot and commit it with the change:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py
"""

import difflib
import json
import os
from pathlib import Path

from ninja.responses import NinjaJSONEncoder

from ladder.api.main import api

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
UPDATE_HINT = "UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi_snapshot.py"


def render_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, cls=NinjaJSONEncoder, indent=2, ensure_ascii=False) + "\n"


def test_openapi_document_matches_the_committed_snapshot():
    current = render_schema()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists(), f"No snapshot at {SNAPSHOT}; create it with: {UPDATE_HINT}"
    committed = SNAPSHOT.read_text(encoding="utf-8")
    if committed != current:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    "docs/openapi.json (committed)",
                    "generated",
                )
            )[:80]
        )
        raise AssertionError(
            "The API's OpenAPI document changed but docs/openapi.json did not. If the change "
            f"is intended, update the snapshot and commit it:\n\n    {UPDATE_HINT}\n\n{diff}"
        )


def test_served_document_is_the_generated_one(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(render_schema())


def test_every_operation_documents_the_error_format():
    schema = json.loads(render_schema())
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert operation["security"], f"{method} {path} needs authentication"
            responses = operation["responses"]
            assert responses["401"]["content"]["application/json"]["schema"] == error_ref
            assert "422" in responses, f"{method} {path}"
    assert "validation_error" in schema["info"]["description"]
