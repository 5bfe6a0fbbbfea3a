"""session_create / session_update / session_cancel: series, validation, permission, notice."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.learning import notify
from ladder.learning.models import Session, SessionDate
from ladder.learning.offerings import session_cancel, session_create, session_update
from tests.learning.conftest import future, register

NY = zoneinfo.ZoneInfo("America/New_York")


def _one_date(days=30):
    return [(future(days, 14), future(days, 16))]


@pytest.fixture
def notices(monkeypatch):
    """The (session id, cancelled) of every change notice the services queue."""
    sent: list[tuple[int, bool]] = []
    monkeypatch.setattr(
        notify, "session_changed", lambda session, cancelled: sent.append((session.pk, cancelled))
    )
    return sent


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


def test_coordinator_schedules_a_single_session(world, catalogue):
    session = session_create(
        by=world.nina,
        offering=catalogue.network_workshop,
        dates=_one_date(),
        capacity=12,
        venue_branch=world.hillcrest_branch,
        facilitators=[world.dave],
    )
    assert session.capacity == 12
    assert session.dates.count() == 1
    assert session.starts_at == future(30, 14)
    assert list(session.facilitators.all()) == [world.dave]
    assert AuditEntry.objects.filter(action="learning.session.created").count() == 1


def test_a_series_is_one_session_spanning_its_dates(world, catalogue):
    dates = [(future(40, 14), future(40, 16)), (future(33, 14), future(33, 16))]
    session = session_create(
        by=world.alice,
        offering=catalogue.riverside_training,
        dates=dates,
        capacity=8,
        venue_branch=world.riverside_east,
    )
    assert session.starts_at == future(33, 14)
    assert session.ends_at == future(40, 16)
    assert [d.starts_at for d in session.dates.all()] == [future(33, 14), future(40, 14)]


def test_naive_dates_are_read_in_the_sessions_time_zone(world, catalogue):
    start = dt.datetime(2031, 5, 6, 9, 0)
    session = session_create(
        by=world.alice,
        offering=catalogue.riverside_training,
        dates=[(start, start + dt.timedelta(hours=2))],
        capacity=5,
        timezone="America/Chicago",
        venue_branch=world.riverside_east,
    )
    assert session.starts_at == dt.datetime(2031, 5, 6, 14, 0, tzinfo=dt.UTC)


def test_region_comes_from_the_branchs_library_when_not_given(world, catalogue):
    session = session_create(
        by=world.nina,
        offering=catalogue.network_workshop,
        dates=_one_date(),
        capacity=5,
        venue_branch=world.hillcrest_branch,
    )
    assert session.region == world.south


def test_a_date_ending_before_it_starts_is_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=[(future(30, 16), future(30, 14))],
            capacity=5,
            venue_branch=world.riverside_east,
        )
    assert "ends before it starts" in _errors(exc)["dates"][0]
    assert not Session.objects.filter(starts_at=future(30, 16)).exists()


def test_an_empty_dates_list_is_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=[],
            capacity=5,
            venue_branch=world.riverside_east,
        )
    assert "dates" in _errors(exc)


def test_overlapping_dates_are_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=[(future(30, 14), future(30, 16)), (future(30, 15), future(30, 17))],
            capacity=5,
            venue_branch=world.riverside_east,
        )
    assert "overlap" in _errors(exc)["dates"][0]


@pytest.mark.parametrize("capacity", [0, -3])
def test_capacity_below_one_is_a_field_error(world, catalogue, capacity):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=_one_date(),
            capacity=capacity,
            venue_branch=world.riverside_east,
        )
    assert _errors(exc)["capacity"] == ["Capacity must be at least 1 seat."]


def test_a_deadline_after_the_start_is_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=_one_date(30),
            capacity=5,
            venue_branch=world.riverside_east,
            registration_deadline=future(31),
        )
    assert "registration_deadline" in _errors(exc)


def test_a_session_needs_a_branch_an_address_or_a_link(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice, offering=catalogue.riverside_training, dates=_one_date(), capacity=5
        )
    assert "venue_branch" in _errors(exc)


def test_an_unknown_time_zone_is_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.alice,
            offering=catalogue.riverside_training,
            dates=_one_date(),
            capacity=5,
            online_url="https://meet.example.org/x",
            timezone="Mars/Olympus",
        )
    assert "timezone" in _errors(exc)


def test_an_online_session_with_a_bad_link_is_a_field_error(world, catalogue):
    with pytest.raises(ValidationError) as exc:
        session_create(
            by=world.nina,
            offering=catalogue.webinar,
            dates=_one_date(),
            capacity=50,
            online_url="not a link",
        )
    assert "online_url" in _errors(exc)


def test_a_page_cannot_schedule_sessions(world, catalogue):
    with pytest.raises(PermissionDenied):
        session_create(
            by=world.bob,
            offering=catalogue.riverside_training,
            dates=_one_date(),
            capacity=5,
            venue_branch=world.riverside_east,
        )


def test_another_librarys_admin_cannot_schedule_riverside_sessions(world, catalogue):
    with pytest.raises(PermissionDenied):
        session_create(
            by=world.carol,
            offering=catalogue.riverside_training,
            dates=_one_date(),
            capacity=5,
            venue_branch=world.riverside_east,
        )


def test_update_moves_the_dates_and_tells_those_registered(world, catalogue, notices):
    session = catalogue.workshop_north
    session_update(by=world.nina, session=session, dates=[(future(22, 13), future(22, 16))])
    session.refresh_from_db()
    assert session.starts_at == future(22, 13)
    stored = SessionDate.objects.filter(session=session).values_list("starts_at", flat=True)
    assert list(stored) == [future(22, 13)]
    assert notices == [(session.pk, False)]
    entry = AuditEntry.objects.get(action="learning.session.updated")
    assert "dates" in entry.changes and "starts_at" in entry.changes


def test_update_of_the_capacity_alone_sends_no_notice(world, catalogue, notices):
    session_update(by=world.nina, session=catalogue.workshop_north, capacity=20)
    assert notices == []


def test_capacity_cannot_drop_below_the_seats_taken(world, catalogue):
    session = catalogue.workshop_north
    register(world.bob, session)
    register(world.sam, session)
    with pytest.raises(ValidationError) as exc:
        session_update(by=world.nina, session=session, capacity=1)
    assert "capacity" in _errors(exc)
    session.refresh_from_db()
    assert session.capacity == 10


def test_a_bad_update_changes_nothing(world, catalogue):
    session = catalogue.workshop_north
    before = session.starts_at
    with pytest.raises(ValidationError):
        session_update(
            by=world.nina,
            session=session,
            title="Moved",
            dates=[(future(25, 16), future(25, 14))],
        )
    assert session.title == "North" and session.starts_at == before
    session.refresh_from_db()
    assert session.title == "North" and session.dates.count() == 1


def test_a_library_admin_cannot_edit_a_network_session(world, catalogue):
    with pytest.raises(PermissionDenied):
        session_update(by=world.alice, session=catalogue.workshop_north, capacity=50)


def test_cancel_needs_a_reason(world, catalogue, notices):
    with pytest.raises(ValidationError) as exc:
        session_cancel(by=world.nina, session=catalogue.workshop_north, reason="  ")
    assert "reason" in _errors(exc)
    catalogue.workshop_north.refresh_from_db()
    assert catalogue.workshop_north.status == Session.Status.SCHEDULED
    assert notices == []


def test_cancel_records_the_reason_and_tells_those_registered(world, catalogue, notices):
    session = session_cancel(by=world.nina, session=catalogue.workshop_north, reason="Snowstorm.")
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.cancel_reason == "Snowstorm."
    assert notices == [(session.pk, True)]
    assert AuditEntry.objects.filter(action="learning.session.cancelled").count() == 1


def test_a_cancelled_session_cannot_be_cancelled_again_or_edited(world, catalogue, notices):
    session = session_cancel(by=world.nina, session=catalogue.workshop_north, reason="Snow.")
    with pytest.raises(ValidationError):
        session_cancel(by=world.nina, session=session, reason="Again.")
    with pytest.raises(ValidationError):
        session_update(by=world.nina, session=session, capacity=3)
    assert notices == [(session.pk, True)]


def test_a_page_cannot_cancel_a_session(world, catalogue):
    with pytest.raises(PermissionDenied):
        session_cancel(by=world.bob, session=catalogue.workshop_north, reason="No.")
