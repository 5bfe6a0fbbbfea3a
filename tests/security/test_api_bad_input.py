"""Bad input never gives a 500: it gets a 4xx whose message names what was wrong.

Each case here answered 500 before (the query filters with a huge id raised OverflowError in
SQLite), or is a class of bad input the issue names: huge or non-numeric ids, a page past the
end, malformed multipart, a wrong content type, an oversized body.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ladder.people.models import Credential, Employment
from tests import factories as f
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.conftest import login

HUGE = "99999999999999999999999"  # beyond 64 bits

# (path, query parameter) that answered 500 with an id beyond 64 bits.
FILTERS = [
    ("advisory-requests/queue", "library_id"),
    ("branches", "library"),
    ("careers/eligibility/library", "library"),
    ("careers/eligibility/network", "network"),
    ("competencies", "area"),
    ("competencies", "framework"),
    ("credentials", "person"),
    ("employments", "library"),
    ("employments", "person"),
    ("frameworks", "network"),
    ("job-classes", "library"),
    ("job-classes", "network"),
    ("ladders", "library"),
    ("ladders", "network"),
    ("libraries/{library}/hats", "branch"),
    ("libraries", "network"),
    ("libraries", "region"),
    ("people/{person}/ratings", "area"),
    ("people/{person}/ratings", "framework"),
    ("people/{person}/skill-evidence", "competency"),
    ("regions", "network"),
    ("sessions", "offering"),
    ("temp-requests", "library_id"),
]


@pytest.fixture
def root_api(world) -> ApiClient:
    return ApiClient(token_for(world.root))


@pytest.mark.parametrize(("path", "param"), FILTERS, ids=[f"{p}?{q}" for p, q in FILTERS])
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE])
def test_a_filter_id_beyond_64_bits_is_refused_by_name(world, root_api, path, param, value):
    path = path.format(library=world.riverside.pk, person=world.bob.pk)
    response = root_api.get(path, **{param: value})
    error = assert_error(response, 422, "validation_error")
    assert param in error["fields"], error


@pytest.mark.parametrize("value", [HUGE, "abc", "1e400", "nan"])
def test_bad_ids_in_an_api_path_are_4xx(root_api, value):
    response = root_api.get(f"networks/{value}")
    assert 400 <= response.status_code < 500, response.content


def test_non_numeric_path_id_names_the_parameter(root_api):
    error = assert_error(root_api.get("networks/abc"), 422, "validation_error")
    assert "network_id" in json.dumps(error["fields"])


def test_huge_id_in_a_page_url_is_404(world):
    client = login(world.alice)
    assert client.get(f"/people/{HUGE}/").status_code == 404
    assert client.get(f"/people/{HUGE}/edit/").status_code == 404


def test_a_page_past_the_end_is_empty_and_an_offset_past_the_limit_is_named(root_api):
    past = root_api.get("libraries", offset=1_000_000)
    assert past.status_code == 200
    assert past.json()["items"] == []
    error = assert_error(root_api.get("libraries", offset=HUGE), 422)
    assert "offset" in error["fields"]
    error = assert_error(root_api.get("libraries", limit=0), 422)
    assert "limit" in error["fields"]


def test_certification_report_months_are_bounded(root_api):
    error = assert_error(root_api.get("certifications/report", months=10**9), 422)
    assert "months" in error["fields"]


def _evidence_url(world) -> str:
    credential = f.CredentialFactory(person=world.bob)
    assert isinstance(credential, Credential)
    return f"/api/v1/credentials/{credential.pk}/evidence"


def test_malformed_multipart_is_400(world):
    client = Client()
    response = client.generic(
        "POST",
        _evidence_url(world),
        b"--xyz\r\nthis is not a part\r\n",
        content_type="multipart/form-data; boundary=xyz",
        headers={"Authorization": f"Bearer {token_for(world.root)}"},
    )
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["error"]["status"] == response.status_code


def test_multipart_without_a_boundary_is_400(world):
    response = Client().generic(
        "POST",
        _evidence_url(world),
        b"whatever",
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token_for(world.root)}"},
    )
    assert_error(response, 400, "bad_request")


def test_wrong_content_type_is_4xx(world):
    job = Employment.objects.get(person=world.bob)
    response = Client().generic(
        "PUT",
        f"/api/v1/employments/{job.pk}/pay",
        b"hourly_wage=12",
        content_type="text/plain",
        headers={"Authorization": f"Bearer {token_for(world.alice)}"},
    )
    assert 400 <= response.status_code < 500, response.content


def test_a_body_that_is_not_json_is_400(world):
    job = Employment.objects.get(person=world.bob)
    response = Client().generic(
        "PUT",
        f"/api/v1/employments/{job.pk}/pay",
        b"{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(world.alice)}"},
    )
    assert 400 <= response.status_code < 500, response.content


def test_an_oversized_json_body_is_413_with_a_message(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    job = Employment.objects.get(person=world.bob)
    body = json.dumps({"hourly_wage": "12", "padding": "x" * 4096})
    response = Client().generic(
        "PUT",
        f"/api/v1/employments/{job.pk}/pay",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_for(world.alice)}"},
    )
    error = assert_error(response, 413, "too_large")
    assert "too large" in error["message"]


def test_a_request_over_the_whole_request_limit_is_413(world, settings):
    settings.REQUEST_MAX_BYTES = 2048
    response = Client().generic(
        "POST",
        _evidence_url(world),
        b"x" * 4096,
        content_type="multipart/form-data; boundary=xyz",
        headers={"Authorization": f"Bearer {token_for(world.root)}"},
    )
    assert_error(response, 413, "too_large")


def test_an_oversized_html_form_gets_a_page_saying_so(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = login(world.alice)
    job = Employment.objects.get(person=world.bob)
    response = client.post(
        f"/openings/budget/pay/{job.pk}/",
        {"hourly_wage": "12", "annual_benefits": "0", "padding": "x" * 4096},
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_huge_integers_in_a_json_body_are_refused_by_name(world):
    api = ApiClient(token_for(world.root))
    response = api.post("regions", {"network": 10**30, "name": "Far"})
    error = assert_error(response, 422)
    assert "network" in error["fields"]


# --- uploads: a spreadsheet really is one, a CSV really is text ----------------------------------


def _zip_without_workbook() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("staff.xlsx", b"name,email\nBob,bob@example.org\n"),  # text named .xlsx
        ("staff.xlsx", b"PK\x03\x04 broken zip"),
        ("staff.xlsx", _zip_without_workbook()),
        ("staff.csv", b"name,email\x00\nBob,bob@example.org\n"),  # NUL bytes: not text
        ("staff.csv", _zip_without_workbook()),  # a zip named .csv
        ("staff.exe", b"MZ"),
    ],
)
def test_imports_refuse_files_that_are_not_what_they_say(filename, data):
    from django.core.exceptions import ValidationError

    from ladder.people.imports import read_table
    from ladder.skills.framework_io import read_file

    with pytest.raises(ValidationError):
        read_table(filename=filename, data=data)
    with pytest.raises(ValidationError):
        read_file(filename=filename, data=data)
