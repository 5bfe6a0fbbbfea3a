"""Attendance makes a training record: hours, CE credits, competencies, a certificate, and
a training entry in the skills evidence log that raises the Rating. Once, however often it
is marked; corrected to no-show, the record is set aside and the certificate revoked.

The fixtures here are shared with the other transcript, certificate and feedback tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.learning.models import (
    Certificate,
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    TrainingRecord,
)
from ladder.learning.registrations import attendance_mark, attendance_mark_all_present
from ladder.learning.transcript import training_record_from_attendance
from ladder.skills.models import Competency, Evidence, Rating
from ladder.skills.ratings import evidence_record
from tests.learning.conftest import make_session, register

S = Registration.Status


@dataclass
class Ran:
    """The ILS workshop (network, 3 CE hours, 0.3 credits, ILS and systems to level 3) ran
    earlier today, facilitated by sam; bob (page) and dave (assistant) hold seats."""

    offering: Offering
    session: Session
    ils: Competency
    bob: Registration
    dave: Registration


@pytest.fixture
def ils(framework) -> Competency:
    competency = framework.competencies.get(code="ils")
    competency.name = "ILS and systems"
    competency.save()
    return competency


def ran_session(offering: Offering, facilitator, hours_ago: int = 3, length: int = 2) -> Session:
    now = timezone.now()
    start = now - dt.timedelta(hours=hours_ago)
    return make_session(
        offering, [(start, start + dt.timedelta(hours=length))], facilitators=[facilitator]
    )


@pytest.fixture
def ran(world, catalogue, ils) -> Ran:
    offering = catalogue.network_workshop
    offering.title = "ILS workshop"
    offering.save()
    OfferingCompetency.objects.create(offering=offering, competency=ils, level=3)
    session = ran_session(offering, world.sam)
    return Ran(
        offering=offering,
        session=session,
        ils=ils,
        bob=register(world.bob, session),
        dave=register(world.dave, session),
    )


def attend(registration: Registration, by) -> TrainingRecord:
    attendance_mark(by=by, registration=registration, attended=True)
    return TrainingRecord.objects.get(registration=registration)


# --- the record ------------------------------------------------------------------------------


def test_attendance_makes_a_record_with_hours_credits_and_competencies(world, ran):
    record = attend(ran.bob, world.sam)

    assert record.person == world.bob
    assert record.title == "ILS workshop"
    assert record.kind == "workshop"
    assert record.provider == "Buckeye Library Network"
    assert record.hours == Decimal("3")  # the offering's CE hours, not the 2 contact hours
    assert record.ce_credits == Decimal("0.3")
    assert record.status == TrainingRecord.Status.VERIFIED
    assert record.verified_by == world.sam
    assert [(c.competency, c.level) for c in record.competencies.all()] == [(ran.ils, 3)]
    assert Certificate.objects.filter(record=record, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(
        action="learning.trainingrecord.created", object_id=str(record.pk)
    ).exists()


def test_an_external_providers_name_is_kept(world, ran):
    ran.offering.provider_kind = Offering.Provider.EXTERNAL
    ran.offering.provider_name = "State Library Association"
    ran.offering.save()

    assert attend(ran.bob, world.sam).provider == "State Library Association"


def test_an_offering_without_ce_hours_counts_the_contact_hours_of_its_dates(world, ran):
    ran.offering.ce_hours = Decimal("0")
    ran.offering.save()
    now = timezone.now()
    series = make_session(
        ran.offering,
        [
            (now - dt.timedelta(days=7, hours=3), now - dt.timedelta(days=7, hours=1)),
            (now - dt.timedelta(hours=3), now - dt.timedelta(hours=1, minutes=30)),
        ],
        facilitators=[world.sam],
    )
    registration = register(world.bob, series)

    record = attend(registration, world.sam)

    assert record.hours == Decimal("3.50")


def test_attendance_enters_the_skills_log_and_the_rating_rises(world, ran):
    evidence_record(by=world.bob, person=world.bob, competency=ran.ils, kind="self", level=1)

    record = attend(ran.bob, world.sam)

    entry = Evidence.objects.get(person=world.bob, kind="training")
    assert entry.level == 3
    assert entry.source_ref == f"learning.trainingrecord:{record.pk}"
    assert entry.recorded_by == world.sam
    rating = Rating.objects.get(person=world.bob, competency=ran.ils)
    assert (rating.level, rating.source) == (3, "training")


def test_marking_attended_twice_makes_one_record_and_one_evidence_entry(world, ran):
    record = attend(ran.bob, world.sam)

    again = training_record_from_attendance(ran.bob, by=world.sam)
    attendance_mark(by=world.sam, registration=ran.bob, attended=True)

    assert again == record
    assert TrainingRecord.objects.filter(person=world.bob).count() == 1
    assert Evidence.objects.filter(person=world.bob).count() == 1
    assert Certificate.objects.filter(record__person=world.bob).count() == 1


def test_mark_all_present_makes_a_record_for_each_attendee(world, ran):
    attendance_mark_all_present(by=world.sam, session=ran.session)

    assert set(
        TrainingRecord.objects.filter(registration__session=ran.session).values_list(
            "person__email", flat=True
        )
    ) == {"bob@riverside.example", "dave@hillcrest.example"}


def test_a_no_show_gets_no_record(world, ran):
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)

    assert training_record_from_attendance(ran.bob, by=world.sam) is None
    assert not TrainingRecord.objects.filter(person=world.bob).exists()
    assert not Evidence.objects.filter(person=world.bob).exists()


def test_a_correction_to_no_show_sets_the_record_aside_and_revokes_the_certificate(world, ran):
    record = attend(ran.bob, world.sam)

    attendance_mark(by=world.sam, registration=ran.bob, attended=False)
    training_record_from_attendance(ran.bob, by=world.sam)

    record.refresh_from_db()
    assert record.status == TrainingRecord.Status.REJECTED
    assert record.certificate.revoked_at is not None
    # The evidence log is append-only: the entry stays, the correction is in the audit log.
    assert Evidence.objects.filter(person=world.bob, kind="training").count() == 1
    assert AuditEntry.objects.filter(
        action="learning.trainingrecord.corrected", object_id=str(record.pk)
    ).exists()


def test_attended_again_after_a_correction_reinstates_without_a_second_entry(world, ran):
    record = attend(ran.bob, world.sam)
    attendance_mark(by=world.sam, registration=ran.bob, attended=False)
    training_record_from_attendance(ran.bob, by=world.sam)

    attendance_mark(by=world.sam, registration=ran.bob, attended=True)

    record.refresh_from_db()
    assert record.status == TrainingRecord.Status.VERIFIED
    assert record.certificate.revoked_at is None
    assert Evidence.objects.filter(person=world.bob).count() == 1
