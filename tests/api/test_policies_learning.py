"""The API refuses what the learning and shared-learning rules refuse: someone from another
library, a staff member, and an anonymous caller (401)."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_error
from tests.learning.conftest import (
    Catalogue,
    catalogue,  # noqa: F401 (the fixture, used by name)
)
from tests.policy_checks import refuses

pytestmark = pytest.mark.django_db


def test_offerings_and_sessions_are_changed_by_their_provider(
    world, request, api_for, anonymous_api
):
    training: Catalogue = request.getfixturevalue("catalogue")
    network = training.network_workshop  # carol sees it (a member library), may not change it
    edit = f"offerings/{network.pk}"
    assert_error(api_for(world.carol).patch(edit, {"title": "Mine"}), 403)
    assert_error(api_for(world.bob).patch(edit, {"title": "Mine"}), 403)
    assert_error(anonymous_api.patch(edit, {"title": "Mine"}), 401)
    competencies = f"offerings/{network.pk}/competencies"
    assert_error(api_for(world.carol).put(competencies, {"competencies": []}), 403)
    body = {"title": "X", "kind": "workshop", "provider_kind": "library"}
    assert_error(api_for(world.bob).post("offerings", {**body, "provider_library": 1}), 403)
    cancel = f"sessions/{training.workshop_north.pk}/cancel"
    assert_error(api_for(world.carol).post(cancel, {"reason": "No"}), 403)


def test_approvals_rosters_and_attendance_are_for_those_who_decide_and_run(
    world, request, api_for, anonymous_api
):
    training: Catalogue = request.getfixturevalue("catalogue")
    refuses(api_for(world.bob), "get", "approvals")
    refuses(anonymous_api, "get", "approvals")
    roster = f"sessions/{training.workshop_north.pk}/roster"
    refuses(api_for(world.carol), "get", roster)
    refuses(api_for(world.bob), "get", roster)
    refuses(anonymous_api, "get", roster)


def test_licence_pools_are_added_by_admins_and_coordinators(world, api_for, anonymous_api):
    body = {"name": "X", "platform": "Y", "seats": 1, "library_id": world.riverside.pk}
    refuses(api_for(world.bob), "post", "shared/licences", body)
    refuses(anonymous_api, "post", "shared/licences", body)
    assert api_for(world.alice).post("shared/licences", body).status_code == 201
