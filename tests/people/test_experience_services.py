import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.people.models import PriorExperience
from ladder.people.services import experience_create, experience_delete, experience_update
from tests import factories as f


def _fields(**overrides):
    fields = {
        "employer": "Campus library",
        "role": "Student assistant",
        "start_date": dt.date(2012, 9, 1),
        "end_date": dt.date(2016, 5, 31),
        "hours_per_week": Decimal("12"),
        "is_library_work": True,
    }
    fields.update(overrides)
    return fields


def test_person_adds_prior_experience(world):
    item = experience_create(by=world.bob, person=world.bob, **_fields())
    assert item.person == world.bob
    assert AuditEntry.objects.filter(action="people.experience.created").count() == 1


def test_ongoing_experience_has_no_end_date(world):
    item = experience_create(by=world.bob, person=world.bob, **_fields(end_date=None))
    assert item.end_date is None


def test_end_before_start_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        experience_create(by=world.bob, person=world.bob, **_fields(end_date=dt.date(2010, 1, 1)))
    assert "end_date" in exc.value.message_dict
    assert not PriorExperience.objects.exists()


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("80.5")])
def test_hours_out_of_range_are_refused(world, hours):
    with pytest.raises(ValidationError) as exc:
        experience_create(by=world.bob, person=world.bob, **_fields(hours_per_week=hours))
    assert "hours_per_week" in exc.value.message_dict


def test_experience_cannot_start_in_the_future(world):
    future = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        experience_create(
            by=world.bob, person=world.bob, **_fields(start_date=future, end_date=None)
        )
    assert "start_date" in exc.value.message_dict


def test_employer_and_role_are_required(world):
    with pytest.raises(ValidationError) as exc:
        experience_create(by=world.bob, person=world.bob, **_fields(employer=" ", role=""))
    assert {"employer", "role"} <= set(exc.value.message_dict)


def test_admin_updates_and_deletes_a_staff_members_experience(world):
    item = f.PriorExperienceFactory(person=world.bob)
    experience_update(by=world.alice, experience=item, role="Shift lead")
    item.refresh_from_db()
    assert item.role == "Shift lead"
    experience_delete(by=world.alice, experience=item)
    assert not PriorExperience.objects.exists()
    assert AuditEntry.objects.filter(action="people.experience.deleted").exists()


def test_other_librarys_admin_cannot_touch_riverside_experience(world):
    item = f.PriorExperienceFactory(person=world.bob)
    with pytest.raises(PermissionDenied):
        experience_update(by=world.carol, experience=item, role="x")
    with pytest.raises(PermissionDenied):
        experience_delete(by=world.carol, experience=item)
    with pytest.raises(PermissionDenied):
        experience_create(by=world.carol, person=world.bob, **_fields())


def test_failed_update_keeps_the_old_values(world):
    item = f.PriorExperienceFactory(person=world.bob)
    with pytest.raises(ValidationError):
        experience_update(by=world.bob, experience=item, end_date=dt.date(2000, 1, 1))
    item.refresh_from_db()
    assert item.end_date == dt.date(2016, 5, 31)
