"""The demo's shared learning: the e-learning contract with a queue, four roundtables with a
past meeting on the transcripts, Hannah taught the catalogue by Marcus, a digest to preview;
and a second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ladder.demo.personas import seed_demo
from ladder.learning.models import Registration, TrainingRecord
from ladder.people.models import Person
from ladder.shared_learning import coaching, digest, licences
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    LicencePool,
    LicenceRequest,
    LicenceWindow,
    MeetingNote,
    Roundtable,
    RoundtableMembership,
    RoundtableResource,
)
from ladder.skills.models import Evidence

MODELS = [
    LicencePool, LicenceWindow, LicenceRequest, Roundtable, RoundtableMembership,
    RoundtableResource, MeetingNote, CoachingRequest, CoachingSession, TrainingRecord,
    Registration, Evidence,
]  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_licence_pool_is_full_with_a_queue_in_order(demo):
    pool = LicencePool.objects.get(name="LinkedIn Learning")
    assert licences.seats_taken(pool) == pool.seats == 3
    queue = list(licences.queue(pool).select_related("person"))
    assert [r.person.first_name for r in queue] == ["Rosa", "Ellen"]  # never had one first


def test_roundtables_with_members_meetings_and_transcripts(demo):
    names = set(Roundtable.objects.values_list("name", flat=True))
    assert {"Paraprofessionals", "Circulation", "Cataloguing", "Directors"} <= names
    para = Roundtable.objects.get(name="Paraprofessionals")
    assert para.conveners.filter(first_name="Rosa").exists()
    assert RoundtableMembership.objects.filter(roundtable=para, left_on__isnull=True).count() >= 4
    assert MeetingNote.objects.filter(roundtable=para).exists()
    assert RoundtableResource.objects.filter(roundtable=para).exists()
    hannah = Person.objects.get(first_name="Hannah", last_name="Kowalski")
    attended = Registration.objects.get(
        person=hannah, session__offering=para.offering, status="attended"
    )
    assert TrainingRecord.objects.filter(registration=attended).exists()
    assert para.offering.sessions.filter(starts_at__gt=timezone.now()).exists()


def test_hannah_was_taught_the_catalogue_by_marcus(demo):
    request = CoachingRequest.objects.get(learner__first_name="Hannah")
    assert request.mentor.email == "marcus.bell@maplecountylibrary.example"
    assert request.status == "completed" and request.competency.code == "ils-searching"
    assert request.sessions.filter(held=True).exists()
    assert request.training_record.kind == "one_on_one"
    assert Evidence.objects.filter(
        person=request.learner, source_ref=f"coaching:{request.pk}", kind="coaching"
    ).exists()
    today = timezone.localdate()
    given = coaching.mentoring_given([request.mentor_id], today.replace(year=today.year - 1), today)
    assert given[request.mentor_id].requests == 1


def test_marcus_is_suggested_for_searching_the_catalogue(demo):
    hannah = Person.objects.get(first_name="Hannah", last_name="Kowalski")
    request = CoachingRequest.objects.get(learner=hannah)
    found = coaching.suggest_mentors(hannah, competency=request.competency)
    assert found and found[0].person == request.mentor and found[0].scope == "same branch"


def test_the_digest_preview_is_not_empty(demo):
    hannah = Person.objects.get(first_name="Hannah", last_name="Kowalski")
    month = digest.month_after(timezone.localdate())
    items = digest.digest_items(hannah, month)
    assert any(i.offering.kind == "webinar" for i in items)


def test_a_second_seed_adds_nothing(demo):
    before = counts()
    seed_demo()
    assert counts() == before
