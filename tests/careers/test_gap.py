"""The gap analysis: ways to close each gap, and the gap page's permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.careers import gaps as gp
from ladder.people.models import EducationLevel
from ladder.skills.models import Interest
from tests import factories as f
from tests.careers.eligibility_setup import Careers, make_careers, offering, rate, session


@pytest.fixture
def careers(world, framework) -> Careers:
    return make_careers(world, framework)


@pytest.fixture
def far_branch(world):
    # About 160 km north-east of Riverside Main (Columbus).
    return f.BranchFactory(
        library=world.hillcrest,
        name="Far",
        latitude=Decimal("41.0"),
        longitude=Decimal("-81.5"),
    )


def test_sessions_nearest_then_free_first(world, careers, far_branch):
    paid_near = offering(
        world, {careers.interview: 3}, title="Near paid", fee="40", paid_by="attendee"
    )
    free_near = offering(world, {careers.interview: 3}, title="Near free")
    far = offering(world, {careers.interview: 4}, title="Far")
    online = offering(world, {careers.interview: 3}, title="Online", kind="webinar")
    s_paid = session(paid_near, branch=world.riverside_main, days=3)
    s_free = session(free_near, branch=world.riverside_east, days=20)
    s_far = session(far, branch=far_branch, days=1)
    s_online = session(online, online=True, days=30)
    analysis = gp.analyse(world.bob, careers.librarian1)
    way = next(w for w in analysis.ways if w.gap.competency_id == careers.interview.pk)
    ids = [s.session_id for s in way.sessions]
    # Both branches share coordinates in the factory: 0 km like online; then free, then soonest.
    assert ids == [s_free.pk, s_online.pk, s_paid.pk, s_far.pk]
    assert way.sessions[-1].distance_km == pytest.approx(160, abs=25)


def test_sessions_below_needed_level_past_or_invisible_are_left_out(world, careers):
    low = offering(world, {careers.interview: 2}, title="Too basic")
    session(low, branch=world.riverside_main)
    past = offering(world, {careers.interview: 3}, title="Past")
    session(past, branch=world.riverside_main, days=-3)
    hillcrest_only = offering(
        world,
        {careers.interview: 3},
        title="Hillcrest in-house",
        provider_kind="library",
        provider_library=world.hillcrest,
    )
    session(hillcrest_only, branch=world.hillcrest_branch)
    restricted = offering(world, {careers.interview: 3}, title="Librarians only")
    restricted.audience_job_classes.add(world.librarian2)
    session(restricted, branch=world.riverside_main)
    analysis = gp.analyse(world.bob, careers.librarian1)
    way = next(w for w in analysis.ways if w.gap.competency_id == careers.interview.pk)
    assert way.sessions == []


def test_elearning_listed(world, careers):
    course = offering(world, {careers.ils: 2}, title="ILS online course", kind="elearning")
    analysis = gp.analyse(world.bob, careers.librarian1)
    way = next(w for w in analysis.ways if w.gap.competency_id == careers.ils.pk)
    assert [e.offering_id for e in way.elearning] == [course.pk]


def _mentor(person, competency, level):
    person.is_mentor = True
    person.save(update_fields=["is_mentor"])
    interest, _ = Interest.objects.get_or_create(person=person)
    interest.teach.add(competency)
    rate(person, competency, level)


def test_mentors_same_branch_then_library_then_network(world, careers):
    east = f.PersonFactory(first_name="Erin", last_name="East")
    f.EmploymentFactory(
        person=east, library=world.riverside, branch=world.riverside_east, job_class=world.page
    )
    for person in (world.dave, east, world.alice):
        _mentor(person, careers.interview, 4)
    low = f.PersonFactory(first_name="Lou", last_name="Low")
    f.EmploymentFactory(
        person=low, library=world.riverside, branch=world.riverside_main, job_class=world.page
    )
    _mentor(low, careers.interview, 2)  # below the level needed
    not_mentor = world.sam
    rate(not_mentor, careers.interview, 4)
    analysis = gp.analyse(world.bob, careers.librarian1)
    way = next(w for w in analysis.ways if w.gap.competency_id == careers.interview.pk)
    assert [(m.person_id, m.proximity) for m in way.mentors] == [
        (world.alice.pk, gp.SAME_BRANCH),
        (east.pk, gp.SAME_LIBRARY),
        (world.dave.pk, gp.SAME_NETWORK),
    ]


def test_degree_gap_shows_library_school_interest(world, careers, client_for):
    Interest.objects.create(person=world.bob, library_school=True)
    analysis = gp.analyse(world.bob, world.librarian2)
    assert analysis.ways[0].gap.kind == "education"
    assert analysis.library_school
    response = client_for(world.bob).get(
        reverse("careers:gap", args=[world.bob.pk, world.librarian2.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "interested in library school" in body
    assert "Tuition programme" in body


def test_gap_page_lists_sessions_and_mentor_links(world, careers, client_for):
    made = offering(world, {careers.interview: 3}, title="Reference interview workshop")
    session(made, branch=world.riverside_main)
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    response = client_for(world.bob).get(
        reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Reference interview: needs level 3 (now 0)" in body
    assert "Reference interview workshop" in body


def test_eligible_person_sees_it(world, careers, client_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    rate(world.bob, careers.interview, 3)
    rate(world.bob, careers.ils, 2)
    response = client_for(world.bob).get(
        reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    )
    assert "Eligible for Librarian I" in response.content.decode()


@pytest.mark.parametrize("viewer", ["bob", "sam", "alice", "root"])
def test_gap_page_allowed_for_self_supervisor_chain_and_admin(world, careers, client_for, viewer):
    url = reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    assert client_for(getattr(world, viewer)).get(url).status_code == 200


@pytest.mark.parametrize("viewer", ["carol", "dave", "nina"])
def test_gap_page_404_for_others(world, careers, client_for, viewer):
    url = reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    assert client_for(getattr(world, viewer)).get(url).status_code == 404


def test_supervisor_of_someone_else_gets_404(world, careers, client_for):
    # sam supervises bob, not alice.
    url = reverse("careers:gap", args=[world.alice.pk, careers.librarian1.pk])
    assert client_for(world.sam).get(url).status_code == 404


def test_job_class_of_another_library_is_404(world, careers, client_for):
    other = f.JobClassFactory(name="Hillcrest only", code="hc-only", library=world.hillcrest)
    url = reverse("careers:gap", args=[world.bob.pk, other.pk])
    assert client_for(world.bob).get(url).status_code == 404


def test_anonymous_is_sent_to_login(world, careers, client):
    url = reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    assert client.get(url).status_code == 302


def test_gap_page_query_count_is_constant(world, careers, client_for):
    url = reverse("careers:gap", args=[world.bob.pk, careers.librarian1.pk])
    client = client_for(world.bob)

    def add(n):
        for i in range(n):
            made = offering(world, {careers.interview: 3, careers.ils: 3}, title=f"W{i}")
            session(made, branch=world.riverside_main, days=5 + i)
            mentor = f.PersonFactory()
            f.EmploymentFactory(person=mentor, library=world.riverside, job_class=world.page)
            _mentor(mentor, careers.ils, 3)

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
