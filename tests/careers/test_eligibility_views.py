"""My career, the library eligibility list and the network counts: content and permissions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.people.models import EducationLevel
from ladder.skills.models import Interest
from tests import factories as f
from tests.careers.eligibility_setup import Careers, make_careers, rate


@pytest.fixture
def careers(world, framework) -> Careers:
    return make_careers(world, framework)


def test_my_career_lists_eligible_next_step_and_targets(world, careers, client_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.circulation, 2)
    interest = Interest.objects.create(person=world.bob)
    interest.target_job_classes.add(world.librarian2)
    response = client_for(world.bob).get(reverse("careers:my_career"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Eligible for <strong>Library Assistant</strong>" in body
    assert "Needs an ALA-accredited MLS/MLIS (has a Bachelor&#x27;s degree)" in body
    assert reverse("careers:gap", args=[world.bob.pk, world.librarian2.pk]) in body


def test_person_career_is_private(world, careers, client_for):
    url = reverse("careers:person_career", args=[world.bob.pk])
    assert client_for(world.sam).get(url).status_code == 200
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.nina).get(url).status_code == 404


def test_library_list_shows_eligible_and_one_away(world, careers, client_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    rate(world.bob, careers.circulation, 2)
    response = client_for(world.alice).get(reverse("careers:library_eligibility"))
    assert response.status_code == 200
    rows = response.context["object_list"]
    bob = next(r for r in rows if r.person_id == world.bob.pk)
    assert bob.status == "eligible"
    assert bob.step.job_class_name == "Library Assistant"
    filtered = client_for(world.alice).get(
        reverse("careers:library_eligibility"), {"status": "eligible"}
    )
    assert [r.person_id for r in filtered.context["object_list"]] == [world.bob.pk]


def test_library_list_one_requirement_away(world, careers, client_for):
    rate(world.bob, careers.circulation, 2)  # no diploma: one requirement away
    response = client_for(world.alice).get(
        reverse("careers:library_eligibility"), {"status": "one_away"}
    )
    (row,) = response.context["object_list"]
    assert row.person_id == world.bob.pk
    assert "One away" in response.content.decode()


def test_supervisor_sees_only_reports(world, careers, client_for):
    other = f.PersonFactory()
    f.EmploymentFactory(person=other, library=world.riverside, job_class=world.page)
    response = client_for(world.sam).get(reverse("careers:library_eligibility"))
    assert response.status_code == 200
    assert {r.person_id for r in response.context["object_list"]} == {world.bob.pk}


def test_other_library_admin_does_not_see_riverside(world, careers, client_for):
    response = client_for(world.carol).get(reverse("careers:library_eligibility"))
    assert response.status_code == 200
    assert world.bob.pk not in {r.person_id for r in response.context["object_list"]}
    bad = client_for(world.carol).get(
        reverse("careers:library_eligibility"), {"library": world.riverside.pk}
    )
    assert world.bob.pk not in {r.person_id for r in bad.context["object_list"]}


def test_plain_staff_and_coordinator_may_not_list(world, careers, client_for):
    assert client_for(world.bob).get(reverse("careers:library_eligibility")).status_code == 403
    assert client_for(world.nina).get(reverse("careers:library_eligibility")).status_code == 403


def test_library_list_query_count_is_constant(world, careers, client_for):
    client = client_for(world.alice)
    url = reverse("careers:library_eligibility")

    def add(n):
        for _ in range(n):
            p = f.PersonFactory()
            f.EmploymentFactory(person=p, library=world.riverside, job_class=world.page)
            f.CredentialFactory(person=p, degree_level=EducationLevel.SECONDARY)
            rate(p, careers.circulation, 1)

    add(5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["total"] >= 50
    assert len(many) == len(few)


def test_network_counts_for_coordinator_without_names(world, careers, client_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.SECONDARY)
    rate(world.bob, careers.circulation, 2)
    response = client_for(world.nina).get(reverse("careers:network_eligibility"))
    assert response.status_code == 200
    (row,) = response.context["object_list"]
    assert (row.library_name, row.job_class_name) == (
        "Riverside Public Library",
        "Library Assistant",
    )
    # sam (branch manager) is not on the ladder and alice is at its top.
    assert (row.staff, row.eligible, row.one_away) == (1, 1, 0)
    assert "Bob" not in response.content.decode()


def test_network_counts_forbidden_to_library_admin(world, careers, client_for):
    assert client_for(world.alice).get(reverse("careers:network_eligibility")).status_code == 403


def test_network_counts_of_another_network_not_shown(world, careers, client_for):
    other = f.NetworkFactory(name="Other", slug="other")
    response = client_for(world.nina).get(
        reverse("careers:network_eligibility"), {"network": other.pk}
    )
    assert response.context["network"] == world.network
