"""Every failure answers in the one error format, and bad input is a 4xx, never a 500."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder.people.models import CertificationType, EducationLevel, Employment
from tests import factories as f
from tests.api.conftest import API, ApiClient, assert_error
from tests.conftest import login


def test_a_body_that_is_not_json_is_a_400(world, api_for):
    api = api_for(world.bob)
    response = api.client.patch(
        f"{API}/me", data="{not json", content_type="application/json", headers=api.headers
    )
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize("body", [[], "text", 3, None, [{"bio": "x"}]])
def test_a_body_that_is_not_an_object_is_a_422(world, api_for, body):
    api = api_for(world.bob)
    response = api.client.patch(
        f"{API}/me", data=json.dumps(body), content_type="application/json", headers=api.headers
    )
    assert_error(response, 422, "validation_error")


def test_validation_errors_name_the_field_without_internal_names(world, api_for):
    error = assert_error(api_for(world.bob).patch("me", {"is_mentor": "perhaps"}), 422)
    assert list(error["fields"]) == ["is_mentor"]
    assert error["message"].startswith("is_mentor: ")


def test_an_unknown_path_is_a_404_in_the_error_format(world, api_for):
    assert_error(api_for(world.bob).get("no-such-thing"), 404, "not_found")


def test_an_id_that_is_not_a_number_is_a_422_naming_it(world, api_for):
    error = assert_error(api_for(world.bob).get("people/not-a-number"), 422)
    assert list(error["fields"]) == ["person_id"]


def test_a_huge_id_is_a_404(world, api_for):
    assert_error(api_for(world.bob).get(f"people/{10**30}"), 404)


def test_a_wrong_method_is_a_405_in_the_error_format(world, api_for):
    response = api_for(world.bob).delete("me")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_text_the_database_cannot_store_is_a_422(world, api_for, text):
    error = assert_error(api_for(world.bob).patch("me", {"bio": text}), 422)
    assert "bio" in error["fields"]


def test_a_nul_in_a_query_parameter_is_a_422(world, api_for):
    assert_error(api_for(world.bob).get("people", q="a\x00b"), 422)


def test_an_unexpected_error_is_a_500_in_the_error_format(world, api_for, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ladder.api.routers.people.directory_people", broken)
    error = assert_error(api_for(world.bob).get("people"), 500, "server_error")
    assert "boom" not in error["message"]


def test_a_database_conflict_is_a_409(world, api_for, monkeypatch):
    def conflicting(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("ladder.api.routers.people.person_update", conflicting)
    assert_error(api_for(world.bob).patch("me", {"bio": "x"}), 409, "conflict")


# --- fuzzing: whatever the body, the answer is never a 500 ------------------------------------

SPECIAL_TEXT = st.sampled_from(
    ["", " ", "\x00", "\ud800", "x" * 10_000, "2024-02-30", "1e999", "NaN", "-1", "😀", "<b>"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | SPECIAL_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def body_for(fields: list[str]):
    keys = st.sampled_from(fields) | st.text(max_size=10)
    return st.dictionaries(keys, JSON_VALUES, max_size=len(fields) + 1)


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_not_a_server_error(response):
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def _api(person) -> ApiClient:
    # The session rather than a token: each example would otherwise create one more token.
    return ApiClient(client=login(person))


def test_fuzzed_profile_edits_never_500(world):
    api = _api(world.bob)

    @FUZZ
    @given(body=body_for(["first_name", "last_name", "preferred_name", "bio", "is_mentor"]))
    def run(body):
        assert_not_a_server_error(api.patch("me", body))

    run()


def test_fuzzed_credentials_never_500(world):
    api = _api(world.bob)
    fields = ["kind", "status", "degree_level", "field", "accredited", "certification_type"]
    fields += ["expires_on", "renewal_hours", "awarded_on", "started_on"]

    @FUZZ
    @given(body=body_for(fields))
    def run(body):
        assert_not_a_server_error(api.post(f"people/{world.bob.pk}/credentials", body))

    run()


def test_fuzzed_employments_never_500(world):
    api = _api(world.alice)
    fields = ["library", "branch", "job_class", "weekly_hours", "start_date", "end_date"]
    fields += ["supervisor", "benefits_eligible"]

    @FUZZ
    @given(body=body_for(fields))
    def run(body):
        assert_not_a_server_error(api.post(f"people/{world.bob.pk}/employments", body))

    run()


def test_fuzzed_library_edits_never_500(world):
    api = _api(world.nina)
    fields = ["name", "slug", "kind", "region", "full_time_threshold", "population_served"]

    @FUZZ
    @given(body=body_for(fields))
    def run(body):
        assert_not_a_server_error(api.patch(f"libraries/{world.riverside.pk}", body))

    run()


def test_fuzzed_branches_never_500(world):
    api = _api(world.alice)

    @FUZZ
    @given(body=body_for(["library", "name", "latitude", "longitude", "weekly_hours", "kind"]))
    def run(body):
        assert_not_a_server_error(api.post("branches", body))

    run()


def test_fuzzed_job_classes_and_ladders_never_500(world):
    api = _api(world.nina)
    job_class = ["network", "library", "name", "code", "min_education", "required_certifications"]

    @FUZZ
    @given(
        job_class_body=body_for(job_class),
        ladder_body=body_for(["network", "library", "name", "job_classes"]),
    )
    def run(job_class_body, ladder_body):
        assert_not_a_server_error(api.post("job-classes", job_class_body))
        assert_not_a_server_error(api.post("ladders", ladder_body))

    run()


def test_fuzzed_directory_queries_never_500(world):
    api = _api(world.alice)
    names = st.sampled_from(["q", "library", "branch", "region", "job_class", "hours", "limit"])
    # Query strings reach Django as bytes decoded leniently: no lone surrogates there.
    values = st.text(max_size=12) | st.integers().map(str) | SPECIAL_TEXT.filter(str.isprintable)

    @FUZZ
    @given(params=st.dictionaries(names | st.just("offset"), values, max_size=4))
    def run(params):
        assert_not_a_server_error(api.get("people", **params))

    run()


# Plausible bodies get past the schema, so the services' own rules meet odd combinations
# (an end before the start, a branch of another library, a degree with a certification's
# fields) and must answer with a field error too.

DATES = st.dates().map(dt.date.isoformat)
HOURS = st.decimals(min_value=-5, max_value=200, places=1, allow_nan=False).map(str)


def test_plausible_employments_never_500(world):
    api = _api(world.alice)
    people = [world.alice, world.sam, world.bob, world.carol, None]
    body = st.fixed_dictionaries(
        {
            "library": st.sampled_from([world.riverside.pk, world.hillcrest.pk]),
            "job_class": st.sampled_from([world.page.pk, world.assistant.pk, world.manager.pk]),
            "weekly_hours": HOURS,
            "start_date": DATES,
        },
        optional={
            "branch": st.sampled_from([world.riverside_main.pk, world.hillcrest_branch.pk, None]),
            "supervisor": st.sampled_from([p.pk if p else None for p in people]),
            "end_date": DATES | st.none(),
            "title": st.text(max_size=130),
            "benefits_eligible": st.booleans(),
        },
    )
    employment = Employment.objects.get(person=world.bob)

    @FUZZ
    @given(create=body, update=body)
    def run(create, update):
        assert_not_a_server_error(api.post(f"people/{world.sam.pk}/employments", create))
        update.pop("library")
        assert_not_a_server_error(api.patch(f"employments/{employment.pk}", update))

    run()


def test_plausible_credentials_never_500(world):
    api = _api(world.bob)
    lssc = CertificationType.objects.create(name="LSSC")
    body = st.fixed_dictionaries(
        {"kind": st.sampled_from(["degree", "certification"])},
        optional={
            "status": st.sampled_from(["in_progress", "awarded"]),
            "degree_level": st.sampled_from([*EducationLevel.values, None]),
            "field": st.text(max_size=30),
            "accredited": st.booleans(),
            "certification_type": st.sampled_from([lssc.pk, None]),
            "issuer": st.text(max_size=30),
            "expires_on": DATES | st.none(),
            "renewal_hours": HOURS | st.none(),
            "awarded_on": DATES | st.none(),
            "started_on": DATES | st.none(),
        },
    )

    @FUZZ
    @given(create=body, update=body)
    def run(create, update):
        created = api.post(f"people/{world.bob.pk}/credentials", create)
        assert_not_a_server_error(created)
        if created.status_code == 201:
            patched = api.patch(f"credentials/{created.json()['id']}", update)
            assert_not_a_server_error(patched)

    run()


def test_fuzzed_evidence_uploads_never_500(world):
    api = _api(world.bob)
    credential = f.CredentialFactory(person=world.bob)
    names = st.text(max_size=40) | st.sampled_from(
        ["a.pdf", "a.PNG", "../../x.jpg", ".pdf", "a", "/", "..", "", "x\x00.pdf"]
    )
    heads = st.sampled_from([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"", b"MZ"])

    @FUZZ
    @given(name=names, head=heads, rest=st.binary(max_size=64))
    def run(name, head, rest):
        upload = SimpleUploadedFile("placeholder", head + rest)
        # Past the constructor's own check, so the server meets names like "/" or "..".
        upload._name = name
        response = api.client.post(
            f"{API}/credentials/{credential.pk}/evidence", data={"file": upload}
        )
        assert_not_a_server_error(response)

    run()
