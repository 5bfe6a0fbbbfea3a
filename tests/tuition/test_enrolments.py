"""Applying and the two-stage approval; enrolment adds an in-progress credential."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.people.models import Credential, EducationLevel
from ladder.tuition import enrolments
from ladder.tuition.models import Enrolment
from tests.tuition.conftest import apply, enrolled

S = Enrolment.Status


def test_library_then_sponsor_approval_enrols_with_a_degree_in_progress(world, grow):
    enrolment = apply(grow)
    assert enrolment.status == S.APPLIED and enrolment.library == world.riverside
    enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == S.LIBRARY_APPROVED
    assert not Credential.objects.filter(person=grow.tina, status="in_progress").exists()
    enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == S.ENROLLED
    credential = enrolment.credential
    assert credential.status == "in_progress" and credential.degree_level == EducationLevel.MLS
    assert credential.accredited
    assert AuditEntry.objects.filter(action="tuition.enrolment.approved").count() == 2


def test_the_sponsor_cannot_approve_before_the_library(world, grow):
    enrolment = apply(grow)
    with pytest.raises(PermissionDenied):
        enrolments.enrolment_approve(by=grow.stella, enrolment=enrolment)


def test_another_librarys_admin_cannot_approve(world, grow):
    enrolment = apply(grow)
    with pytest.raises(PermissionDenied):
        enrolments.enrolment_approve(by=world.carol, enrolment=enrolment)


def test_a_library_sponsoring_its_own_staff_enrols_on_its_own_approval(world, grow):
    grow.programme.sponsor = world.riverside
    grow.programme.save()
    enrolment = apply(grow)
    enrolments.enrolment_approve(by=world.alice, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == S.ENROLLED


def test_a_job_class_outside_the_programme_cannot_apply(world, grow):
    with pytest.raises(ValidationError, match="Eligible job classes rule"):
        apply(grow, world.bob)


def test_minimum_tenure_is_enforced(world, grow):
    grow.programme.min_tenure_months = 200
    grow.programme.save()
    with pytest.raises(ValidationError, match="Minimum tenure rule"):
        apply(grow)


def test_staff_of_other_libraries_cannot_apply(world, grow):
    with pytest.raises(PermissionDenied):
        apply(grow, world.dave)


def test_bad_dates_and_degrees_are_refused_and_nothing_saved(world, grow):
    with pytest.raises(ValidationError) as exc:
        apply(
            grow,
            degree_level=EducationLevel.ASSOCIATE,
            expected_start=dt.date(2025, 1, 1),
            expected_end=dt.date(2024, 1, 1),
        )
    assert {"degree_level", "expected_end", "accredited"} <= set(exc.value.message_dict)
    assert not Enrolment.objects.exists()


def test_one_open_enrolment_per_programme(world, grow):
    apply(grow)
    with pytest.raises(ValidationError, match="already have an open"):
        apply(grow)


def test_refusal_needs_a_reason_and_closes_the_application(world, grow):
    enrolment = apply(grow)
    with pytest.raises(ValidationError):
        enrolments.enrolment_refuse(by=world.alice, enrolment=enrolment, note=" ")
    enrolments.enrolment_refuse(by=world.alice, enrolment=enrolment, note="No budget this year")
    enrolment.refresh_from_db()
    assert enrolment.status == S.REFUSED


def test_the_person_may_withdraw_but_not_end(world, grow):
    enrolment = enrolled(world, grow)
    with pytest.raises(PermissionDenied):
        enrolments.enrolment_stop(by=grow.tina, enrolment=enrolment, status=S.ENDED)
    enrolments.enrolment_stop(by=grow.tina, enrolment=enrolment, status=S.WITHDRAWN)
    enrolment.refresh_from_db()
    assert enrolment.status == S.WITHDRAWN and enrolment.ended_on is not None
