import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.people.models import Employment
from ladder.people.services import employment_create, employment_end, employment_update
from tests import factories as f

START = dt.date(2023, 9, 1)


def _bob_job(world) -> Employment:
    return world.bob.employments.get()


def test_admin_adds_a_second_concurrent_part_time_job(world):
    job = employment_create(
        by=world.alice,
        person=world.bob,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("12"),
        start_date=START,
        branch=world.riverside_east,
        supervisor=world.alice,
    )
    current = Employment.objects.filter(person=world.bob).current()
    assert current.count() == 2
    assert not job.is_full_time
    entry = AuditEntry.objects.get(action="people.employment.created")
    assert entry.changes["weekly_hours"] == [None, "12"]


def test_full_time_follows_the_librarys_threshold(world):
    world.riverside.full_time_threshold = Decimal("30")
    world.riverside.save()
    job = employment_create(
        by=world.alice,
        person=world.bob,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("30"),
        start_date=START,
    )
    assert job.is_full_time
    assert Employment.objects.with_full_time().get(pk=job.pk).full_time


def test_other_librarys_admin_cannot_add_jobs_at_riverside(world):
    with pytest.raises(PermissionDenied):
        employment_create(
            by=world.carol,
            person=world.dave,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=10,
            start_date=START,
        )


def test_admin_cannot_pull_a_stranger_into_their_library(world):
    # carol administers Hillcrest but cannot see bob: she may not employ him to see his record.
    with pytest.raises(PermissionDenied):
        employment_create(
            by=world.carol,
            person=world.bob,
            library=world.hillcrest,
            job_class=world.page,
            weekly_hours=10,
            start_date=START,
        )


def test_staff_cannot_create_employments(world):
    with pytest.raises(PermissionDenied):
        employment_create(
            by=world.sam,
            person=world.bob,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=10,
            start_date=START,
        )


@pytest.mark.parametrize("hours", ["0", "60.5", "-3", "abc"])
def test_weekly_hours_out_of_range_are_refused(world, hours):
    with pytest.raises(ValidationError) as exc:
        employment_create(
            by=world.alice,
            person=world.bob,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=hours,
            start_date=START,
        )
    assert "weekly_hours" in exc.value.message_dict


def test_end_before_start_is_refused_on_the_end_date(world):
    with pytest.raises(ValidationError) as exc:
        employment_create(
            by=world.alice,
            person=world.bob,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=10,
            start_date=START,
            end_date=START - dt.timedelta(days=1),
        )
    assert exc.value.message_dict == {"end_date": ["The end date cannot be before the start date."]}


def test_branch_must_belong_to_the_library(world):
    with pytest.raises(ValidationError) as exc:
        employment_create(
            by=world.alice,
            person=world.bob,
            library=world.riverside,
            job_class=world.page,
            weekly_hours=10,
            start_date=START,
            branch=world.hillcrest_branch,
        )
    assert "branch" in exc.value.message_dict


def test_job_class_must_be_available_to_the_library(world):
    hillcrest_only = f.JobClassFactory(name="Archivist", library=world.hillcrest)
    with pytest.raises(ValidationError) as exc:
        employment_create(
            by=world.alice,
            person=world.bob,
            library=world.riverside,
            job_class=hillcrest_only,
            weekly_hours=10,
            start_date=START,
        )
    assert "job_class" in exc.value.message_dict


def test_librarys_own_job_class_is_available(world):
    own = f.JobClassFactory(name="Outreach Specialist", library=world.riverside)
    job = employment_create(
        by=world.alice,
        person=world.bob,
        library=world.riverside,
        job_class=own,
        weekly_hours=10,
        start_date=START,
    )
    assert job.job_class == own


def test_supervisor_must_work_at_the_same_library(world):
    with pytest.raises(ValidationError) as exc:
        employment_update(by=world.alice, employment=_bob_job(world), supervisor=world.carol)
    assert "supervisor" in exc.value.message_dict


def test_supervisor_whose_job_ended_is_refused(world):
    world.sam.employments.update(end_date=dt.date(2021, 1, 1))
    with pytest.raises(ValidationError) as exc:
        employment_update(by=world.alice, employment=_bob_job(world), supervisor=world.sam)
    assert "supervisor" in exc.value.message_dict


def test_nobody_supervises_themselves(world):
    with pytest.raises(ValidationError) as exc:
        employment_update(by=world.alice, employment=_bob_job(world), supervisor=world.bob)
    assert "supervisor" in exc.value.message_dict


def test_supervisor_loops_are_refused(world):
    # bob reports to sam; sam may not then report to bob.
    sams_job = world.sam.employments.get()
    with pytest.raises(ValidationError) as exc:
        employment_update(by=world.alice, employment=sams_job, supervisor=world.bob)
    assert "supervisor" in exc.value.message_dict
    sams_job.refresh_from_db()
    assert sams_job.supervisor == world.alice


def test_update_records_old_and_new_values(world):
    job = _bob_job(world)
    employment_update(
        by=world.alice, employment=job, weekly_hours=Decimal("20"), title="Senior page"
    )
    job.refresh_from_db()
    assert job.weekly_hours == Decimal("20")
    entry = AuditEntry.objects.get(action="people.employment.updated")
    assert entry.changes == {"weekly_hours": ["15.0", "20"], "title": ["", "Senior page"]}


def test_failed_update_leaves_the_instance_and_row_unchanged(world):
    job = _bob_job(world)
    with pytest.raises(ValidationError):
        employment_update(by=world.alice, employment=job, weekly_hours=Decimal("99"))
    assert job.weekly_hours == Decimal("15")
    job.refresh_from_db()
    assert job.weekly_hours == Decimal("15")


def test_library_cannot_be_changed_by_update(world):
    with pytest.raises(TypeError):
        employment_update(by=world.alice, employment=_bob_job(world), library=world.hillcrest)


def test_other_librarys_admin_cannot_edit_or_end_riverside_jobs(world):
    job = _bob_job(world)
    with pytest.raises(PermissionDenied):
        employment_update(by=world.carol, employment=job, weekly_hours=30)
    with pytest.raises(PermissionDenied):
        employment_end(by=world.carol, employment=job, end_date=timezone.localdate())


def test_supervisor_cannot_edit_a_reports_job(world):
    with pytest.raises(PermissionDenied):
        employment_update(by=world.sam, employment=_bob_job(world), weekly_hours=30)


def test_ending_a_job_keeps_it_in_the_history(world):
    job = _bob_job(world)
    today = timezone.localdate()
    employment_end(by=world.alice, employment=job, end_date=today - dt.timedelta(days=1))
    assert not Employment.objects.filter(person=world.bob).current().exists()
    assert Employment.objects.filter(person=world.bob).count() == 1
    assert AuditEntry.objects.filter(action="people.employment.ended").exists()


def test_end_before_start_is_refused_when_ending(world):
    with pytest.raises(ValidationError) as exc:
        employment_end(by=world.alice, employment=_bob_job(world), end_date=dt.date(2000, 1, 1))
    assert "end_date" in exc.value.message_dict


def test_a_job_that_already_ended_cannot_be_ended_again(world):
    job = _bob_job(world)
    employment_end(by=world.alice, employment=job, end_date=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        employment_end(by=world.alice, employment=job, end_date=dt.date(2023, 1, 1))
    assert "end_date" in exc.value.message_dict
