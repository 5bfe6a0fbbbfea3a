"""The pages: who sees what (404 for what one may not see, 403 for what one may not do)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ladder.openings import budgets
from ladder.openings import openings as svc
from ladder.openings.models import Application, Opening, SuccessionScenario
from ladder.people.models import Employment
from tests.openings.conftest import hat, rate, wear
from tests.openings.test_applications import _outsider


def test_staff_see_open_openings_and_apply_with_a_note(world, opening, client_for):
    client = client_for(world.bob)
    page = client.get("/openings/")
    assert opening.display_title in page.content.decode()
    response = client.post(f"/openings/{opening.pk}/", {"action": "apply", "note": "Please"})
    assert response.status_code == 302
    assert Application.objects.get().note == "Please"
    again = client.post(f"/openings/{opening.pk}/", {"action": "apply", "note": "Again"})
    assert again.status_code == 200 and "already applied" in again.content.decode()


def test_drafts_and_other_networks_openings_are_404(world, framework, client_for):
    draft = svc.opening_create(
        by=world.alice, library=world.riverside, job_class=world.page, weekly_hours=10
    )
    assert client_for(world.bob).get(f"/openings/{draft.pk}/").status_code == 404
    assert client_for(world.alice).get(f"/openings/{draft.pk}/").status_code == 200
    svc.opening_publish(by=world.alice, opening=draft)
    olga = _outsider(world)
    assert client_for(olga).get(f"/openings/{draft.pk}/").status_code == 404


def test_applications_show_only_to_the_librarys_admins(world, opening, client_for):
    svc.application_create(by=world.bob, opening=opening, note="secret note")
    assert "secret note" in client_for(world.alice).get(f"/openings/{opening.pk}/").content.decode()
    for other in (world.dave, world.sam, world.carol):
        page = client_for(other).get(f"/openings/{opening.pk}/")
        assert page.status_code == 200 and "secret note" not in page.content.decode()
    # The coordinator has no employment: the opening is not theirs to see.
    assert client_for(world.nina).get(f"/openings/{opening.pk}/").status_code == 404


def test_staff_cannot_manage(world, opening, client_for):
    bob = client_for(world.bob)
    assert bob.post(f"/openings/{opening.pk}/", {"action": "close"}).status_code == 403
    assert bob.get("/openings/manage/").status_code == 403
    assert bob.get(f"/openings/{opening.pk}/ranking/").status_code == 404
    assert client_for(world.carol).get(f"/openings/{opening.pk}/ranking/").status_code == 404
    assert client_for(world.nina).get(f"/openings/{opening.pk}/ranking/").status_code == 404
    assert Opening.objects.get().status == "internal"


def test_admin_creates_publishes_and_ranks(world, framework, client_for):
    client = client_for(world.alice)
    assert client.get("/openings/new/").status_code == 200
    response = client.post(
        "/openings/new/",
        {
            "library": world.riverside.pk,
            "job_class": world.assistant.pk,
            "weekly_hours": "40",
            "reason": "more_hours",
            "c-TOTAL_FORMS": "1",
            "c-INITIAL_FORMS": "0",
            "c-0-competency": framework.competencies.get(code="ils").pk,
            "c-0-kind": "required",
            "c-0-level": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()
    opening = Opening.objects.get()
    assert opening.competencies.count() == 1
    client.post(f"/openings/{opening.pk}/", {"action": "publish"})
    opening.refresh_from_db()
    assert opening.status == "internal"
    page = client.get(f"/openings/{opening.pk}/ranking/")
    assert page.status_code == 200 and "Competency fit" in page.content.decode()
    assert client.get("/openings/manage/").status_code == 200
    client.post(f"/openings/{opening.pk}/ranking/invite/{world.bob.pk}/")
    assert Application.objects.get().status == "invited"


def test_scenario_pages_are_private_to_the_librarys_admins(world, framework, client_for):
    ill = hat(world.riverside, "Interlibrary loan", "6", {"interlibrary-loan": 2})
    wear(ill, world.sam)
    rate(world.bob, "interlibrary-loan", 3)
    client = client_for(world.alice)
    response = client.post(
        "/openings/succession/new/",
        {
            "library": world.riverside.pk,
            "kind": "person_leaves",
            "person": world.sam.pk,
            "hat_share": 60,
        },
    )
    assert response.status_code == 302
    scenario = SuccessionScenario.objects.get()
    page = client.get(f"/openings/succession/{scenario.pk}/")
    assert "Bob Page" in page.content.decode()
    assert client.get("/openings/succession/").status_code == 200
    for other in (world.carol, world.nina, world.sam):
        assert client_for(other).get(f"/openings/succession/{scenario.pk}/").status_code in (
            403,
            404,
        )
    assert client_for(world.bob).get("/openings/succession/").status_code == 403


def test_budget_page_for_admins_only(world, client_for):
    job = Employment.objects.get(person=world.bob)
    budgets.pay_set(by=world.alice, employment=job, hourly_wage=Decimal("14"))
    budgets.budget_set(
        by=world.alice,
        library=world.riverside,
        fiscal_year=2024,
        salaries=500_000,
        benefits=100_000,
        total_operating=1_000_000,
    )
    client = client_for(world.alice)
    page = client.get("/openings/budget/")
    assert page.status_code == 200 and "Personnel share" in page.content.decode()
    whatif = client.post(
        f"/openings/budget/?library={world.riverside.pk}",
        {"action": "whatif", "full_time": job.pk, "income_percent": "-10", "name": ""},
    )
    assert whatif.status_code == 200 and "What-if" in whatif.content.decode()
    bad = client.post(
        f"/openings/budget/?library={world.riverside.pk}",
        {
            "action": "budget",
            "fiscal_year": 2024,
            "salaries": "-1",
            "benefits": "1",
            "total_operating": "1",
            "threshold_percent": "60",
        },
    )
    assert "cannot be negative" in bad.content.decode()
    assert client_for(world.bob).get("/openings/budget/").status_code == 403
    assert client_for(world.nina).get("/openings/budget/").status_code == 403
    assert (
        client_for(world.carol).get(f"/openings/budget/?library={world.riverside.pk}").status_code
        == 404
    )
    assert client_for(world.carol).get(f"/openings/budget/pay/{job.pk}/").status_code == 404


@pytest.mark.parametrize("n", [5])
def test_list_pages_query_counts_do_not_grow(world, framework, client_for, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(k):
        for _ in range(k):
            o = svc.opening_create(
                by=world.alice, library=world.riverside, job_class=world.page, weekly_hours=10
            )
            svc.opening_publish(by=world.alice, opening=o)

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make(n)
    bob, alice = client_for(world.bob), client_for(world.alice)
    small = (count(bob, "/openings/"), count(alice, "/openings/manage/"))
    make(45)
    assert (count(bob, "/openings/"), count(alice, "/openings/manage/")) == small
