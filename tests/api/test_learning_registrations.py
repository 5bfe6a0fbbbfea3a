"""Registration, seat offers, approvals and attendance through the API. Every refusal is a
4xx in the one error format and changes nothing."""

from __future__ import annotations

from ladder.learning.models import Registration, TrainingRecord
from tests.api import test_learning_catalogue as shared
from tests.api.conftest import assert_error, ids
from tests.learning.conftest import future, make_session, register

training = shared.training
S = Registration.Status


def _rows() -> list[tuple[int, int, str]]:
    return list(
        Registration.objects.order_by("pk").values_list("session_id", "person_id", "status")
    )


def _refused(response, status: int, phrase: str, field: str | None = "session") -> None:
    error = assert_error(response, status)
    assert phrase in error["message"], error
    if field:
        assert field in error["fields"], error


# --- registering ----------------------------------------------------------------------------


def test_staff_register_for_a_seat(world, api_for, training):
    response = api_for(world.bob).post(f"sessions/{training.north.pk}/registrations")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["person"]["id"], body["session"]["id"]) == (
        "confirmed",
        world.bob.pk,
        training.north.pk,
    )
    assert body["waitlist_position"] is None


def test_a_full_session_puts_people_on_the_waitlist_in_order(world, api_for, training):
    first = api_for(world.bob).post(f"sessions/{training.south_full.pk}/registrations").json()
    second = api_for(world.sam).post(f"sessions/{training.south_full.pk}/registrations").json()

    assert (first["status"], first["waitlist_position"]) == ("waitlisted", 1)
    assert (second["status"], second["waitlist_position"]) == ("waitlisted", 2)


def test_registering_twice_is_refused(world, api_for, training):
    api = api_for(world.bob)
    api.post(f"sessions/{training.north.pk}/registrations")
    before = _rows()

    again = api.post(f"sessions/{training.north.pk}/registrations")

    _refused(again, 422, "already registered")
    assert _rows() == before


def test_registering_after_the_deadline_is_refused(world, api_for, training):
    closed = make_session(
        training.workshop,
        [(future(3), future(3, 17))],
        venue_branch=world.riverside_main,
        registration_deadline=future(-1),
    )
    before = _rows()

    _refused(api_for(world.bob).post(f"sessions/{closed.pk}/registrations"), 422, "closed")
    assert _rows() == before


def test_registering_for_a_cancelled_session_is_refused(world, api_for, training):
    training.series.status = "cancelled"
    training.series.save()
    before = _rows()

    response = api_for(world.bob).post(f"sessions/{training.series.pk}/registrations")

    _refused(response, 422, "cancelled")
    assert _rows() == before


def test_registering_for_a_past_session_is_refused(world, api_for, training):
    before = _rows()

    response = api_for(world.sam).post(f"sessions/{training.past.pk}/registrations")

    _refused(response, 422, "already started")
    assert _rows() == before


def test_registering_outside_ones_audience_is_refused_with_the_reason(world, api_for, training):
    training.in_house.audience_job_classes.set([world.librarian2])
    training.in_house.restriction_reason = "For the reference desk only."
    training.in_house.save()
    before = _rows()

    response = api_for(world.bob).post(f"sessions/{training.series.pk}/registrations")

    _refused(response, 422, "For the reference desk only.")
    assert _rows() == before


def test_another_librarys_staff_cannot_reach_riversides_sessions(world, api_for, training):
    before = _rows()

    assert_error(api_for(world.dave).post(f"sessions/{training.series.pk}/registrations"), 404)
    assert_error(api_for(world.carol).post(f"sessions/{training.series.pk}/registrations"), 404)
    assert _rows() == before


def test_registering_needs_authentication(anonymous_api, training):
    assert_error(anonymous_api.post(f"sessions/{training.north.pk}/registrations"), 401)
    assert_error(anonymous_api.get("me/registrations"), 401)


# --- one's own registrations ----------------------------------------------------------------


def test_my_registrations_lists_upcoming_then_past(world, api_for, training):
    upcoming = register(world.bob, training.north)
    waiting = register(world.bob, training.south_full, status=S.WAITLISTED)
    api = api_for(world.bob)

    assert ids(api.get("me/registrations")) == [upcoming.pk, waiting.pk]
    past = Registration.objects.get(person=world.bob, session=training.past)
    assert ids(api.get("me/registrations", when="past")) == [past.pk]
    assert ids(api.get("me/registrations", when="all", status="waitlisted")) == [waiting.pk]
    assert api.get("me/registrations").json()["items"][1]["waitlist_position"] == 1


def test_a_registration_is_seen_by_the_person_their_supervisor_and_the_facilitator(
    world, api_for, training
):
    registration = register(world.bob, training.north)
    path = f"registrations/{registration.pk}"

    for reader in (world.bob, world.sam, world.alice, world.nina):
        assert api_for(reader).get(path).status_code == 200, reader
    assert_error(api_for(world.carol).get(path), 404)
    assert_error(api_for(world.dave).get(path), 404)


def test_people_cancel_their_own_registration_and_the_seat_moves_on(world, api_for, training):
    dave_seat = Registration.objects.get(session=training.south_full, person=world.dave)
    bob_wait = register(world.bob, training.south_full, status=S.WAITLISTED)

    response = api_for(world.dave).post(f"registrations/{dave_seat.pk}/cancel")

    assert response.json()["status"] == "cancelled"
    bob_wait.refresh_from_db()
    assert bob_wait.status == S.CONFIRMED


def test_nobody_cancels_someone_elses_registration(world, api_for, training):
    registration = register(world.bob, training.north)
    path = f"registrations/{registration.pk}/cancel"

    _refused(api_for(world.sam).post(path), 403, "only your own", field=None)
    assert_error(api_for(world.carol).post(path), 404)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_a_held_seat_is_accepted_or_declined_by_its_person(world, api_for, training):
    training.workshop.offer_hold_hours = 24
    training.workshop.save()
    bob_wait = register(world.bob, training.south_full, status=S.WAITLISTED)
    sam_wait = register(world.sam, training.south_full, status=S.WAITLISTED)
    dave_seat = Registration.objects.get(session=training.south_full, person=world.dave)
    api_for(world.dave).post(f"registrations/{dave_seat.pk}/cancel")
    bob_wait.refresh_from_db()
    assert bob_wait.status == S.OFFERED

    assert_error(api_for(world.sam).post(f"registrations/{bob_wait.pk}/accept"), 403)
    declined = api_for(world.bob).post(f"registrations/{bob_wait.pk}/decline-offer")

    assert declined.json()["status"] == "cancelled"
    sam_wait.refresh_from_db()
    assert sam_wait.status == S.OFFERED
    accepted = api_for(world.sam).post(f"registrations/{sam_wait.pk}/accept")
    assert accepted.json()["status"] == "confirmed"
    again = api_for(world.sam).post(f"registrations/{sam_wait.pk}/accept")
    _refused(again, 422, "no seat offer", field="registration")


# --- approvals ------------------------------------------------------------------------------


def _needs_approval(world) -> None:
    world.riverside.registration_needs_approval = True
    world.riverside.save()


def test_a_request_waits_for_the_supervisor_who_approves_it(world, api_for, training):
    _needs_approval(world)
    created = api_for(world.bob).post(f"sessions/{training.north.pk}/registrations").json()
    assert created["status"] == "requested"

    queue = api_for(world.sam).get("approvals").json()["items"]
    assert [item["id"] for item in queue] == [created["id"]]
    assert queue[0]["positions"][0]["job_class"]["name"] == "Page"

    approved = api_for(world.sam).post(f"registrations/{created['id']}/approve")
    assert approved.json()["status"] == "confirmed"
    assert approved.json()["decided_by"]["id"] == world.sam.pk


def test_the_librarys_admin_declines_a_request_with_a_reason(world, api_for, training):
    _needs_approval(world)
    created = api_for(world.bob).post(f"sessions/{training.north.pk}/registrations").json()

    response = api_for(world.alice).post(
        f"registrations/{created['id']}/decline", {"reason": "Desk coverage that week."}
    )

    assert (response.json()["status"], response.json()["note"]) == (
        "declined",
        "Desk coverage that week.",
    )


def test_only_the_persons_supervisors_and_admins_decide(world, api_for, training):
    _needs_approval(world)
    created = api_for(world.bob).post(f"sessions/{training.north.pk}/registrations").json()
    path = f"registrations/{created['id']}"

    _refused(api_for(world.bob).post(f"{path}/approve"), 403, "your own", field=None)
    assert_error(api_for(world.bob).get("approvals"), 403, "permission_denied")
    assert_error(api_for(world.carol).post(f"{path}/approve"), 404)
    assert_error(api_for(world.carol).post(f"{path}/decline", {}), 404)
    assert ids(api_for(world.carol).get("approvals")) == []
    # The facilitator sees the roster, but approval is about desk coverage, not the session.
    assert_error(api_for(world.nina).post(f"{path}/approve"), 403)
    assert Registration.objects.get(pk=created["id"]).status == S.REQUESTED


# --- roster and attendance ------------------------------------------------------------------


def test_the_facilitator_and_the_organiser_see_the_roster(world, api_for, training):
    bob = register(world.bob, training.north)
    dave = register(world.dave, training.north, status=S.WAITLISTED)

    for reader in (world.sam, world.nina, world.root):
        assert ids(api_for(reader).get(f"sessions/{training.north.pk}/roster")) == [
            bob.pk,
            dave.pk,
        ]
    rows = api_for(world.sam).get(f"sessions/{training.north.pk}/roster").json()["items"]
    assert rows[1]["waitlist_position"] == 1
    assert rows[0]["positions"][0]["library"]["name"] == "Riverside Public Library"


def test_nobody_else_sees_the_roster(world, api_for, training):
    register(world.bob, training.north)

    assert_error(api_for(world.bob).get(f"sessions/{training.north.pk}/roster"), 403)
    assert_error(api_for(world.carol).get(f"sessions/{training.north.pk}/roster"), 403)
    assert_error(api_for(world.carol).get(f"sessions/{training.series.pk}/roster"), 404)
    assert_error(api_for(world.dave).get(f"sessions/{training.past.pk}/roster"), 404)


def test_the_facilitator_marks_attendance_and_the_transcript_follows(world, api_for, training):
    registration = Registration.objects.get(session=training.past, person=world.bob)

    response = api_for(world.sam).post(
        f"registrations/{registration.pk}/attendance", {"attended": True}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "attended"
    record = TrainingRecord.objects.get(registration=registration)
    assert (record.person, record.hours) == (world.bob, 4)


def test_attendance_marked_by_someone_not_running_the_session_is_refused(world, api_for, training):
    registration = Registration.objects.get(session=training.past, person=world.bob)
    path = f"registrations/{registration.pk}/attendance"

    _refused(api_for(world.bob).post(path, {"attended": True}), 403, "facilitators", field=None)
    assert_error(api_for(world.carol).post(path, {"attended": True}), 404)
    assert_error(api_for(world.dave).post(path, {"attended": True}), 404)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert not TrainingRecord.objects.exists()


def test_attendance_before_the_session_is_refused(world, api_for, training):
    registration = register(world.bob, training.north)

    response = api_for(world.sam).post(
        f"registrations/{registration.pk}/attendance", {"attended": True}
    )

    _refused(response, 422, "from the day the session starts")
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_attendance_needs_a_yes_or_no(world, api_for, training):
    registration = Registration.objects.get(session=training.past, person=world.bob)

    response = api_for(world.sam).post(f"registrations/{registration.pk}/attendance", {})

    assert "attended" in assert_error(response, 422)["fields"]


def test_mark_all_present(world, api_for, training):
    register(world.alice, training.past)
    no_show = register(world.dave, training.past, status=S.NO_SHOW)

    assert_error(
        api_for(world.bob).post(f"sessions/{training.past.pk}/attendance/all-present"), 403
    )
    response = api_for(world.sam).post(f"sessions/{training.past.pk}/attendance/all-present")

    assert response.json() == {"marked": 2}
    no_show.refresh_from_db()
    assert no_show.status == S.NO_SHOW
    assert TrainingRecord.objects.count() == 2
