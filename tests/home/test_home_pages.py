"""The home page per role (issue #15, 1): each person sees the panels of their roles, in order,
and nothing of other people's or other libraries' business."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.core.access import access_for
from ladder.home.panels import library_panels, team_panel
from ladder.learning.models import Offering, Registration
from ladder.people.models import EducationLevel
from ladder.skills.models import Hat, HatAssignment
from ladder.tuition.models import Enrolment
from tests.careers.eligibility_setup import make_careers
from tests.learning.conftest import HOUR, future, make_session
from tests.tuition.conftest import apply

ME = "Your ladder"
TEAM = "Your team"
LIBRARY = "Your library:"
NETWORK = "Your network:"
SITE = "The site"


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_sees_their_ladder_and_no_team_library_or_network(world, grow, client_for):
    body = home(client_for(grow.tina))
    assert body.count("<h1") == 1
    assert ME in body and "Your next step: Librarian I" in body
    assert "Riverside Public Library" in body and "full-time" in body  # her job
    for other in (TEAM, LIBRARY, NETWORK, SITE):
        assert other not in body
    assert "Where to go" not in body  # no wall of link tiles


def test_a_programme_covering_the_library_offers_to_apply(world, grow, client_for):
    body = home(client_for(grow.tina))
    url = reverse("tuition:apply") + f"?programme={grow.programme.pk}"
    assert "Apply for tuition support" in body and url in body
    assert "No programme covers your library" not in body


def test_no_programme_covering_the_library_says_whom_to_ask(world, grow, client_for):
    # Hillcrest is covered by no programme: dave is told to ask his HR office, carol.
    body = home(client_for(world.dave))
    assert "No programme covers your library yet — ask your HR office" in body
    assert "Carol Other" in body and world.carol.email in body
    assert "Alice Admin" not in body
    assert "Apply for tuition support" not in body


def test_the_next_step_is_the_next_rung_not_the_nearest_class(world, framework, client_for):
    # Bob, a page with no diploma: Librarian II lacks one thing (the MLS), the assistant rung
    # two; his next step is still the assistant rung (issue #16).
    make_careers(world, framework)
    body = home(client_for(world.bob))
    assert "Your next step: Library Assistant" in body
    assert "Your next step: Librarian II" not in body


def test_supervisor_sees_only_their_reports(world, grow, client_for):
    body = home(client_for(world.sam))
    assert TEAM in body and ME in body
    assert "Tina Trainee" in body and "Bob Page" in body
    assert "Dave Assist" not in body
    assert LIBRARY not in body and NETWORK not in body
    # Panels in order: waiting, own ladder, team.
    assert body.index("Waiting for you") < body.index(ME) < body.index(TEAM)


def test_team_panel_says_who_is_eligible_now(world, grow):
    panel = team_panel(access_for(world.sam), world.sam)
    rows = {row.name: row for row in panel.rows}
    assert set(rows) == {"Bob Page", "Tina Trainee"}
    assert rows["Tina Trainee"].step.job_class_name == "Librarian I"
    assert rows["Tina Trainee"].status == "eligible"
    assert panel.eligible_now == 1
    assert all(row.evaluation_due for row in panel.rows)  # nobody evaluated yet


def test_team_panel_lists_hats_worn_with_no_backup(world, grow):
    hat = Hat.objects.create(library=world.riverside, name="Reserves", weekly_hours=Decimal("2"))
    bob_job = world.bob.employments.get()
    start = timezone.localdate() - dt.timedelta(days=30)
    HatAssignment.objects.create(hat=hat, employment=bob_job, role="wearer", start_date=start)
    panel = team_panel(access_for(world.sam), world.sam)
    assert [h.hat_name for h in panel.hats_without_backup] == ["Reserves"]
    HatAssignment.objects.create(
        hat=hat, employment=grow.tina.employments.get(), role="backup", start_date=start
    )
    assert team_panel(access_for(world.sam), world.sam).hats_without_backup == []


def _hillcrest_application(world, grow) -> Enrolment:
    return Enrolment.objects.create(
        programme=grow.programme,
        person=world.dave,
        library=world.hillcrest,
        institution="Kent State University",
        degree_level=EducationLevel.MLS,
        expected_start=dt.date(2026, 8, 25),
        expected_end=dt.date(2028, 5, 15),
    )


def test_library_admin_sees_only_their_librarys_waiting_items(world, grow, client_for):
    apply(grow)  # tina's application, at Riverside
    _hillcrest_application(world, grow)
    (riverside,) = library_panels(access_for(world.alice), world.alice)
    counts = {w.label: w.count for w in riverside.waiting}
    assert riverside.name == "Riverside Public Library"
    assert counts["Tuition applications to decide"] == 1
    (hillcrest,) = library_panels(access_for(world.carol), world.carol)
    assert {w.label: w.count for w in hillcrest.waiting}["Tuition applications to decide"] == 1
    body = home(client_for(world.carol))
    assert "Your library: Hillcrest College Library" in body
    assert "Riverside Public Library" not in body


def test_library_admin_page_links_the_progress_dashboard(world, client_for):
    body = home(client_for(world.alice))
    assert "Your library: Riverside Public Library" in body
    assert 'href="/reports/library/' in body and "Library progress dashboard" in body
    assert body.index("Library progress dashboard") < body.index("Waiting at Riverside")
    assert NETWORK not in body and SITE not in body


def test_coordinator_sees_the_network_panel_only(world, client_for):
    body = home(client_for(world.nina))
    assert "Your network: Buckeye Library Network" in body
    assert 'href="/reports/network/' in body
    assert reverse("network:dashboard") in body
    for other in (ME, TEAM, LIBRARY, SITE):
        assert other not in body


def test_site_admin_with_no_other_role_sees_the_site_panel(world, client_for):
    body = home(client_for(world.root))
    assert SITE in body and reverse("admin:index") in body
    for other in (ME, TEAM, LIBRARY, NETWORK):
        assert other not in body


@pytest.mark.parametrize("person", ["tina", "dave"])
def test_one_h1_and_headings_in_order(world, grow, client_for, person):
    who = grow.tina if person == "tina" else world.dave
    body = home(client_for(who))
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", body)]
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1


def test_an_admin_whose_library_no_programme_covers_is_told_to_set_one_up(world, client_for):
    body = home(client_for(world.alice))
    assert "As its admin you can set one up" in body
    assert "ask your HR office" not in body


def test_a_tuition_application_under_way_is_shown_instead_of_apply(world, grow, client_for):
    enrolment = apply(grow)
    body = home(client_for(grow.tina))
    assert reverse("tuition:enrolment_detail", args=[enrolment.pk]) in body
    assert "Apply for tuition support" not in body


def test_team_panel_counts_training_requests_waiting_for_approval(world, grow):
    offering = Offering.objects.create(
        title="Workshop", kind="workshop", provider_kind="network", provider_network=world.network
    )
    session = make_session(offering, [(future(5), future(5) + 3 * HOUR)])
    Registration.objects.create(person=world.bob, session=session, status="requested")
    Registration.objects.create(person=world.dave, session=session, status="requested")
    world.riverside.registration_needs_approval = True
    world.riverside.save(update_fields=["registration_needs_approval"])
    assert team_panel(access_for(world.sam), world.sam).approvals == 1  # bob's, not dave's
