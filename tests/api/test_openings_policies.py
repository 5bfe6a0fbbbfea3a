"""API refusals of the openings rules (ladder.openings.policies)."""

from __future__ import annotations

from ladder.people.models import Employment
from tests.policy_checks import refuses


def test_staff_and_another_librarys_admin_do_not_reach_riverside(world, api_for):
    refuses(api_for(world.bob), "get", f"/api/v1/libraries/{world.riverside.pk}/budget", status=404)
    weights = f"/api/v1/libraries/{world.riverside.pk}/ranking-weights"
    refuses(api_for(world.carol), "get", weights, status=404)


def test_an_admin_may_not_set_her_own_pay(world, api_for):
    job = Employment.objects.get(person=world.alice)
    response = api_for(world.alice).put(f"/api/v1/employments/{job.pk}/pay", {"hourly_wage": "30"})
    assert response.status_code == 403


def test_anonymous_get_401(world, anonymous_api):
    refuses(anonymous_api, "get", "/api/v1/openings", status=401)
