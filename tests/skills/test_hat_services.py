"""Hat services: who may change hats, and the rules for names, requirements and assignments."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.people.models import Employment
from ladder.skills.hats import (
    hat_assign,
    hat_create,
    hat_delete,
    hat_requirement_set,
    hat_unassign,
    hat_update,
)
from ladder.skills.models import Area, Competency, Framework, Hat, HatAssignment, HatRequirement
from tests import factories as f

TODAY = timezone.localdate()


@pytest.fixture
def ill(world):
    return Hat.objects.create(
        library=world.riverside, name="Interlibrary loan", weekly_hours=Decimal("5")
    )


def job(person):
    return Employment.objects.get(person=person)


# --- hat_create / hat_update -----------------------------------------------------------------


def test_admin_creates_a_hat_and_the_audit_log_notes_it(world):
    hat = hat_create(
        by=world.alice,
        library=world.riverside,
        name="  Reserves ",
        weekly_hours=Decimal("4"),
        branch=world.riverside_main,
    )
    assert (hat.name, hat.branch, hat.weekly_hours) == ("Reserves", world.riverside_main, 4)
    entry = AuditEntry.objects.get(action="skills.hat.created")
    assert entry.actor == world.alice
    assert entry.object_id == str(hat.pk)


@pytest.mark.parametrize("who", ["bob", "sam", "carol", "nina"])
def test_only_the_librarys_admins_create_hats(world, who):
    with pytest.raises(PermissionDenied):
        hat_create(by=getattr(world, who), library=world.riverside, name="Reserves", weekly_hours=4)
    assert not Hat.objects.exists()


def test_site_admin_creates_hats_anywhere(world):
    assert hat_create(by=world.root, library=world.hillcrest, name="Reserves", weekly_hours=4)


def test_a_duplicate_name_in_the_library_is_a_field_error(world, ill):
    with pytest.raises(ValidationError) as exc:
        hat_create(
            by=world.alice, library=world.riverside, name="interlibrary LOAN", weekly_hours=2
        )
    assert "already a hat called" in exc.value.message_dict["name"][0]
    assert Hat.objects.count() == 1


def test_the_same_name_may_serve_a_branch_and_another_library(world, ill):
    assert hat_create(
        by=world.alice,
        library=world.riverside,
        name="Interlibrary loan",
        weekly_hours=2,
        branch=world.riverside_east,
    )
    assert hat_create(
        by=world.carol, library=world.hillcrest, name="Interlibrary loan", weekly_hours=2
    )


def test_a_branch_of_another_library_is_a_field_error(world):
    with pytest.raises(ValidationError) as exc:
        hat_create(
            by=world.alice,
            library=world.riverside,
            name="Reserves",
            weekly_hours=2,
            branch=world.hillcrest_branch,
        )
    assert "branch" in exc.value.message_dict
    assert not Hat.objects.exists()


@pytest.mark.parametrize(
    ("name", "hours", "field"),
    [("", 2, "name"), ("Desk", 61, "weekly_hours"), ("Desk", -1, "weekly_hours")],
)
def test_bad_hat_fields_are_field_errors(world, name, hours, field):
    with pytest.raises(ValidationError) as exc:
        hat_create(by=world.alice, library=world.riverside, name=name, weekly_hours=hours)
    assert field in exc.value.message_dict


def test_renaming_onto_another_hat_is_refused_and_changes_nothing(world, ill):
    other = Hat.objects.create(library=world.riverside, name="Reserves", weekly_hours=3)
    with pytest.raises(ValidationError) as exc:
        hat_update(by=world.alice, hat=other, name="Interlibrary Loan", weekly_hours=9)
    assert "name" in exc.value.message_dict
    assert (other.name, other.weekly_hours) == ("Reserves", 3)
    other.refresh_from_db()
    assert (other.name, other.weekly_hours) == ("Reserves", 3)


def test_update_records_old_and_new_values(world, ill):
    hat_update(by=world.alice, hat=ill, weekly_hours=Decimal("6.5"), description="Borrowing.")
    ill.refresh_from_db()
    assert ill.weekly_hours == Decimal("6.5")
    entry = AuditEntry.objects.get(action="skills.hat.updated")
    assert entry.changes["weekly_hours"] == ["5", "6.5"]


def test_staff_cannot_update_a_hat(world, ill):
    with pytest.raises(PermissionDenied):
        hat_update(by=world.bob, hat=ill, name="Mine now")


# --- hat_delete ------------------------------------------------------------------------------


def test_a_worn_hat_cannot_be_deleted_until_its_assignments_end(world, ill):
    assignment = hat_assign(
        by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY
    )
    with pytest.raises(ValidationError):
        hat_delete(by=world.alice, hat=ill)
    assert Hat.objects.filter(pk=ill.pk).exists()

    assignment.start_date = TODAY - dt.timedelta(days=10)
    assignment.save()
    hat_unassign(by=world.alice, assignment=assignment, end_date=TODAY - dt.timedelta(days=1))
    hat_delete(by=world.alice, hat=ill)
    assert not Hat.objects.filter(pk=ill.pk).exists()
    assert AuditEntry.objects.filter(action="skills.hat.deleted").exists()


def test_staff_cannot_delete_a_hat(world, ill):
    with pytest.raises(PermissionDenied):
        hat_delete(by=world.bob, hat=ill)
    assert Hat.objects.filter(pk=ill.pk).exists()


# --- hat_requirement_set ---------------------------------------------------------------------


def test_requirements_are_set_changed_and_removed(world, ill, framework):
    loans = framework.competencies.get(code="interlibrary-loan")
    hat_requirement_set(by=world.alice, hat=ill, competency=loans, level=2)
    hat_requirement_set(by=world.alice, hat=ill, competency=loans, level=3)
    assert HatRequirement.objects.get(hat=ill, competency=loans).level == 3
    assert hat_requirement_set(by=world.alice, hat=ill, competency=loans, level=None) is None
    assert not HatRequirement.objects.exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("skills.hat_requirement.set") == 2
    assert "skills.hat_requirement.removed" in actions


def test_a_level_off_the_scale_is_a_field_error(world, ill, framework):
    loans = framework.competencies.get(code="interlibrary-loan")
    with pytest.raises(ValidationError) as exc:
        hat_requirement_set(by=world.alice, hat=ill, competency=loans, level=7)
    assert "0, 1, 2, 3, 4" in exc.value.message_dict["level"][0]
    assert not HatRequirement.objects.exists()


def test_a_competency_of_another_networks_framework_is_a_field_error(world, ill):
    elsewhere = f.NetworkFactory()
    fw = Framework.objects.create(name="Elsewhere", slug="elsewhere", network=elsewhere)
    area = Area.objects.create(framework=fw, code="a", name="A")
    competency = Competency.objects.create(framework=fw, area=area, code="c", name="C")
    with pytest.raises(ValidationError) as exc:
        hat_requirement_set(by=world.alice, hat=ill, competency=competency, level=1)
    assert "competency" in exc.value.message_dict


def test_staff_cannot_set_requirements(world, ill, framework):
    with pytest.raises(PermissionDenied):
        hat_requirement_set(
            by=world.sam, hat=ill, competency=framework.competencies.first(), level=1
        )


# --- hat_assign / hat_unassign ---------------------------------------------------------------


def test_admin_assigns_a_wearer_and_a_backup(world, ill):
    wearer = hat_assign(
        by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY
    )
    backup = hat_assign(
        by=world.alice, hat=ill, employment=job(world.sam), role="backup", start_date=TODAY
    )
    assert (wearer.role, backup.role) == ("wearer", "backup")
    assert AuditEntry.objects.filter(action="skills.hat_assignment.created").count() == 2


def test_an_employment_of_another_library_is_a_field_error(world, ill):
    with pytest.raises(ValidationError) as exc:
        hat_assign(
            by=world.alice, hat=ill, employment=job(world.dave), role="wearer", start_date=TODAY
        )
    assert "Hillcrest" in exc.value.message_dict["employment"][0]
    assert not HatAssignment.objects.exists()


def test_the_same_job_cannot_hold_the_same_hat_twice_at_once(world, ill):
    hat_assign(by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY)
    with pytest.raises(ValidationError) as exc:
        hat_assign(
            by=world.alice, hat=ill, employment=job(world.bob), role="backup", start_date=TODAY
        )
    assert "already wearer" in exc.value.message_dict["employment"][0]
    assert HatAssignment.objects.count() == 1


def test_an_assignment_cannot_start_before_the_job(world, ill):
    with pytest.raises(ValidationError) as exc:
        hat_assign(
            by=world.alice,
            hat=ill,
            employment=job(world.bob),
            role="wearer",
            start_date=dt.date(2010, 1, 1),
        )
    assert "start_date" in exc.value.message_dict


def test_an_assignment_cannot_start_after_the_job_ended(world, ill):
    employment = job(world.bob)
    employment.end_date = TODAY - dt.timedelta(days=5)
    employment.save()
    with pytest.raises(ValidationError) as exc:
        hat_assign(by=world.alice, hat=ill, employment=employment, role="wearer", start_date=TODAY)
    assert "ended" in exc.value.message_dict["start_date"][0]


def test_an_unknown_role_is_a_field_error(world, ill):
    with pytest.raises(ValidationError) as exc:
        hat_assign(
            by=world.alice, hat=ill, employment=job(world.bob), role="owner", start_date=TODAY
        )
    assert "role" in exc.value.message_dict


@pytest.mark.parametrize("who", ["bob", "sam", "carol"])
def test_only_the_librarys_admins_assign_hats(world, ill, who):
    with pytest.raises(PermissionDenied):
        hat_assign(
            by=getattr(world, who),
            hat=ill,
            employment=job(world.bob),
            role="wearer",
            start_date=TODAY,
        )


def test_an_assignment_cannot_end_before_it_starts(world, ill):
    assignment = hat_assign(
        by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY
    )
    with pytest.raises(ValidationError) as exc:
        hat_unassign(by=world.alice, assignment=assignment, end_date=TODAY - dt.timedelta(days=1))
    assert "before the start date" in exc.value.message_dict["end_date"][0]
    assignment.refresh_from_db()
    assert assignment.end_date is None


def test_ending_an_assignment_keeps_it_as_history(world, ill):
    assignment = hat_assign(
        by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY
    )
    hat_unassign(by=world.alice, assignment=assignment, end_date=TODAY)
    assignment.refresh_from_db()
    assert assignment.end_date == TODAY
    entry = AuditEntry.objects.get(action="skills.hat_assignment.ended")
    assert entry.changes["end_date"] == [None, TODAY.isoformat()]


def test_an_ended_assignment_cannot_be_ended_again(world, ill):
    assignment = HatAssignment.objects.create(
        hat=ill,
        employment=job(world.bob),
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        hat_unassign(by=world.alice, assignment=assignment, end_date=TODAY)
    assert "already ended" in exc.value.message_dict["end_date"][0]


def test_staff_cannot_end_assignments(world, ill):
    assignment = hat_assign(
        by=world.alice, hat=ill, employment=job(world.bob), role="wearer", start_date=TODAY
    )
    with pytest.raises(PermissionDenied):
        hat_unassign(by=world.bob, assignment=assignment, end_date=TODAY)
