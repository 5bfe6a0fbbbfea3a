"""offering_create / offering_update / offering_competency_set: who may, and what is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.learning.models import Offering, OfferingCompetency
from ladder.learning.offerings import (
    offering_competency_set,
    offering_create,
    offering_update,
)
from tests import factories as f


def _library_fields(world, **extra):
    return {
        "title": "Weeding the collection",
        "kind": Offering.Kind.IN_HOUSE,
        "provider_kind": Offering.Provider.LIBRARY,
        "provider_library": world.riverside,
        **extra,
    }


def _network_fields(world, **extra):
    return {
        "title": "Readers' advisory",
        "kind": Offering.Kind.WORKSHOP,
        "provider_kind": Offering.Provider.NETWORK,
        "provider_network": world.network,
        **extra,
    }


def _errors(exc_info) -> dict:
    return exc_info.value.message_dict


def test_library_admin_creates_an_offering_for_their_library(world):
    offering = offering_create(by=world.alice, **_library_fields(world, ce_hours=Decimal("2")))
    assert offering.pk and offering.provider_library == world.riverside
    assert offering.created_by == world.alice
    assert AuditEntry.objects.filter(action="learning.offering.created").count() == 1


def test_a_page_cannot_create_offerings(world):
    with pytest.raises(PermissionDenied):
        offering_create(by=world.bob, **_library_fields(world))
    assert not Offering.objects.exists()


def test_another_librarys_admin_cannot_create_for_riverside(world):
    with pytest.raises(PermissionDenied):
        offering_create(by=world.carol, **_library_fields(world))


def test_coordinator_creates_network_offerings_in_her_network(world):
    offering = offering_create(by=world.nina, **_network_fields(world))
    assert offering.provider_network == world.network


def test_coordinator_cannot_create_in_another_network(world):
    other = f.NetworkFactory()
    with pytest.raises(PermissionDenied):
        offering_create(by=world.nina, **_network_fields(world, provider_network=other))


def test_coordinator_cannot_create_a_member_librarys_own_offering(world):
    with pytest.raises(PermissionDenied):
        offering_create(by=world.nina, **_library_fields(world))


def test_a_library_admin_cannot_create_network_offerings(world):
    with pytest.raises(PermissionDenied):
        offering_create(by=world.alice, **_network_fields(world))


def test_a_restriction_without_a_reason_is_a_field_error(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(
            by=world.alice, **_library_fields(world, audience_job_classes=[world.assistant])
        )
    assert "restriction_reason" in _errors(exc)
    assert not Offering.objects.exists()


def test_a_restriction_with_a_reason_is_kept(world):
    offering = offering_create(
        by=world.alice,
        **_library_fields(
            world, audience_job_classes=[world.assistant], restriction_reason="Desk staff only."
        ),
    )
    assert list(offering.audience_job_classes.all()) == [world.assistant]
    assert offering.is_restricted


def test_a_reason_without_a_restriction_is_a_field_error(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(by=world.alice, **_library_fields(world, restriction_reason="Because."))
    assert "restriction_reason" in _errors(exc)


def test_audience_libraries_must_be_members_of_the_network(world):
    outsider = f.LibraryFactory(name="Outside Library")
    with pytest.raises(ValidationError) as exc:
        offering_create(
            by=world.nina,
            **_network_fields(world, audience_libraries=[outsider], restriction_reason="Pilot."),
        )
    assert "Outside Library" in _errors(exc)["audience_libraries"][0]


def test_a_fee_needs_someone_to_pay_it(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(by=world.alice, **_library_fields(world, fee=Decimal("40")))
    assert "paid_by" in _errors(exc)


def test_a_free_offering_has_nobody_paying(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(by=world.alice, **_library_fields(world, paid_by="library"))
    assert "paid_by" in _errors(exc)


def test_network_offerings_are_free_to_member_staff(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(
            by=world.nina, **_network_fields(world, fee=Decimal("25"), paid_by="attendee")
        )
    assert "free to member libraries' staff" in _errors(exc)["paid_by"][0]
    assert not Offering.objects.exists()
    # The network (or the employing library) may pay a fee on the staff's behalf.
    paid = offering_create(
        by=world.nina, **_network_fields(world, fee=Decimal("25"), paid_by="network")
    )
    assert paid.paid_by == "network"


def test_a_library_may_charge_its_own_attendees(world):
    offering = offering_create(
        by=world.alice, **_library_fields(world, fee=Decimal("15"), paid_by="attendee")
    )
    assert offering.paid_by == "attendee"


def test_a_negative_ce_hours_is_a_field_error(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(by=world.alice, **_library_fields(world, ce_hours=Decimal("-1")))
    assert "ce_hours" in _errors(exc)


def test_an_external_offering_needs_a_name_and_a_publisher(world):
    with pytest.raises(ValidationError) as exc:
        offering_create(
            by=world.alice, title="State conference", kind="conference", provider_kind="external"
        )
    assert {"provider_name", "provider_library"} <= set(_errors(exc))


def test_an_external_offering_published_by_a_library(world):
    offering = offering_create(
        by=world.alice,
        title="State conference",
        kind="conference",
        provider_kind="external",
        provider_name="Ohio Library Council",
        provider_library=world.riverside,
        fee=Decimal("150"),
        paid_by="library",
    )
    assert offering.provider_name == "Ohio Library Council"


def test_update_changes_fields_and_logs_old_and_new(world, catalogue):
    offering = catalogue.riverside_training
    offering_update(by=world.alice, offering=offering, title="Circulation 101")
    offering.refresh_from_db()
    assert offering.title == "Circulation 101"
    entry = AuditEntry.objects.get(action="learning.offering.updated")
    assert entry.changes["title"] == ["Circulation desk essentials", "Circulation 101"]


def test_another_librarys_admin_cannot_edit_riverside_offering(world, catalogue):
    with pytest.raises(PermissionDenied):
        offering_update(by=world.carol, offering=catalogue.riverside_training, title="Mine")
    catalogue.riverside_training.refresh_from_db()
    assert catalogue.riverside_training.title == "Circulation desk essentials"


def test_update_with_bad_input_leaves_the_offering_unchanged(world, catalogue):
    offering = catalogue.riverside_training
    with pytest.raises(ValidationError):
        offering_update(by=world.alice, offering=offering, title="", fee=Decimal("10"))
    assert offering.title == "Circulation desk essentials"
    offering.refresh_from_db()
    assert offering.fee == 0


def test_moving_an_offering_to_a_library_one_does_not_run_is_refused(world, catalogue):
    with pytest.raises(PermissionDenied):
        offering_update(
            by=world.alice, offering=catalogue.riverside_training, provider_library=world.hillcrest
        )
    assert catalogue.riverside_training.provider_library == world.riverside


def test_competency_set_records_the_level_and_removes_with_none(world, catalogue, framework):
    competency = framework.competencies.get(code="interlibrary-loan")
    offering = catalogue.network_workshop
    offering_competency_set(by=world.nina, offering=offering, competency=competency, level=2)
    assert OfferingCompetency.objects.get(offering=offering).level == 2
    offering_competency_set(by=world.nina, offering=offering, competency=competency, level=3)
    assert OfferingCompetency.objects.get(offering=offering).level == 3
    offering_competency_set(by=world.nina, offering=offering, competency=competency, level=None)
    assert not OfferingCompetency.objects.filter(offering=offering).exists()
    assert AuditEntry.objects.filter(action="learning.offering.competency_set").count() == 3


def test_competency_level_outside_the_scale_is_a_field_error(world, catalogue, framework):
    competency = framework.competencies.first()
    with pytest.raises(ValidationError) as exc:
        offering_competency_set(
            by=world.nina, offering=catalogue.network_workshop, competency=competency, level=7
        )
    assert "level" in _errors(exc)


def test_only_the_provider_sets_competencies(world, catalogue, framework):
    with pytest.raises(PermissionDenied):
        offering_competency_set(
            by=world.alice,
            offering=catalogue.network_workshop,
            competency=framework.competencies.first(),
            level=1,
        )
