"""API refusals of the tuition rules (ladder.tuition.policies)."""

from __future__ import annotations

from tests.policy_checks import refuses
from tests.tuition.conftest import enrolled, grow, submit

__all__ = ["grow"]  # the fixture, shared with tests/tuition


def test_the_claimant_may_not_approve_her_own_claim_and_others_do_not_see_it(
    world, grow, api_for, anonymous_api
):
    claim = submit(enrolled(world, grow))
    url = f"/api/v1/tuition/claims/{claim.pk}/approve"
    refuses(api_for(grow.tina), "post", url)
    refuses(api_for(world.carol), "post", url, status=404)
    refuses(anonymous_api, "post", url, status=401)
    assert api_for(grow.stella).post(url).status_code == 200
