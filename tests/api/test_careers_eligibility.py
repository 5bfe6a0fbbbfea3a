"""API: eligibility, gap analysis, recommendations, library and network lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.people.models import EducationLevel
from ladder.skills.models import Interest
from tests import factories as f
from tests.api.conftest import assert_error
from tests.careers.eligibility_setup import Careers, make_careers, offering, rate, session


@pytest.fixture
def careers(world, framework) -> Careers:
    return make_careers(world, framework)


def test_person_eligibility(world, careers, api_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.circulation, 2)
    Interest.objects.create(person=world.bob).target_job_classes.add(world.librarian2)
    response = api_for(world.bob).get(f"careers/people/{world.bob.pk}/eligibility")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {"id": world.assistant.pk, "name": "Library Assistant"} in body["eligible_job_classes"]
    assert body["next_steps"][0]["job_class"]["name"] == "Library Assistant"
    assert body["next_steps"][0]["eligible"] is True
    assert body["targets"][0]["gaps"][0]["label"] == (
        "Needs an ALA-accredited MLS/MLIS (has a Bachelor's degree)"
    )


def test_gap_analysis_with_ways(world, careers, api_for):
    made = offering(world, {careers.interview: 3}, title="Interview workshop")
    s = session(made, branch=world.riverside_main)
    response = api_for(world.sam).get(f"careers/people/{world.bob.pk}/gaps/{careers.librarian1.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["eligible"] is False
    kinds = [g["gap"]["kind"] for g in body["gaps"]]
    assert kinds == ["education", "competency", "competency"]
    interview = next(
        g for g in body["gaps"] if g["gap"]["details"].get("competency_id") == careers.interview.pk
    )
    assert [x["session_id"] for x in interview["sessions"]] == [s.pk]


def test_recommendations(world, careers, api_for):
    made = offering(world, {careers.interview: 3, careers.ils: 2}, title="Both")
    s = session(made, branch=world.riverside_main)
    response = api_for(world.bob).get(
        f"careers/people/{world.bob.pk}/recommendations/{careers.librarian1.pk}"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["session"]["session_id"] for c in body["chosen"]] == [s.pk]
    assert body["chosen"][0]["reason"].startswith("covers ")
    assert body["uncovered"] == []
    assert body["other_gaps"][0]["kind"] == "education"


@pytest.mark.parametrize("viewer", ["carol", "dave", "nina"])
@pytest.mark.parametrize("what", ["eligibility", "gaps/{jc}", "recommendations/{jc}"])
def test_private_to_person_chain_and_admins(world, careers, api_for, viewer, what):
    path = f"careers/people/{world.bob.pk}/" + what.format(jc=careers.librarian1.pk)
    assert_error(api_for(getattr(world, viewer)).get(path), 404)


def test_supervisor_of_someone_else_is_404(world, careers, api_for):
    assert_error(api_for(world.sam).get(f"careers/people/{world.alice.pk}/eligibility"), 404)


def test_anonymous_is_401(world, careers, anonymous_api):
    assert anonymous_api.get(f"careers/people/{world.bob.pk}/eligibility").status_code == 401


def test_library_list(world, careers, api_for):
    rate(world.bob, careers.circulation, 2)
    response = api_for(world.alice).get("careers/eligibility/library", status="one_away")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["person_id"] == world.bob.pk
    assert body["items"][0]["status"] == "one_away"


def test_library_list_hides_other_library(world, careers, api_for):
    response = api_for(world.carol).get("careers/eligibility/library", library=world.riverside.pk)
    assert response.json()["count"] == 0
    assert_error(api_for(world.bob).get("careers/eligibility/library"), 403)
    assert_error(api_for(world.root).get("careers/eligibility/library"), 422)


def test_library_list_query_count(world, careers, api_for):
    client = api_for(world.alice)

    def add(n):
        for _ in range(n):
            p = f.PersonFactory()
            f.EmploymentFactory(person=p, library=world.riverside, job_class=world.page)
            f.CredentialFactory(person=p, degree_level=EducationLevel.SECONDARY)

    add(5)
    client.get("careers/eligibility/library")
    with CaptureQueriesContext(connection) as few:
        client.get("careers/eligibility/library")
    add(45)
    with CaptureQueriesContext(connection) as many:
        response = client.get("careers/eligibility/library")
    assert response.json()["count"] >= 50
    assert len(many) == len(few)


def test_network_counts(world, careers, api_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    rate(world.bob, careers.circulation, 2)
    response = api_for(world.nina).get("careers/eligibility/network")
    assert response.status_code == 200, response.content
    (row,) = response.json()["items"]
    assert row["library"]["name"] == "Riverside Public Library"
    assert (row["staff"], row["eligible"], row["one_away"]) == (1, 1, 0)
    assert "person_id" not in row


def test_network_counts_forbidden(world, careers, api_for):
    assert_error(api_for(world.alice).get("careers/eligibility/network"), 403)
    other = f.NetworkFactory(name="Other", slug="other")
    assert_error(api_for(world.nina).get("careers/eligibility/network", network=other.pk), 404)
