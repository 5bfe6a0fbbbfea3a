"""licence_windows_expire (the periodic job): windows end on their own and seats move on."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from ladder.core.tasks import enqueue
from ladder.shared_learning.jobs import EXPIRE_WINDOWS
from ladder.shared_learning.licences import licence_request, licence_windows_expire, queue
from ladder.shared_learning.models import LicenceRequest, LicenceWindow
from tests.shared_learning import make_pool, past_window, staff

W = LicenceWindow.Status
R = LicenceRequest.Status
TODAY = dt.date.today


def test_an_ended_window_frees_its_seat_for_the_next_in_the_queue_who_is_emailed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    # Given one seat held by alice, and two people waiting, the newcomer first
    pool = make_pool(world, seats=1, window_days=14)
    held = licence_request(by=world.alice, pool=pool)
    veteran, newcomer = staff(world, 2)
    past_window(pool, veteran, ended_days_ago=120)
    licence_request(by=veteran, pool=pool)
    licence_request(by=newcomer, pool=pool)
    day_after = held.ends_on + dt.timedelta(days=1)

    # When the job runs on the day after alice's last day
    with django_capture_on_commit_callbacks(execute=True):
        counts = licence_windows_expire(today=day_after)

    # Then alice's window ended and the newcomer has a fresh window from that day
    held.refresh_from_db()
    assert held.status == W.ENDED
    granted = LicenceWindow.objects.get(pool=pool, person=newcomer)
    assert (granted.status, granted.starts_on) == (W.ACTIVE, day_after)
    assert granted.ends_on == day_after + dt.timedelta(days=13)
    assert LicenceRequest.objects.get(pool=pool, person=newcomer).status == R.GRANTED
    assert [r.person_id for r in queue(pool)] == [veteran.pk]
    assert counts == {"ended": 1, "started": 0, "granted": 1}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [newcomer.email]
    assert "Your turn on Lynda.com" in mailoutbox[0].subject
    assert f"/shared/licences/{pool.pk}/" in mailoutbox[0].body


def test_a_window_on_its_last_day_is_not_ended(world):
    pool = make_pool(world, seats=1)
    held = licence_request(by=world.alice, pool=pool)

    counts = licence_windows_expire(today=held.ends_on)

    held.refresh_from_db()
    assert held.status == W.ACTIVE
    assert counts["ended"] == 0


def test_running_the_job_twice_gives_nothing_twice(world, mailoutbox):
    pool = make_pool(world, seats=1)
    held = licence_request(by=world.alice, pool=pool)
    licence_request(by=world.bob, pool=pool)
    day_after = held.ends_on + dt.timedelta(days=1)

    licence_windows_expire(today=day_after)
    second = licence_windows_expire(today=day_after)

    assert second == {"ended": 0, "started": 0, "granted": 0}
    assert LicenceWindow.objects.filter(pool=pool, person=world.bob).count() == 1


def test_a_booked_window_becomes_active_on_its_first_day(world):
    pool = make_pool(world)
    start = TODAY() + dt.timedelta(days=5)
    booked = licence_request(by=world.bob, pool=pool, start_on=start)

    licence_windows_expire(today=start)

    booked.refresh_from_db()
    assert booked.status == W.ACTIVE


def test_someone_no_longer_eligible_when_their_turn_comes_leaves_the_queue(world):
    pool = make_pool(world, seats=1)
    held = licence_request(by=world.alice, pool=pool)
    licence_request(by=world.carol, pool=pool)
    licence_request(by=world.bob, pool=pool)
    world.hillcrest.memberships.update(joined_on=dt.date(2015, 1, 1), left_on=TODAY())

    licence_windows_expire(today=held.ends_on + dt.timedelta(days=1))

    assert LicenceRequest.objects.get(pool=pool, person=world.carol).status == R.WITHDRAWN
    assert LicenceWindow.objects.get(pool=pool, person=world.bob).status == W.ACTIVE


def test_the_command_and_the_task_run_the_job(world, capsys):
    pool = make_pool(world, seats=1)
    past = past_window(pool, world.bob, ended_days_ago=0)
    LicenceWindow.objects.filter(pk=past.pk).update(
        status=W.ACTIVE, ends_on=TODAY() - dt.timedelta(days=1)
    )

    call_command("expire_licences")

    assert "Ended 1, started 0, granted 0" in capsys.readouterr().out
    job = enqueue(EXPIRE_WINDOWS)
    assert job is not None and job.result == {"ended": 0, "started": 0, "granted": 0}
