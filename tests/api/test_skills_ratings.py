"""Ratings and the evidence log through the API: seen only by those who manage the person,
recorded by kind (self about oneself, supervisor by the chain), and never changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ladder.orgs.models import Role
from ladder.skills.models import Evidence, Rating
from tests import factories as f
from tests.api.conftest import API, assert_error, ids
from tests.api.test_skills import competency, make_framework

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def ils(db):
    return competency(make_framework(), "ils")


@pytest.fixture
def hr(world):
    """A Riverside admin who is nobody's supervisor: not in bob's supervisor chain."""
    person = f.PersonFactory(email="hr@riverside.example", first_name="Harriet", last_name="HR")
    f.EmploymentFactory(
        person=person,
        library=world.riverside,
        branch=world.riverside_main,
        job_class=world.librarian2,
        weekly_hours=Decimal("40"),
        start_date=dt.date(2020, 1, 6),
    )
    Role.objects.create(person=person, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    return person


def _record(api, person, competency, kind, level, note=""):
    body = {"competency": competency.pk, "kind": kind, "level": level, "note": note}
    return api.post(f"people/{person.pk}/skill-evidence", body)


def _rating(person, competency):
    return Rating.objects.filter(person=person, competency=competency).first()


def test_self_then_supervisor_assessment_sets_the_rating(world, api_for, ils):
    own = _record(api_for(world.bob), world.bob, ils, "self", 3, "I check items in and out.")
    assert own.status_code == 201, own.content
    assert own.json()["recorded_by"]["id"] == world.bob.pk
    assert own.json()["kind_label"] == "Self-assessment"

    confirmed = _record(api_for(world.sam), world.bob, ils, "supervisor", 2)
    assert confirmed.status_code == 201, confirmed.content

    ratings = api_for(world.bob).get(f"people/{world.bob.pk}/ratings").json()["items"]
    assert [(r["competency"]["code"], r["level"], r["source"]) for r in ratings] == [
        ("ils", 2, "supervisor")
    ]
    assert (ratings[0]["self_level"], ratings[0]["supervisor_level"]) == (3, 2)


def test_a_staff_member_cannot_record_a_supervisor_assessment(world, api_for, ils):
    response = _record(api_for(world.bob), world.bob, ils, "supervisor", 4)

    assert_error(response, 403, "permission_denied")
    assert not Evidence.objects.exists()
    assert _rating(world.bob, ils) is None


def test_a_supervisor_rates_only_their_reports(world, api_for, ils):
    # bob is sam's report; alice is above sam. bob cannot assess his supervisor.
    assert_error(_record(api_for(world.bob), world.sam, ils, "supervisor", 1), 404)
    assert_error(_record(api_for(world.sam), world.alice, ils, "supervisor", 1), 404)
    assert _record(api_for(world.alice), world.bob, ils, "supervisor", 2).status_code == 201


def test_nobody_records_a_self_assessment_for_someone_else(world, api_for, ils):
    assert_error(_record(api_for(world.sam), world.bob, ils, "self", 4), 403)
    assert not Evidence.objects.exists()


def test_an_admin_outside_the_chain_records_training_but_no_supervisor_assessment(
    world, api_for, ils, hr
):
    api = api_for(hr)
    assert_error(_record(api, world.bob, ils, "supervisor", 3), 403)
    trained = _record(api, world.bob, ils, "training", 3, "ILS workshop")
    assert trained.status_code == 201, trained.content
    assert _rating(world.bob, ils).level == 3


def test_another_librarys_admin_sees_and_records_nothing(world, api_for, ils):
    Evidence.objects.create(person=world.bob, competency=ils, kind="self", level=2)
    entry = Evidence.objects.get()
    api = api_for(world.carol)

    assert_error(api.get(f"people/{world.bob.pk}/ratings"), 404, "not_found")
    assert_error(api.get(f"people/{world.bob.pk}/skill-evidence"), 404, "not_found")
    assert_error(api.get(f"skill-evidence/{entry.pk}"), 404, "not_found")
    assert_error(_record(api, world.bob, ils, "training", 4), 404, "not_found")
    assert Evidence.objects.count() == 1


def test_colleagues_do_not_see_each_others_ratings(world, api_for, ils):
    Evidence.objects.create(person=world.sam, competency=ils, kind="self", level=2)
    assert_error(api_for(world.bob).get(f"people/{world.sam.pk}/ratings"), 404)
    assert_error(api_for(world.bob).get(f"people/{world.sam.pk}/skill-evidence"), 404)


def test_the_person_their_chain_their_admins_and_site_admins_read_the_log(world, api_for, ils, hr):
    _record(api_for(world.bob), world.bob, ils, "self", 1)
    entry = Evidence.objects.get()
    for reader in (world.bob, world.sam, world.alice, hr, world.root):
        assert ids(api_for(reader).get(f"people/{world.bob.pk}/skill-evidence")) == [entry.pk]
        assert api_for(reader).get(f"skill-evidence/{entry.pk}").status_code == 200


def test_the_log_lists_newest_first_and_filters(world, api_for, ils):
    circulation = competency(ils.framework, "circulation")
    api = api_for(world.bob)
    first = _record(api, world.bob, ils, "self", 1).json()["id"]
    second = _record(api, world.bob, circulation, "self", 2).json()["id"]
    third = _record(api_for(world.sam), world.bob, ils, "supervisor", 2).json()["id"]
    url = f"people/{world.bob.pk}/skill-evidence"

    assert ids(api.get(url)) == [third, second, first]
    assert ids(api.get(url, competency=ils.pk)) == [third, first]
    assert ids(api.get(url, kind="supervisor")) == [third]


def test_ratings_filter_by_area(world, api_for, ils):
    circulation = competency(ils.framework, "circulation")
    api = api_for(world.bob)
    _record(api, world.bob, ils, "self", 1)
    _record(api, world.bob, circulation, "self", 2)

    items = api.get(f"people/{world.bob.pk}/ratings", area=circulation.area_id).json()["items"]

    assert [item["competency"]["code"] for item in items] == ["circulation"]


def test_a_level_off_the_scale_names_the_field_and_records_nothing(world, api_for, ils):
    response = _record(api_for(world.bob), world.bob, ils, "self", 7)

    error = assert_error(response, 422, "validation_error")
    assert list(error["fields"]) == ["level"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "hearsay"}, "kind"),
        ({"competency": 999999}, "competency"),
        ({"level": -1}, "level"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(world, api_for, ils, body, field):
    payload = {"competency": ils.pk, "kind": "self", "level": 1, **body}

    response = api_for(world.bob).post(f"people/{world.bob.pk}/skill-evidence", payload)

    assert field in assert_error(response, 422, "validation_error")["fields"]
    assert not Evidence.objects.exists()


def test_evidence_with_a_file_can_be_downloaded_by_those_who_see_it(
    world, api_for, client_for, ils
):
    api = api_for(world.bob)
    upload = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")

    response = api.client.post(
        f"{API}/people/{world.bob.pk}/skill-evidence/with-file",
        {"competency": ils.pk, "kind": "self", "level": 2, "note": "Course", "file": upload},
        headers=api.headers,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file_name"] == "certificate.pdf"
    assert client_for(world.sam).get(body["download_url"]).status_code == 200
    assert client_for(world.carol).get(body["download_url"]).status_code == 404


def test_a_file_that_is_not_what_it_claims_is_refused(world, api_for, ils):
    api = api_for(world.bob)
    upload = SimpleUploadedFile("certificate.pdf", b"MZ not a pdf", content_type="application/pdf")

    response = api.client.post(
        f"{API}/people/{world.bob.pk}/skill-evidence/with-file",
        {"competency": ils.pk, "kind": "self", "level": 2, "file": upload},
        headers=api.headers,
    )

    assert list(assert_error(response, 422)["fields"]) == ["file"]
    assert not Evidence.objects.exists()


# --- the log cannot be changed ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_endpoint_changes_or_deletes_an_evidence_entry(world, api_for, ils, method):
    _record(api_for(world.bob), world.bob, ils, "self", 2)
    entry = Evidence.objects.get()
    body = {"competency": ils.pk, "kind": "self", "level": 4, "note": "changed"}
    # Even the site admin, who may do everything else.
    api = api_for(world.root)
    call = getattr(api, method)

    for path in (
        f"skill-evidence/{entry.pk}",
        f"people/{world.bob.pk}/skill-evidence",
        f"people/{world.bob.pk}/ratings",
    ):
        response = call(path) if method == "delete" else call(path, body)
        assert_error(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"]

    entry.refresh_from_db()
    assert (entry.level, entry.note, Evidence.objects.count()) == (2, "", 1)
    assert _rating(world.bob, ils).level == 2


def test_the_openapi_document_has_no_way_to_change_the_log(world, api_for):
    paths = api_for(world.bob).get("openapi.json").json()["paths"]
    for path, methods in paths.items():
        if (
            "evidence" in path
            and "credentials" not in path
            and not path.endswith("evidence/{evidence_id}")
        ):
            assert set(methods) <= {"get", "post"}, path
    assert set(paths[f"{API}/skill-evidence/{{evidence_id}}"]) == {"get"}
