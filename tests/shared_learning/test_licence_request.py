"""licence_request and licence_withdraw: seats, the queue and the rules that refuse a request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ladder.core.models import AuditEntry
from ladder.shared_learning.licences import (
    licence_request,
    licence_withdraw,
    my_licence,
    queue,
    queue_position,
)
from ladder.shared_learning.models import LicenceRequest, LicenceWindow
from tests import factories as f
from tests.shared_learning import make_pool, past_window, staff, state

W = LicenceWindow.Status
R = LicenceRequest.Status
TODAY = dt.date.today


def _refused(by, pool, field: str, words: str, **kwargs) -> None:
    before = state(pool)
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        licence_request(by=by, pool=pool, **kwargs)
    assert words in " ".join(caught.value.message_dict[field])
    assert state(pool) == before
    assert AuditEntry.objects.count() == audit


def test_a_free_seat_starts_a_window_today_for_the_pools_length(world):
    pool = make_pool(world, window_days=14)

    window = licence_request(by=world.bob, pool=pool)

    assert isinstance(window, LicenceWindow)
    assert window.status == W.ACTIVE
    assert window.starts_on == TODAY()
    assert window.ends_on == TODAY() + dt.timedelta(days=13)
    assert AuditEntry.objects.filter(action="shared_learning.licence.window_started").exists()


def test_a_chosen_start_date_within_the_limit_books_the_window(world):
    pool = make_pool(world, max_start_delay_days=10)
    start = TODAY() + dt.timedelta(days=10)

    window = licence_request(by=world.bob, pool=pool, start_on=start)

    assert isinstance(window, LicenceWindow)
    assert (window.status, window.starts_on) == (W.SCHEDULED, start)


def test_a_start_date_beyond_the_limit_is_refused(world):
    pool = make_pool(world, max_start_delay_days=10)
    _refused(
        world.bob,
        pool,
        "start_on",
        "at most 10 days ahead",
        start_on=TODAY() + dt.timedelta(days=11),
    )


def test_a_start_date_in_the_past_is_refused(world):
    pool = make_pool(world)
    _refused(
        world.bob, pool, "start_on", "today or a later day", start_on=TODAY() - dt.timedelta(1)
    )


def test_asking_twice_with_an_open_window_is_refused(world):
    pool = make_pool(world)
    licence_request(by=world.bob, pool=pool)
    _refused(world.bob, pool, "pool", "You already have a window")


def test_asking_twice_while_in_the_queue_is_refused(world):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    assert isinstance(licence_request(by=world.bob, pool=pool), LicenceRequest)
    _refused(world.bob, pool, "pool", "already in the queue")


def test_asking_during_the_cooldown_is_refused_with_the_date_one_may_ask_again(world):
    pool = make_pool(world, cooldown_days=90)
    last = past_window(pool, world.bob, ended_days_ago=30)
    again = last.ends_on + dt.timedelta(days=90)

    _refused(world.bob, pool, "pool", "you may ask again from")
    assert my_licence(world.bob, pool).next_request_on == again


def test_asking_after_the_cooldown_starts_a_new_window(world):
    pool = make_pool(world, cooldown_days=90)
    past_window(pool, world.bob, ended_days_ago=90)

    window = licence_request(by=world.bob, pool=pool)

    assert isinstance(window, LicenceWindow)


def test_a_cancelled_window_does_not_start_a_cooldown(world):
    pool = make_pool(world)
    licence_request(by=world.bob, pool=pool, start_on=TODAY() + dt.timedelta(days=3))
    licence_withdraw(by=world.bob, pool=pool)

    window = licence_request(by=world.bob, pool=pool)

    assert isinstance(window, LicenceWindow)


def test_staff_of_a_library_that_left_the_network_are_not_eligible(world):
    pool = make_pool(world)
    world.hillcrest.memberships.update(
        joined_on=dt.date(2015, 1, 1), left_on=TODAY() - dt.timedelta(days=1)
    )
    _refused(world.carol, pool, "pool", "Hillcrest College Library is not a current member")


def test_staff_of_a_library_outside_the_network_are_not_eligible(world):
    pool = make_pool(world)
    outsider = staff(world, 1, library=f.LibraryFactory(name="Lakeside Library"))[0]
    _refused(outsider, pool, "pool", "Lakeside Library is not a current member")


def test_a_coordinator_without_a_job_is_not_eligible(world):
    pool = make_pool(world)
    _refused(world.nina, pool, "pool", "Only staff with a current job")


def test_a_library_pool_is_only_for_that_librarys_staff(world):
    pool = make_pool(world, library=world.riverside)
    assert isinstance(licence_request(by=world.bob, pool=pool), LicenceWindow)
    _refused(world.dave, pool, "pool", "Only staff of Riverside Public Library")


def test_an_inactive_pool_takes_no_requests(world):
    pool = make_pool(world, active=False)
    _refused(world.bob, pool, "pool", "not taking requests")


def test_when_every_seat_is_taken_the_person_joins_the_queue(world):
    pool = make_pool(world, seats=2)
    licence_request(by=world.alice, pool=pool)
    licence_request(by=world.sam, pool=pool)

    request = licence_request(by=world.bob, pool=pool)

    assert isinstance(request, LicenceRequest)
    assert request.status == R.WAITING
    assert request.never_had_window is True
    assert LicenceWindow.objects.filter(pool=pool, status__in=LicenceWindow.OPEN).count() == 2
    assert my_licence(world.bob, pool).position == 1


def test_the_queue_puts_those_who_never_had_a_window_first_then_the_longest_waiting(world):
    # Given a full pool, and two people who had a window long ago
    pool = make_pool(world, seats=1, cooldown_days=90)
    licence_request(by=world.alice, pool=pool)
    veteran_early, veteran_late, newcomer_early, newcomer_late = staff(world, 4)
    past_window(pool, veteran_early, ended_days_ago=200)
    past_window(pool, veteran_late, ended_days_ago=100)

    # When they ask in this order
    for person in (veteran_early, newcomer_early, veteran_late, newcomer_late):
        licence_request(by=person, pool=pool)

    # Then newcomers come first, each group by arrival
    expected = [newcomer_early, newcomer_late, veteran_early, veteran_late]
    assert [r.person_id for r in queue(pool)] == [p.pk for p in expected]
    positions = [queue_position(r) for r in queue(pool)]
    assert positions == [1, 2, 3, 4]


def test_seats_added_to_a_full_pool_go_to_the_queue_before_a_newcomer(world):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    licence_request(by=world.sam, pool=pool)
    pool.seats = 2
    pool.save()

    result = licence_request(by=world.bob, pool=pool)

    assert isinstance(result, LicenceRequest)
    assert LicenceWindow.objects.get(pool=pool, person=world.sam).status == W.ACTIVE


def test_leaving_the_queue_keeps_nothing_and_the_others_move_up(world):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    first = licence_request(by=world.sam, pool=pool)
    second = licence_request(by=world.bob, pool=pool)
    assert isinstance(first, LicenceRequest) and isinstance(second, LicenceRequest)

    licence_withdraw(by=world.sam, pool=pool)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == R.WITHDRAWN
    assert queue_position(second) == 1


def test_giving_up_an_active_window_hands_the_seat_to_the_queue_and_starts_the_cooldown(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    pool = make_pool(world, seats=1, cooldown_days=90)
    window = licence_request(by=world.alice, pool=pool)
    licence_request(by=world.bob, pool=pool)

    with django_capture_on_commit_callbacks(execute=True):
        licence_withdraw(by=world.alice, pool=pool)

    window.refresh_from_db()
    assert (window.status, window.ends_on) == (W.ENDED, TODAY())
    assert LicenceWindow.objects.get(pool=pool, person=world.bob).status == W.ACTIVE
    assert [m.to for m in mailoutbox] == [[world.bob.email]]
    assert my_licence(world.alice, pool).next_request_on == TODAY() + dt.timedelta(days=90)


def test_withdrawing_with_nothing_to_give_up_is_refused(world):
    pool = make_pool(world)
    with pytest.raises(ValidationError, match="no window or place in the queue"):
        licence_withdraw(by=world.bob, pool=pool)
