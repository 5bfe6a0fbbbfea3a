"""API: shared learning — licence pools, roundtables, coaching, digest preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ladder.shared_learning import coaching, pools_admin
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    LicencePool,
    RoundtableMembership,
)
from tests.api.conftest import assert_error, ids
from tests.shared_learning.coaching_helpers import ask, mentors
from tests.shared_learning.roundtable_helpers import make_roundtable

pytestmark = pytest.mark.django_db


@pytest.fixture
def m(world, framework):
    return mentors(world, framework)


def _pool(world, seats=1):
    return pools_admin.pool_create(
        by=world.nina,
        data=pools_admin.PoolData(name="Lynda", platform="Lynda.com", seats=seats),
        network=world.network,
    )


# --- licences -------------------------------------------------------------------------------


def test_create_and_update_pool(world, api_for):
    api = api_for(world.nina)
    response = api.post(
        "shared/licences",
        {
            "name": "LinkedIn Learning",
            "platform": "LinkedIn",
            "network_id": world.network.pk,
            "seats": 2,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == {"kind": "network", "id": world.network.pk, "name": world.network.name}
    assert body["window_days"] == 14 and body["cooldown_days"] == 90
    response = api.patch(f"shared/licences/{body['id']}", {"seats": 5})
    assert response.status_code == 200 and response.json()["seats"] == 5


def test_create_pool_refused_for_other_owners(world, api_for):
    assert_error(
        api_for(world.carol).post(
            "shared/licences", {"name": "X", "platform": "Y", "library_id": world.riverside.pk}
        ),
        404,
    )
    assert_error(api_for(world.bob).post("shared/licences", {"name": "X", "platform": "Y"}), 403)
    assert not LicencePool.objects.exists()


def test_update_pool_forbidden_cases(world, api_for):
    pool = _pool(world)
    assert_error(api_for(world.bob).patch(f"shared/licences/{pool.pk}", {"seats": 3}), 403)
    assert_error(api_for(world.nina).patch(f"shared/licences/{pool.pk}", {"seats": 0}), 422)
    assert_error(api_for(world.carol).patch(f"shared/licences/{pool.pk}", {"seats": 3}), 403)


def test_request_withdraw_and_status(world, api_for):
    pool = _pool(world)
    bob, alice = api_for(world.bob), api_for(world.alice)
    response = bob.post(f"shared/licences/{pool.pk}/request", {})
    assert response.status_code == 200 and response.json()["outcome"] == "window"
    response = alice.post(f"shared/licences/{pool.pk}/request", {})
    assert response.json() == {"outcome": "queued", "window": None, "queue_position": 1}
    assert_error(bob.post(f"shared/licences/{pool.pk}/request", {}), 422)  # twice
    me = alice.get(f"shared/licences/{pool.pk}/me").json()
    assert me["queue_position"] == 1 and me["window"] is None
    assert bob.post(f"shared/licences/{pool.pk}/withdraw").status_code == 204
    assert alice.get(f"shared/licences/{pool.pk}/me").json()["window"]["status"] == "active"


def test_pool_report_for_coordinators_only(world, api_for):
    pool = _pool(world)
    api_for(world.bob).post(f"shared/licences/{pool.pk}/request", {})
    response = api_for(world.nina).get(f"shared/licences/{pool.pk}/report")
    assert response.status_code == 200 and response.json()["seats_in_use"] == 1
    assert_error(api_for(world.bob).get(f"shared/licences/{pool.pk}/report"), 403)


def test_pool_list_and_detail_visibility(world, api_for, anonymous_api):
    mine = pools_admin.pool_create(
        by=world.alice,
        data=pools_admin.PoolData(name="Riverside only", platform="P"),
        library=world.riverside,
    )
    assert ids(api_for(world.bob).get("shared/licences")) == [mine.pk]
    assert ids(api_for(world.dave).get("shared/licences")) == []
    assert_error(api_for(world.carol).get(f"shared/licences/{mine.pk}"), 404)
    assert_error(anonymous_api.get("shared/licences"), 401)


# --- roundtables ----------------------------------------------------------------------------


def test_roundtable_join_twice_leave_and_members(world, api_for):
    rt = make_roundtable(world)
    bob = api_for(world.bob)
    assert bob.post(f"shared/roundtables/{rt.pk}/join").status_code == 201
    assert_error(bob.post(f"shared/roundtables/{rt.pk}/join"), 422)
    assert RoundtableMembership.objects.filter(person=world.bob).count() == 1
    members = bob.get(f"shared/roundtables/{rt.pk}/members").json()["items"]
    assert [mm["person"]["id"] for mm in members] == [world.bob.pk]
    assert bob.get(f"shared/roundtables/{rt.pk}").json()["is_member"] is True
    assert bob.post(f"shared/roundtables/{rt.pk}/leave").status_code == 204
    assert bob.get("shared/roundtables").json()["items"][0]["is_member"] is False
    assert bob.get(f"shared/roundtables/{rt.pk}/resources").json()["items"] == []
    assert bob.get(f"shared/roundtables/{rt.pk}/notes").json()["items"] == []


def test_roundtable_hidden_outside_the_network(world, api_for):
    from tests import factories as f

    rt = make_roundtable(world)
    outsider = f.PersonFactory()
    f.EmploymentFactory(person=outsider)
    assert_error(api_for(outsider).get(f"shared/roundtables/{rt.pk}"), 404)
    assert_error(api_for(outsider).post(f"shared/roundtables/{rt.pk}/join"), 404)


# --- coaching -------------------------------------------------------------------------------


def test_mentor_suggestions(world, m, api_for):
    response = api_for(world.bob).get("shared/coaching/mentors", competency_id=m.circulation.pk)
    assert [s["person"]["id"] for s in response.json()] == [m.sam.pk, m.erin.pk, m.dave.pk]
    assert response.json()[0]["scope"] == "same branch"


def test_coaching_full_journey(world, m, api_for):
    bob, sam = api_for(world.bob), api_for(m.sam)
    response = bob.post(
        "shared/coaching",
        {"mentor_id": m.sam.pk, "competency_id": m.circulation.pk, "preferred_times": "Mon"},
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert ids(sam.get("shared/coaching", role="mentor")) == [pk]
    assert ids(bob.get("shared/coaching")) == [pk]
    assert sam.post(f"shared/coaching/{pk}/accept", {"note": "Sure"}).json()["status"] == "accepted"
    start = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = bob.post(f"shared/coaching/{pk}/sessions", {"starts_at": start, "minutes": 60})
    assert response.status_code == 201
    session_id = response.json()["id"]
    CoachingSession.objects.filter(pk=session_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert_error(bob.post(f"shared/coaching/{pk}/sessions/{session_id}/log", {"held": True}), 403)
    response = sam.post(f"shared/coaching/{pk}/sessions/{session_id}/log", {"held": True})
    assert response.status_code == 200 and response.json()["held"] is True
    response = sam.post(f"shared/coaching/{pk}/complete", {"level_reached": 2})
    assert response.status_code == 200
    assert response.json()["status"] == "completed" and response.json()["training_record_id"]


def test_mentor_not_suggested_is_refused(world, m, api_for):
    error = assert_error(
        api_for(world.bob).post(
            "shared/coaching", {"mentor_id": m.weak.pk, "competency_id": m.circulation.pk}
        ),
        422,
    )
    assert "mentor" in error["fields"]
    assert not CoachingRequest.objects.exists()


def test_accepting_someone_elses_request(world, m, api_for):
    request = ask(world, m)
    # erin cannot see it at all; alice (supervisor chain, admin) sees it but may not accept.
    assert_error(api_for(m.erin).post(f"shared/coaching/{request.pk}/accept", {}), 404)
    assert_error(api_for(world.alice).post(f"shared/coaching/{request.pk}/accept", {}), 403)
    assert_error(api_for(world.carol).get(f"shared/coaching/{request.pk}"), 404)
    assert CoachingRequest.objects.get(pk=request.pk).status == "requested"


def test_decline_and_complete_too_early(world, m, api_for):
    request = ask(world, m)
    assert_error(api_for(m.sam).post(f"shared/coaching/{request.pk}/complete", {}), 422)
    response = api_for(m.sam).post(f"shared/coaching/{request.pk}/decline", {"note": "Busy"})
    assert response.json()["status"] == "declined"


@pytest.mark.parametrize("n", [5, 50])
def test_coaching_list_query_count(world, m, api_for, n, django_assert_max_num_queries):
    for _ in range(n):
        CoachingRequest.objects.create(
            learner=world.bob, library=world.riverside, topic="Holds", mentor=m.sam
        )
    api = api_for(m.sam)
    with django_assert_max_num_queries(10):
        response = api.get("shared/coaching", role="mentor", limit=100)
    assert response.json()["count"] == n


# --- digest ---------------------------------------------------------------------------------


def test_digest_preview(world, api_for):
    response = api_for(world.bob).get("shared/digest/preview")
    assert response.status_code == 200
    body = response.json()
    assert body["subscribed"] is True and body["items"] == []
    _ = coaching  # imported for the helpers' side effects only
