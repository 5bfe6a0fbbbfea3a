"""Recommended sessions: the cheapest cover of the competency gaps, with reasons."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ladder.careers import recommend as rc
from ladder.learning.models import Registration
from ladder.people.models import EducationLevel
from tests import factories as f
from tests.careers.eligibility_setup import Careers, make_careers, offering, rate, session


@pytest.fixture
def careers(world, framework) -> Careers:
    return make_careers(world, framework)


def test_one_session_covering_both_beats_two(world, careers):
    both = offering(world, {careers.interview: 3, careers.ils: 2}, title="Both", hours="3")
    one = offering(world, {careers.interview: 3}, title="Interview", hours="1")
    other = offering(world, {careers.ils: 2}, title="ILS", hours="1")
    s_both = session(both, branch=world.riverside_main)
    session(one, branch=world.riverside_main)
    session(other, branch=world.riverside_main)
    rec = rc.recommend(world.bob, careers.librarian1)
    # 20 + 45 = 65 for one session against 2 x (20 + 15) = 70 for two.
    assert [c.session.session_id for c in rec.chosen] == [s_both.pk]
    assert rec.uncovered == []
    assert rec.optimal
    reason = rec.chosen[0].reason
    assert reason.startswith("covers Ils (level 0 → 2) and Reference interview (level 0 → 3)")
    assert "free" in reason and "0 km away" in reason


def test_fee_and_distance_weigh_in(world, careers):
    far_branch = f.BranchFactory(
        library=world.hillcrest, name="Far", latitude=Decimal("41.0"), longitude=Decimal("-81.5")
    )
    paid = offering(world, {careers.interview: 3}, title="Paid", fee="200", paid_by="attendee")
    far = offering(world, {careers.interview: 3}, title="Far")
    online = offering(world, {careers.interview: 3}, title="Online", kind="webinar", hours="4")
    session(paid, branch=world.riverside_main)
    session(far, branch=far_branch)
    s_online = session(online, online=True)
    rec = rc.recommend(world.bob, careers.librarian1)
    chosen = [
        c.session.session_id for c in rec.chosen if careers.interview.pk in c.session.competencies
    ]
    # paid: 20+45+200 = 265; far: 20+45+0.7*~160 = ~177; online: 20+60 = 80.
    assert chosen == [s_online.pk]
    assert "online" in rec.chosen[0].reason


def test_uncovered_gaps_are_listed(world, careers):
    made = offering(world, {careers.interview: 3})
    session(made, branch=world.riverside_main)
    rec = rc.recommend(world.bob, careers.librarian1)
    assert [g.competency_id for g in rec.uncovered] == [careers.ils.pk]
    assert rec.other_gaps[0].kind == "education"


def test_nothing_to_recommend_when_competencies_met(world, careers):
    rate(world.bob, careers.interview, 3)
    rate(world.bob, careers.ils, 2)
    rec = rc.recommend(world.bob, careers.librarian1)
    assert rec.chosen == [] and rec.uncovered == []


def test_session_cost_documented_weights():
    option = rc.SessionOption(
        session_id=1,
        offering_id=1,
        title="x",
        kind="Workshop",
        starts_at=None,  # type: ignore[arg-type]
        online=False,
        place="",
        distance_km=10.0,
        fee=Decimal("100"),
        paid_by="library",
        hours=Decimal("2"),
    )
    expected = rc.SESSION_COST + 2 * rc.HOUR_COST + 100 * rc.SPONSORED_FEE_SHARE + 20 * rc.KM_COST
    assert rc.session_cost(option) == pytest.approx(expected)


def test_recommend_page_shows_reasons(world, careers, client_for):
    f.CredentialFactory(person=world.bob, degree_level=EducationLevel.BACHELOR)
    made = offering(world, {careers.interview: 3, careers.ils: 2}, title="Reference and ILS day")
    session(made, branch=world.riverside_main)
    response = client_for(world.bob).get(
        reverse("careers:recommend", args=[world.bob.pk, careers.librarian1.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Reference and ILS day" in body
    assert "Covers Ils (level 0 → 2) and Reference interview (level 0 → 3)" in body


def test_recommend_page_lists_uncovered(world, careers, client_for):
    response = client_for(world.sam).get(
        reverse("careers:recommend", args=[world.bob.pk, careers.librarian1.pk])
    )
    assert response.status_code == 200
    assert "Gaps no upcoming session covers" in response.content.decode()


@pytest.mark.parametrize("viewer", ["carol", "dave", "nina"])
def test_recommend_page_404_for_others(world, careers, client_for, viewer):
    url = reverse("careers:recommend", args=[world.bob.pk, careers.librarian1.pk])
    assert client_for(getattr(world, viewer)).get(url).status_code == 404


def test_a_session_already_registered_for_is_taken_first_and_said_so(world, careers):
    paid = offering(world, {careers.interview: 3}, title="Paid", fee="200", paid_by="attendee")
    cheap = offering(world, {careers.interview: 3}, title="Cheap")
    s_paid = session(paid, branch=world.riverside_main)
    session(cheap, branch=world.riverside_main)
    Registration.objects.create(session=s_paid, person=world.bob, status="confirmed")
    rec = rc.recommend(world.bob, careers.librarian1)
    held = [c for c in rec.chosen if c.session.session_id == s_paid.pk]
    assert held and held[0].registered and held[0].cost == 0
    assert held[0].reason.startswith("already registered; covers Reference interview")
    assert all(
        careers.interview.pk not in c.session.competencies for c in rec.chosen if c != held[0]
    )


def test_a_cancelled_registration_does_not_count(world, careers):
    paid = offering(world, {careers.interview: 3}, title="Paid", fee="200", paid_by="attendee")
    cheap = offering(world, {careers.interview: 3}, title="Cheap")
    s_paid = session(paid, branch=world.riverside_main)
    s_cheap = session(cheap, branch=world.riverside_main)
    Registration.objects.create(session=s_paid, person=world.bob, status="cancelled")
    rec = rc.recommend(world.bob, careers.librarian1)
    ids = [c.session.session_id for c in rec.chosen]
    assert s_cheap.pk in ids and s_paid.pk not in ids
