"""Roundtable services: creating, joining and leaving, meetings, notes, resources."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.learning.models import Offering, Registration, Session, TrainingRecord
from ladder.learning.registrations import attendance_mark
from ladder.shared_learning.models import (
    MeetingNote,
    Roundtable,
    RoundtableMembership,
    RoundtableResource,
)
from ladder.shared_learning.roundtables import (
    meeting_note_add,
    roundtable_create,
    roundtable_join,
    roundtable_leave,
    roundtable_resource_add,
    roundtable_update,
)
from tests import factories as f
from tests.shared_learning.roundtable_helpers import make_roundtable, schedule


def _active(roundtable: Roundtable) -> int:
    return RoundtableMembership.objects.filter(roundtable=roundtable, left_on__isnull=True).count()


def test_a_coordinator_creates_a_roundtable_with_its_meeting_offering(world):
    roundtable = make_roundtable(world)

    assert roundtable.offering.kind == Offering.Kind.ROUNDTABLE
    assert roundtable.offering.provider_network == world.network
    assert list(roundtable.conveners.all()) == [world.sam]
    assert AuditEntry.objects.filter(action="shared_learning.roundtable.created").exists()


def test_a_library_admin_may_not_create_a_roundtable(world):
    with pytest.raises(PermissionDenied):
        roundtable_create(by=world.alice, network=world.network, name="Directors")
    assert not Roundtable.objects.exists()
    assert not Offering.objects.filter(kind="roundtable").exists()


def test_a_second_roundtable_of_the_same_name_is_refused_on_the_name(world):
    make_roundtable(world)
    with pytest.raises(ValidationError) as exc:
        make_roundtable(world)
    assert "name" in exc.value.message_dict
    assert Roundtable.objects.count() == 1


def test_only_coordinators_edit_a_roundtable(world):
    roundtable = make_roundtable(world)
    with pytest.raises(PermissionDenied):
        roundtable_update(by=world.sam, roundtable=roundtable, name="Renamed")
    roundtable_update(by=world.nina, roundtable=roundtable, name="Circulation desk", conveners=[])
    roundtable.refresh_from_db()
    assert roundtable.name == "Circulation desk"
    assert not roundtable.conveners.exists()


def test_staff_of_a_member_library_join_and_leave(world):
    roundtable = make_roundtable(world)

    roundtable_join(by=world.bob, roundtable=roundtable)
    assert _active(roundtable) == 1

    membership = roundtable_leave(by=world.bob, roundtable=roundtable)
    assert membership.left_on == timezone.localdate()
    assert _active(roundtable) == 0

    roundtable_join(by=world.bob, roundtable=roundtable)
    assert _active(roundtable) == 1
    assert RoundtableMembership.objects.filter(person=world.bob).count() == 2


def test_joining_twice_is_refused_and_changes_nothing(world):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)

    with pytest.raises(ValidationError, match="already a member"):
        roundtable_join(by=world.bob, roundtable=roundtable)

    assert RoundtableMembership.objects.filter(person=world.bob).count() == 1


def test_leaving_when_not_a_member_is_refused(world):
    roundtable = make_roundtable(world)
    with pytest.raises(ValidationError, match="not a member"):
        roundtable_leave(by=world.bob, roundtable=roundtable)


def test_carol_joins_only_while_hillcrest_is_a_member(world):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.carol, roundtable=roundtable)
    roundtable_leave(by=world.carol, roundtable=roundtable)

    membership = world.hillcrest.memberships.get(network=world.network)
    membership.left_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()

    with pytest.raises(PermissionDenied):
        roundtable_join(by=world.carol, roundtable=roundtable)
    assert _active(roundtable) == 0


def test_staff_of_another_networks_library_may_not_join(world):
    roundtable = make_roundtable(world)
    other_library = f.LibraryFactory(name="Elsewhere", slug="elsewhere")
    outsider = f.PersonFactory()
    f.EmploymentFactory(person=outsider, library=other_library)

    with pytest.raises(PermissionDenied):
        roundtable_join(by=outsider, roundtable=roundtable)
    assert _active(roundtable) == 0


def test_conveners_and_coordinators_schedule_meetings_members_do_not(world):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)

    by_convener = schedule(world, roundtable, by=world.sam)
    by_coordinator = schedule(world, roundtable, days=14, by=world.nina)
    assert by_convener.offering == roundtable.offering
    assert list(by_convener.facilitators.all()) == [world.sam]
    assert by_coordinator.offering == roundtable.offering

    with pytest.raises(PermissionDenied):
        schedule(world, roundtable, days=21, by=world.bob)
    assert Session.objects.filter(offering=roundtable.offering).count() == 2


def test_a_meeting_with_bad_dates_is_refused(world):
    roundtable = make_roundtable(world)
    from ladder.shared_learning.roundtables import roundtable_meeting_schedule

    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        roundtable_meeting_schedule(
            by=world.sam,
            roundtable=roundtable,
            dates=[(start, start - dt.timedelta(hours=1))],
            capacity=10,
            online_url="https://meet.example.org/x",
        )
    assert not Session.objects.filter(offering=roundtable.offering).exists()


def test_conveners_add_notes_to_a_meeting_members_may_not(world):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    session = schedule(world, roundtable)

    note = meeting_note_add(by=world.sam, roundtable=roundtable, session=session, body="Agenda")
    assert note.author == world.sam

    with pytest.raises(PermissionDenied):
        meeting_note_add(by=world.bob, roundtable=roundtable, session=session, body="Mine")
    assert MeetingNote.objects.count() == 1


def test_notes_for_another_roundtables_meeting_or_empty_are_refused(world):
    circulation = make_roundtable(world)
    cataloguing = make_roundtable(world, name="Cataloguing")
    other = schedule(world, cataloguing)
    mine = schedule(world, circulation, days=8)

    with pytest.raises(ValidationError) as exc:
        meeting_note_add(by=world.sam, roundtable=circulation, session=other, body="x")
    assert "session" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        meeting_note_add(by=world.sam, roundtable=circulation, session=mine, body="  ")
    assert "body" in exc.value.message_dict
    assert not MeetingNote.objects.exists()


def test_members_share_links_and_files(world):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)

    link = roundtable_resource_add(
        by=world.bob, roundtable=roundtable, title="Loan rules", url="https://example.org/loans"
    )
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    upload = roundtable_resource_add(
        by=world.bob, roundtable=roundtable, title="Minutes", upload=pdf
    )

    assert link.url == "https://example.org/loans"
    assert upload.file.name.endswith(".pdf")
    assert upload.content_type == "application/pdf"


def test_a_non_member_may_not_share_a_resource(world):
    roundtable = make_roundtable(world)
    with pytest.raises(PermissionDenied):
        roundtable_resource_add(
            by=world.dave, roundtable=roundtable, title="Spam", url="https://example.org"
        )
    assert not RoundtableResource.objects.exists()


def test_a_resource_needs_a_title_and_a_link_or_a_file(world):
    roundtable = make_roundtable(world)
    with pytest.raises(ValidationError) as exc:
        roundtable_resource_add(by=world.sam, roundtable=roundtable, title="")
    assert set(exc.value.message_dict) == {"title", "url"}
    assert not RoundtableResource.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused_on_the_file(world):
    roundtable = make_roundtable(world)
    fake = SimpleUploadedFile("minutes.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        roundtable_resource_add(by=world.sam, roundtable=roundtable, title="x", upload=fake)
    assert "file" in exc.value.message_dict
    assert not RoundtableResource.objects.exists()


def test_attending_a_meeting_puts_roundtable_participation_on_the_transcript(world):
    roundtable = make_roundtable(world)
    session = schedule(world, roundtable, days=1)
    # The meeting is today: move its dates to now, as it has begun.
    now = timezone.now()
    session.starts_at, session.ends_at = now - dt.timedelta(minutes=30), now
    session.save()
    session.dates.update(starts_at=session.starts_at, ends_at=session.ends_at)
    registration = Registration.objects.create(
        person=world.bob, session=session, status="confirmed"
    )

    attendance_mark(by=world.sam, registration=registration, attended=True)

    record = TrainingRecord.objects.get(person=world.bob)
    assert record.kind == "roundtable"
    assert record.offering == roundtable.offering
