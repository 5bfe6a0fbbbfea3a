"""The temp agency's rules: roster, requests, matching nearest first, placements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.network import temp
from ladder.network.models import TempLevel, TempPlacement, TempRequest, TempWorker
from tests import factories as f
from tests.network.temp_helpers import END, START, TODAY, agency, make_worker

__all__ = ["agency"]


def _request(world, **overrides) -> TempRequest:
    fields = {
        "by": world.alice,
        "library": world.riverside,
        "level": TempLevel.PARAPROFESSIONAL,
        "starts_on": START,
        "ends_on": END,
        "weekly_hours": Decimal("20"),
    }
    fields.update(overrides)
    return temp.temp_request_create(**fields)


# --- requests -------------------------------------------------------------------------------


def test_library_admin_asks_for_a_temp_of_their_member_library(world, agency):
    request = agency.request
    assert request.network == world.network
    assert request.status == TempRequest.Status.OPEN
    assert list(request.competencies.all()) == [agency.ils]
    assert AuditEntry.objects.filter(action="network.temp.request_created").count() == 1


def test_a_request_ending_before_it_starts_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as caught:
        _request(world, starts_on=START, ends_on=START - dt.timedelta(days=1))
    assert "ends_on" in caught.value.message_dict
    assert "before it starts" in caught.value.message_dict["ends_on"][0]
    assert not TempRequest.objects.exists()


def test_another_librarys_admin_cannot_ask_for_riverside(world):
    with pytest.raises(PermissionDenied):
        _request(world, by=world.carol)
    with pytest.raises(PermissionDenied):
        _request(world, by=world.bob)


def test_a_non_member_library_cannot_ask(world):
    outsider = f.LibraryFactory(name="Outside Library")
    with pytest.raises(ValidationError) as caught:
        _request(world, by=world.root, library=outsider)
    assert "not a current member" in caught.value.message_dict["library"][0]


def test_the_branch_must_be_the_librarys(world):
    with pytest.raises(ValidationError) as caught:
        _request(world, branch=world.hillcrest_branch)
    assert "branch" in caught.value.message_dict


def test_library_admins_see_only_their_librarys_requests(world, agency):
    from ladder.core.access import access_for

    assert list(temp.temp_requests_visible_to(access_for(world.carol))) == []
    assert list(temp.temp_requests_visible_to(access_for(world.alice))) == [agency.request]
    assert list(temp.temp_requests_visible_to(access_for(world.nina))) == [agency.request]
    other = f.NetworkFactory()
    f.RoleFactory(person=world.dave, kind="network_coordinator", network=other, library=None)
    assert list(temp.temp_requests_visible_to(access_for(world.dave))) == []


# --- the roster -----------------------------------------------------------------------------


def test_only_coordinators_keep_the_roster(world, framework):
    with pytest.raises(PermissionDenied):
        temp.temp_worker_create(
            by=world.alice,
            network=world.network,
            person=world.bob,
            level=TempLevel.PROFESSIONAL,
            available_from=TODAY,
        )


def test_a_person_is_on_the_roster_once(world, agency):
    with pytest.raises(ValidationError) as caught:
        temp.temp_worker_create(
            by=world.nina,
            network=world.network,
            person=agency.near.person,
            level=TempLevel.PROFESSIONAL,
            available_from=TODAY,
        )
    assert "already on" in caught.value.message_dict["person"][0]


def test_availability_must_not_end_before_it_starts(world, framework):
    with pytest.raises(ValidationError) as caught:
        temp.temp_worker_create(
            by=world.nina,
            network=world.network,
            person=world.bob,
            level=TempLevel.PROFESSIONAL,
            available_from=TODAY,
            available_until=TODAY - dt.timedelta(days=1),
        )
    assert "available_until" in caught.value.message_dict
    assert not TempWorker.objects.exists()


def test_update_changes_the_profile_and_logs_it(world, agency):
    temp.temp_worker_update(
        by=world.nina, worker=agency.page, max_weekly_hours=Decimal("25"), competencies=[]
    )
    agency.page.refresh_from_db()
    assert agency.page.max_weekly_hours == Decimal("25")
    assert list(agency.page.competencies.all()) == []
    entry = AuditEntry.objects.get(action="network.temp.worker_updated")
    assert entry.changes["max_weekly_hours"][1] == "25"


# --- matching -------------------------------------------------------------------------------


def test_matches_are_qualified_workers_nearest_first_with_reasons(world, agency):
    matches = temp.match_workers(agency.request)
    # the page lacks ILS and is below the level; near and far both qualify, near first
    assert [m.worker for m in matches] == [agency.near, agency.far]
    assert matches[0].distance_km < 5 < matches[1].distance_km
    reasons = " ".join(matches[1].reasons)
    assert "Professional covers a paraprofessional post" in reasons
    assert "Has Ils" in reasons
    assert "km from Eastside" in reasons


def test_workers_who_do_not_fit_are_listed_with_why(world, agency):
    everyone = temp.evaluate_workers(agency.request)
    page = next(c for c in everyone if c.worker == agency.page)
    assert not page.qualified
    assert any("below the paraprofessional level" in p for p in page.problems)
    assert any("Lacks Ils" in p for p in page.problems)


def test_a_worker_not_available_over_the_whole_dates_does_not_match(world, agency):
    temp.temp_worker_update(by=world.nina, worker=agency.near, available_until=START)
    assert [m.worker for m in temp.match_workers(agency.request)] == [agency.far]


def test_a_worker_who_works_fewer_hours_does_not_match(world, agency):
    temp.temp_worker_update(by=world.nina, worker=agency.near, max_weekly_hours=Decimal("10"))
    assert [m.worker for m in temp.match_workers(agency.request)] == [agency.far]


def test_an_inactive_worker_does_not_match(world, agency):
    temp.temp_worker_update(by=world.nina, worker=agency.near, is_active=False)
    assert agency.near not in [m.worker for m in temp.match_workers(agency.request)]


def test_a_worker_placed_elsewhere_on_overlapping_dates_does_not_match(world, agency):
    other = _request(
        world, starts_on=END - dt.timedelta(days=3), ends_on=END + dt.timedelta(days=10)
    )
    temp.temp_place(by=world.nina, request=other, worker=agency.near)
    everyone = temp.evaluate_workers(agency.request)
    near = next(c for c in everyone if c.worker == agency.near)
    assert not near.qualified
    assert any("Already placed at Riverside" in p for p in near.problems)


def test_matching_runs_a_fixed_number_of_queries(world, agency, django_assert_max_num_queries):
    for n in range(20):
        make_worker(
            world, f"w{n}@temps.example", TempLevel.PROFESSIONAL, "40.0", "-83.0", [agency.ils]
        )
    with django_assert_max_num_queries(6):
        assert len(temp.match_workers(agency.request)) == 22


# --- placements -----------------------------------------------------------------------------


def test_placing_fills_the_request_and_logs_it(world, agency):
    placement = temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    assert (placement.starts_on, placement.ends_on, placement.weekly_hours) == (
        START,
        END,
        Decimal("20"),
    )
    agency.request.refresh_from_db()
    assert agency.request.status == TempRequest.Status.FILLED
    assert AuditEntry.objects.filter(action="network.temp.placed").count() == 1


def test_a_library_admin_cannot_place(world, agency):
    with pytest.raises(PermissionDenied):
        temp.temp_place(by=world.alice, request=agency.request, worker=agency.near)
    assert not TempPlacement.objects.exists()


def test_an_overlapping_placement_of_the_same_worker_is_refused(world, agency):
    temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    other = _request(world, starts_on=END, ends_on=END + dt.timedelta(days=5))
    with pytest.raises(ValidationError) as caught:
        temp.temp_place(by=world.nina, request=other, worker=agency.near)
    message = caught.value.message_dict["worker"][0]
    assert "already placed at Riverside Public Library" in message
    assert "overlaps" in message
    assert TempPlacement.objects.count() == 1
    other.refresh_from_db()
    assert other.status == TempRequest.Status.OPEN


def test_back_to_back_placements_are_fine(world, agency):
    temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    other = _request(
        world, starts_on=END + dt.timedelta(days=1), ends_on=END + dt.timedelta(days=5)
    )
    temp.temp_place(by=world.nina, request=other, worker=agency.near)
    assert TempPlacement.objects.count() == 2


def test_an_unqualified_worker_cannot_be_placed(world, agency):
    with pytest.raises(ValidationError) as caught:
        temp.temp_place(by=world.nina, request=agency.request, worker=agency.page)
    assert any("below" in m for m in caught.value.message_dict["worker"])
    assert not TempPlacement.objects.exists()


def test_a_placement_outside_the_request_dates_is_refused(world, agency):
    with pytest.raises(ValidationError) as caught:
        temp.temp_place(
            by=world.nina,
            request=agency.request,
            worker=agency.near,
            ends_on=END + dt.timedelta(days=1),
        )
    assert "within the request's dates" in caught.value.message_dict["starts_on"][0]
    with pytest.raises(ValidationError):
        temp.temp_place(
            by=world.nina,
            request=agency.request,
            worker=agency.near,
            starts_on=END,
            ends_on=START,
        )


def test_a_filled_request_takes_no_second_placement(world, agency):
    temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    with pytest.raises(ValidationError) as caught:
        temp.temp_place(by=world.nina, request=agency.request, worker=agency.far)
    assert "filled" in caught.value.message_dict["request"][0]


def test_cancelling_the_placement_reopens_the_request(world, agency):
    placement = temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    temp.temp_placement_cancel(by=world.nina, placement=placement)
    placement.refresh_from_db()
    agency.request.refresh_from_db()
    assert placement.is_cancelled
    assert agency.request.status == TempRequest.Status.OPEN
    # the worker is free again
    assert agency.near in [m.worker for m in temp.match_workers(agency.request)]
    with pytest.raises(ValidationError):
        temp.temp_placement_cancel(by=world.nina, placement=placement)


def test_cancelling_the_request_cancels_placements_not_started(world, agency):
    placement = temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    temp.temp_request_cancel(by=world.alice, request=agency.request)
    placement.refresh_from_db()
    assert placement.is_cancelled
    assert agency.request.status == TempRequest.Status.CANCELLED
    with pytest.raises(PermissionDenied):
        temp.temp_request_cancel(by=world.carol, request=agency.request)


def test_placement_weeks(world, agency):
    placement = temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    assert temp.placement_weeks(placement) == Decimal("4.0")
