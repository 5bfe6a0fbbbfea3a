"""Succession scenarios: before/after, hats nobody can take, the draft opening, bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.openings import scenarios as svc
from ladder.openings.models import Opening, SuccessionScenario
from ladder.people.models import Employment
from tests.openings.conftest import hat, rate, wear


@pytest.fixture
def board(world, framework):
    """Riverside's hats: sam wears ILL and the ILS hat; bob backs up ILL; nobody else knows the
    ILS well enough."""
    ill = hat(world.riverside, "Interlibrary loan", "6", {"interlibrary-loan": 2})
    ils = hat(world.riverside, "ILS support", "4", {"ils": 3})
    wear(ill, world.sam)
    wear(ils, world.sam)
    wear(ill, world.bob, role="backup")
    rate(world.sam, "interlibrary-loan", 3)
    rate(world.sam, "ils", 3)
    rate(world.bob, "interlibrary-loan", 2)
    rate(world.alice, "interlibrary-loan", 1)
    return {"ill": ill, "ils": ils}


def test_person_leaves_moves_their_hats_and_reports_the_rest(world, board):
    scenario = svc.scenario_create(
        by=world.alice, library=world.riverside, kind="person_leaves", person=world.sam
    )
    assert scenario.status == SuccessionScenario.Status.DONE
    result = scenario.result
    people = {row["name"]: row for row in result["people"]}
    assert people["Sam Super"]["leaving"]
    assert [h["name"] for h in people["Sam Super"]["before"]] == [
        "ILS support",
        "Interlibrary loan",
    ]
    assert people["Sam Super"]["after"] == []
    assert [h["name"] for h in people["Bob Page"]["after"]] == ["Interlibrary loan"]
    assert [u["hat"]["name"] for u in result["unassigned"]] == ["ILS support"]
    assert result["unassigned"][0]["reason"] == "no_one_qualified"
    assert result["unassigned"][0]["competencies"] == [
        {"id": board["ils"].requirements.get().competency_id, "name": "Ils", "level": 3}
    ]
    assert result["gap_percent"] <= 1


def test_draft_opening_for_the_skill_set_we_lack(world, board):
    scenario = svc.scenario_create(
        by=world.alice, library=world.riverside, kind="person_leaves", person=world.sam
    )
    opening = svc.scenario_draft_opening(by=world.alice, scenario=scenario)
    assert opening.status == Opening.Status.DRAFT
    assert opening.from_scenario == scenario
    assert opening.job_class == world.manager  # sam's post
    assert [(c.competency.code, c.kind, c.level) for c in opening.competencies.all()] == [
        ("ils", "required", 3)
    ]
    # Asked again, the same draft comes back.
    assert svc.scenario_draft_opening(by=world.alice, scenario=scenario) == opening


def test_capacity_limits_who_takes_what(world, board):
    # bob works 15 h; at 10 % he has 1.5 h for hats, too few for the 6 h ILL hat.
    scenario = svc.scenario_create(
        by=world.alice,
        library=world.riverside,
        kind="person_leaves",
        person=world.sam,
        hat_share=10,
    )
    reasons = {u["hat"]["name"]: u["reason"] for u in scenario.result["unassigned"]}
    assert reasons["Interlibrary loan"] == "no_hours_left"


def test_post_vacant_uses_the_named_post(world, board):
    post = Employment.objects.get(person=world.sam)
    scenario = svc.scenario_create(
        by=world.alice, library=world.riverside, kind="post_vacant", employment=post
    )
    assert scenario.status == "done" and scenario.person == world.sam


def test_a_library_without_hats_is_refused_and_nothing_saved(world, framework):
    with pytest.raises(ValidationError, match="no hats"):
        svc.scenario_create(
            by=world.carol, library=world.hillcrest, kind="person_leaves", person=world.dave
        )
    assert not SuccessionScenario.objects.exists()


def test_bad_choices_are_refused(world, board):
    with pytest.raises(ValidationError) as exc:
        svc.scenario_create(
            by=world.alice, library=world.riverside, kind="person_leaves", person=world.dave
        )
    assert "person" in exc.value.error_dict
    with pytest.raises(PermissionDenied):
        svc.scenario_create(
            by=world.carol, library=world.riverside, kind="person_leaves", person=world.sam
        )
    with pytest.raises(PermissionDenied):
        svc.scenario_create(
            by=world.nina, library=world.riverside, kind="person_leaves", person=world.sam
        )
    assert not SuccessionScenario.objects.exists()


def test_nothing_to_advertise_when_every_hat_is_taken(world, board):
    rate(world.alice, "ils", 4)
    scenario = svc.scenario_create(
        by=world.alice, library=world.riverside, kind="person_leaves", person=world.sam
    )
    assert scenario.result["unassigned"] == []
    with pytest.raises(ValidationError, match="Every hat"):
        svc.scenario_draft_opening(by=world.alice, scenario=scenario)


def test_a_large_library_runs_through_the_task_interface(world, board, monkeypatch):
    monkeypatch.setattr(svc, "INLINE_HATS", 1)
    scenario = svc.scenario_create(
        by=world.alice, library=world.riverside, kind="person_leaves", person=world.sam
    )
    assert scenario.job is not None and scenario.job.state == "done"
    assert scenario.status == "done"
