"""API: openings, applications, ranking, scenarios, budget — and who may reach them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ladder.openings.models import Application, LibraryBudget, SuccessionScenario
from ladder.people.models import Employment
from tests.api.conftest import assert_error, ids
from tests.openings.conftest import hat, rate, wear


def _create(api, world, framework, **extra):
    body = {
        "library_id": world.riverside.pk,
        "job_class_id": world.assistant.pk,
        "weekly_hours": "40",
        "reason": "more_hours",
        "internal_until": str(timezone.localdate() + dt.timedelta(days=7)),
        "competencies": [{"competency_id": framework.competencies.get(code="ils").pk, "level": 2}],
        **extra,
    }
    return api.post("openings", body)


def test_create_publish_apply_and_rank(world, framework, api_for):
    alice, bob = api_for(world.alice), api_for(world.bob)
    created = _create(alice, world, framework)
    assert created.status_code == 201, created.content
    opening = created.json()
    assert opening["status"] == "draft" and opening["competencies"][0]["level"] == 2
    assert bob.get(f"openings/{opening['id']}").status_code == 404  # a draft
    published = alice.post(f"openings/{opening['id']}/publish", {})
    assert published.json()["status"] == "internal"
    assert opening["id"] in ids(bob.get("openings"))
    applied = bob.post(f"openings/{opening['id']}/applications", {"note": "Full-time please"})
    assert applied.status_code == 201 and applied.json()["status"] == "applied"
    twice = bob.post(f"openings/{opening['id']}/applications", {"note": "again"})
    assert_error(twice, 422)
    assert [a["note"] for a in bob.get("me/applications").json()["items"]] == ["Full-time please"]
    rate(world.bob, "ils", 2)
    ranked = alice.get(f"openings/{opening['id']}/ranking", scope="network")
    assert ranked.status_code == 200
    body = ranked.json()
    assert body["count"] == 2 and body["items"][0]["parts"][0]["lines"]  # bob and dave
    assert {
        a["person"]["id"]
        for a in alice.get(f"openings/{opening['id']}/applications").json()["items"]
    } == {world.bob.pk}


def test_applications_and_ranking_are_hidden_from_others(world, framework, api_for):
    opening = _create(api_for(world.alice), world, framework).json()
    api_for(world.alice).post(f"openings/{opening['id']}/publish", {})
    for outsider in (world.carol, world.bob, world.nina):
        api = api_for(outsider)
        assert_error(api.get(f"openings/{opening['id']}/applications"), 404)
        assert_error(api.get(f"openings/{opening['id']}/ranking"), 404)
        assert_error(
            api.post(f"openings/{opening['id']}/invitations", {"person_id": world.bob.pk}), 404
        )


def test_invite_and_weights(world, framework, api_for):
    alice = api_for(world.alice)
    opening = _create(alice, world, framework).json()
    alice.post(f"openings/{opening['id']}/publish", {})
    invited = alice.post(f"openings/{opening['id']}/invitations", {"person_id": world.dave.pk})
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    weights = alice.put(
        f"libraries/{world.riverside.pk}/ranking-weights",
        {
            "requirements": 10,
            "competencies": 50,
            "initiative": 10,
            "interest": 20,
            "tenure": 10,
            "grace_months": 12,
        },
    )
    assert weights.json()["competencies"] == 50
    assert_error(api_for(world.carol).get(f"libraries/{world.riverside.pk}/ranking-weights"), 404)


def test_window_closed_and_other_network(world, framework, api_for):
    alice = api_for(world.alice)
    opening = _create(alice, world, framework).json()
    alice.post(f"openings/{opening['id']}/publish", {})
    from ladder.openings.models import Opening

    Opening.objects.filter(pk=opening["id"]).update(
        internal_until=timezone.localdate() - dt.timedelta(days=1)
    )
    error = assert_error(api_for(world.bob).post(f"openings/{opening['id']}/applications", {}), 422)
    assert "window closed" in error["message"]
    assert not Application.objects.exists()


def test_scenarios(world, framework, api_for):
    ill = hat(world.riverside, "Interlibrary loan", "6", {"interlibrary-loan": 2})
    wear(ill, world.sam)
    hat(world.riverside, "Cataloguing", "4", {"ils": 4})
    rate(world.bob, "interlibrary-loan", 2)
    alice = api_for(world.alice)
    created = alice.post(
        "succession-scenarios",
        {"library_id": world.riverside.pk, "kind": "person_leaves", "person_id": world.sam.pk},
    )
    assert created.status_code == 201, created.content
    scenario = created.json()
    assert scenario["status"] == "done"
    assert {u["hat"]["name"] for u in scenario["result"]["unassigned"]} == {"Cataloguing"}
    draft = alice.post(f"succession-scenarios/{scenario['id']}/draft-opening")
    assert draft.status_code == 201 and draft.json()["status"] == "draft"
    assert ids(alice.get("succession-scenarios")) == [scenario["id"]]
    assert_error(api_for(world.carol).get(f"succession-scenarios/{scenario['id']}"), 404)
    no_hats = api_for(world.carol).post(
        "succession-scenarios",
        {"library_id": world.hillcrest.pk, "kind": "person_leaves", "person_id": world.dave.pk},
    )
    assert_error(no_hats, 422)
    assert SuccessionScenario.objects.count() == 1


def test_budget_and_what_if(world, api_for):
    alice = api_for(world.alice)
    job = Employment.objects.get(person=world.bob)
    assert alice.put(f"employments/{job.pk}/pay", {"hourly_wage": "14.00"}).status_code == 200
    negative = alice.put(
        f"libraries/{world.riverside.pk}/budget",
        {"fiscal_year": 2024, "salaries": "-1", "benefits": "0", "total_operating": "100"},
    )
    assert_error(negative, 422)
    assert not LibraryBudget.objects.exists()
    saved = alice.put(
        f"libraries/{world.riverside.pk}/budget",
        {
            "fiscal_year": 2024,
            "salaries": "500000",
            "benefits": "100000",
            "total_operating": "1000000",
            "threshold_percent": "60",
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["figures"]["personnel"] == 600000  # the budget's own lines
    whatif = alice.post(
        f"libraries/{world.riverside.pk}/budget/what-if",
        {
            "changes": [
                {"kind": "full_time", "employment_id": job.pk},
                {"kind": "income_change", "percent": -10},
            ],
            "save_as": "Bob full-time",
        },
    )
    assert whatif.status_code == 200, whatif.content
    body = whatif.json()
    assert body["after"]["total_operating"] == 900000 and body["saved_id"]
    assert body["after"]["personnel"] > body["before"]["personnel"]
    removed = alice.post(
        f"libraries/{world.riverside.pk}/budget/what-if",
        {"changes": [{"kind": "remove_post", "employment_id": job.pk}]},
    )
    assert removed.status_code == 200, removed.content
    assert removed.json()["after"]["steps"][0].startswith("Remove ")
    lonely_merge = alice.post(
        f"libraries/{world.riverside.pk}/budget/what-if",
        {"changes": [{"kind": "merge_posts", "employment_ids": [job.pk]}]},
    )
    assert_error(lonely_merge, 422)
    for outsider in (world.carol, world.nina, world.bob):
        assert_error(api_for(outsider).get(f"libraries/{world.riverside.pk}/budget"), 404)
        assert_error(api_for(outsider).put(f"employments/{job.pk}/pay", {"hourly_wage": "1"}), 404)
    assert Decimal(job.pay.hourly_wage) == Decimal("14")


def test_lists_query_counts_do_not_grow(world, framework, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice, bob = api_for(world.alice), api_for(world.bob)

    def make(n):
        for _ in range(n):
            o = _create(alice, world, framework).json()
            alice.post(f"openings/{o['id']}/publish", {})

    def count(api, path):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        return len(ctx.captured_queries)

    make(3)
    count(bob, "openings"), count(alice, "openings/managed")  # warm up (token last-used)
    small = (count(bob, "openings"), count(alice, "openings/managed"))
    make(10)
    assert (count(bob, "openings"), count(alice, "openings/managed")) == small
