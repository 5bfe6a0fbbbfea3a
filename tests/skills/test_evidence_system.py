"""evidence_record_system: Ladder's own entries (attendance, verified learning) skip the
permission check but keep the validation, the Rating recompute and the audit entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ladder.core.models import AuditEntry
from ladder.skills.models import Evidence, Rating
from ladder.skills.ratings import evidence_record, evidence_record_system


@pytest.fixture
def ils(framework):
    return framework.competencies.get(code="ils")


def test_a_facilitator_outside_the_chain_may_not_record_training_directly(world, ils):
    # dave (Hillcrest) is nowhere in bob's chain: the ordinary service refuses him.
    with pytest.raises(PermissionDenied):
        evidence_record(by=world.dave, person=world.bob, competency=ils, kind="training", level=3)


def test_the_system_records_training_for_anyone_and_the_rating_rises(world, ils):
    evidence_record(by=world.bob, person=world.bob, competency=ils, kind="self", level=1)

    entry = evidence_record_system(
        person=world.bob,
        competency=ils,
        kind="training",
        level=3,
        note="ILS workshop",
        source_ref="learning.trainingrecord:7",
        recorded_by=world.dave,
    )

    assert entry.recorded_by == world.dave
    assert entry.source_ref == "learning.trainingrecord:7"
    rating = Rating.objects.get(person=world.bob, competency=ils)
    assert (rating.level, rating.source) == (3, "training")
    audit = AuditEntry.objects.get(action="skills.evidence.recorded", object_id=str(entry.pk))
    assert audit.actor == world.dave
    assert audit.changes == {"level": [1, 3]}


def test_the_system_still_checks_the_level_against_the_scale(world, ils):
    with pytest.raises(ValidationError) as exc:
        evidence_record_system(person=world.bob, competency=ils, kind="training", level=9)

    assert "level" in exc.value.message_dict
    assert not Evidence.objects.filter(person=world.bob).exists()
    assert not Rating.objects.filter(person=world.bob).exists()


def test_the_system_refuses_an_unknown_kind_and_an_overlong_source(world, ils):
    with pytest.raises(ValidationError) as exc:
        evidence_record_system(person=world.bob, competency=ils, kind="rumour", level=2)
    assert "kind" in exc.value.message_dict

    with pytest.raises(ValidationError) as exc:
        evidence_record_system(
            person=world.bob, competency=ils, kind="training", level=2, source_ref="x" * 200
        )
    assert "source_ref" in exc.value.message_dict
    assert not Evidence.objects.filter(person=world.bob).exists()
