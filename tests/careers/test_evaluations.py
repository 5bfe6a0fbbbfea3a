"""Yearly evaluations: who reviews, the data-filled section, signatures and addenda."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.careers import evaluations as svc
from ladder.careers import plans as plan_svc
from ladder.careers.models import Evaluation
from ladder.learning.models import Offering, TrainingRecord
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    Roundtable,
    RoundtableMembership,
)
from ladder.skills.models import Evidence

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def create(world, by=None, person=None, **extra) -> Evaluation:
    return svc.evaluation_create(
        by=by or world.sam,
        person=person or world.bob,
        period_start=extra.pop("period_start", START),
        period_end=extra.pop("period_end", END),
        **extra,
    )


def signed(world) -> Evaluation:
    evaluation = create(world)
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="A good year.")
    svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    svc.evaluation_sign(by=world.bob, evaluation=evaluation)
    return evaluation


def test_supervisor_creates_for_a_report(world):
    evaluation = create(world)
    assert evaluation.reviewer == world.sam
    assert evaluation.library == world.riverside
    assert evaluation.pd_section["hours"] == "0"


def test_chain_above_and_library_admin_may_review(world):
    assert create(world, by=world.alice).reviewer == world.alice
    other = create(world, by=world.alice, person=world.sam)
    assert other.library == world.riverside


def test_supervisor_evaluating_someone_not_theirs_is_refused(world):
    # sam supervises bob, not alice (his own supervisor) nor dave (another library).
    with pytest.raises(PermissionDenied, match="not Alice Admin's supervisor"):
        create(world, by=world.sam, person=world.alice)
    with pytest.raises(PermissionDenied, match="supervisor"):
        create(world, by=world.bob, person=world.sam)


def test_other_library_admin_and_coordinator_are_refused(world):
    with pytest.raises(PermissionDenied):
        create(world, by=world.carol)
    with pytest.raises(PermissionDenied):
        create(world, by=world.nina)


def test_nobody_evaluates_themselves(world):
    with pytest.raises(PermissionDenied, match="themselves"):
        create(world, by=world.alice, person=world.alice)


def test_admin_names_a_reviewer_who_must_be_eligible(world):
    evaluation = create(world, by=world.alice, reviewer=world.sam)
    assert evaluation.reviewer == world.sam
    with pytest.raises(PermissionDenied):
        create(
            world,
            by=world.alice,
            person=world.sam,
            reviewer=world.bob,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
        )


def test_sam_cannot_name_another_reviewer(world):
    with pytest.raises(PermissionDenied, match="library admin"):
        create(world, by=world.sam, reviewer=world.alice)


def test_overlapping_period_is_refused(world):
    create(world)
    with pytest.raises(ValidationError) as exc:
        create(world, by=world.alice, period_start=dt.date(2025, 6, 1), period_end=END)
    assert "period_start" in exc.value.message_dict


def test_period_must_be_in_order(world):
    with pytest.raises(ValidationError) as exc:
        create(world, period_start=END, period_end=START)
    assert "period_end" in exc.value.message_dict


def test_only_the_reviewer_writes_the_narrative(world):
    evaluation = create(world)
    with pytest.raises(PermissionDenied):
        svc.evaluation_update(by=world.bob, evaluation=evaluation, narrative="I'm great")
    with pytest.raises(PermissionDenied):
        svc.evaluation_update(by=world.carol, evaluation=evaluation, narrative="x")


def test_reviewer_signs_before_the_person(world):
    evaluation = create(world)
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="Good")
    with pytest.raises(ValidationError, match="reviewer signs first"):
        svc.evaluation_sign(by=world.bob, evaluation=evaluation)


def test_signing_needs_a_narrative(world):
    evaluation = create(world)
    with pytest.raises(ValidationError):
        svc.evaluation_sign(by=world.sam, evaluation=evaluation)


def test_signing_twice_is_refused(world):
    evaluation = create(world)
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="Good")
    svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    with pytest.raises(ValidationError, match="already signed"):
        svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    svc.evaluation_sign(by=world.bob, evaluation=evaluation)
    with pytest.raises(ValidationError, match="already acknowledged"):
        svc.evaluation_sign(by=world.bob, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.is_signed


def test_others_cannot_sign(world):
    evaluation = create(world)
    with pytest.raises(PermissionDenied):
        svc.evaluation_sign(by=world.alice, evaluation=evaluation)


def test_editing_a_signed_evaluation_is_refused(world):
    evaluation = signed(world)
    with pytest.raises(ValidationError, match="add an addendum instead"):
        svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="Changed")
    with pytest.raises(ValidationError, match="add an addendum instead"):
        svc.evaluation_comment(by=world.bob, evaluation=evaluation, comment="Changed")
    evaluation.refresh_from_db()
    assert evaluation.narrative == "A good year."


def test_person_comments_until_they_acknowledge(world):
    evaluation = create(world)
    svc.evaluation_comment(by=world.bob, evaluation=evaluation, comment="Thanks")
    with pytest.raises(PermissionDenied):
        svc.evaluation_comment(by=world.sam, evaluation=evaluation, comment="x")
    evaluation.refresh_from_db()
    assert evaluation.person_comment == "Thanks"


def test_addendum_after_signing_works(world):
    evaluation = signed(world)
    addendum = svc.addendum_add(by=world.sam, evaluation=evaluation, body="Hours corrected.")
    assert addendum.author == world.sam
    svc.addendum_add(by=world.bob, evaluation=evaluation, body="Agreed.")
    svc.addendum_add(by=world.alice, evaluation=evaluation, body="HR noted.")
    assert evaluation.addenda.count() == 3


def test_addendum_refused_before_signing_and_for_outsiders(world):
    evaluation = create(world)
    with pytest.raises(ValidationError, match="Nobody has signed"):
        svc.addendum_add(by=world.sam, evaluation=evaluation, body="x")
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="n")
    svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    with pytest.raises(PermissionDenied):
        svc.addendum_add(by=world.carol, evaluation=evaluation, body="x")
    with pytest.raises(PermissionDenied):
        svc.addendum_add(by=world.nina, evaluation=evaluation, body="x")


def _record(person, day, hours="2", **extra):
    return TrainingRecord.objects.create(
        person=person,
        title=extra.pop("title", "Tech basics"),
        kind=extra.pop("kind", "workshop"),
        completed_on=day,
        hours=Decimal(hours),
        ce_credits=Decimal(extra.pop("ce", "0")),
        **extra,
    )


def test_pd_section_is_built_from_the_data_of_the_period(world, framework):
    bob = world.bob
    _record(
        bob,
        dt.date(2025, 3, 4),
        "3",
        ce="0.3",
        above_and_beyond=True,
        above_and_beyond_reason="Technology training outside a page's duties",
    )
    _record(bob, dt.date(2025, 5, 4), "1.5", title="Circulation")
    _record(bob, dt.date(2024, 5, 4), "8", title="Last year")
    _record(bob, dt.date(2025, 6, 1), "9", title="Pending", status="pending")
    ils = framework.competencies.get(code="ils")
    rt_offering = Offering.objects.create(
        title="Circulation roundtable",
        kind="roundtable",
        provider_kind="network",
        provider_network=world.network,
    )
    roundtable = Roundtable.objects.create(
        network=world.network, name="Circulation", slug="circ", offering=rt_offering
    )
    RoundtableMembership.objects.create(
        roundtable=roundtable, person=bob, joined_on=dt.date(2024, 9, 1)
    )
    _record(
        bob,
        dt.date(2025, 9, 9),
        "1",
        title="Circulation roundtable",
        kind="roundtable",
        offering=rt_offering,
    )
    coaching = CoachingRequest.objects.create(
        learner=world.sam,
        library=world.riverside,
        topic="eBooks on phones",
        mentor=bob,
        status=CoachingRequest.Status.COMPLETED,
        completed_at=aware(dt.date(2025, 4, 1)),
    )
    CoachingSession.objects.create(
        request=coaching, starts_at=aware(dt.date(2025, 3, 20)), minutes=45, held=True
    )
    CoachingSession.objects.create(
        request=coaching, starts_at=aware(dt.date(2025, 3, 27)), minutes=30, held=False
    )
    plan = plan_svc.plan_create(
        by=bob,
        person=bob,
        title="Grow",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 1),
    )
    plan_svc.goal_add(by=bob, plan=plan, description="Learn it", competency=ils, target_level=2)

    section = svc.pd_section_build(bob, START, END)

    assert section["hours"] == "5.5"
    assert section["ce_credits"] == "0.3"
    assert [o["title"] for o in section["offerings"]] == [
        "Tech basics",
        "Circulation",
        "Circulation roundtable",
    ]
    assert section["above_and_beyond"] == [
        {
            "title": "Tech basics",
            "completed_on": "2025-03-04",
            "hours": "3",
            "reason": "Technology training outside a page's duties",
        }
    ]
    assert section["roundtables"] == [
        {
            "name": "Circulation",
            "member_since": "2024-09-01",
            "left_on": None,
            "meetings_attended": 1,
        }
    ]
    assert section["mentoring"] == [
        {
            "topic": "eBooks on phones",
            "learner": world.sam.display_name,
            "completed_on": "2025-04-01",
            "hours": "0.75",
        }
    ]
    assert section["mentoring_hours"] == "0.75"
    assert section["plans"][0]["title"] == "Grow"
    assert section["plans"][0]["goals"] == 1


def test_competencies_gained_compare_before_and_after_the_period(world, framework):
    bob = world.bob
    ils = framework.competencies.get(code="ils")
    circ = framework.competencies.get(code="circulation")
    Evidence.objects.create(person=bob, competency=ils, kind="training", level=1)
    Evidence.objects.create(person=bob, competency=ils, kind="supervisor", level=3)
    Evidence.objects.create(person=bob, competency=circ, kind="training", level=2)
    today = timezone.localdate()
    # The ILS evidence is all in the period: 0 → 3. Circulation was reached before a later
    # period starts, so that period shows no gain.
    section = svc.pd_section_build(bob, today - dt.timedelta(days=30), today)
    gained = {
        g["competency"]: (g["from_level"], g["to_level"]) for g in section["competencies_gained"]
    }
    assert gained == {ils.name: (0, 3), circ.name: (0, 2)}
    later = svc.pd_section_build(bob, today + dt.timedelta(days=1), today + dt.timedelta(days=30))
    assert later["competencies_gained"] == []


def test_section_refreshes_until_the_first_signature_then_freezes(world):
    evaluation = create(world, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    _record(world.bob, dt.date(2025, 2, 2), "2")
    svc.pd_section_refresh(evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.pd_section["hours"] == "2"
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="n")
    svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    _record(world.bob, dt.date(2025, 2, 3), "4")
    svc.pd_section_refresh(evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.pd_section["hours"] == "2"


def test_visibility(world):
    evaluation = create(world)
    from ladder.core.access import access_for

    def seen_by(person):
        return svc.evaluations_visible_to(access_for(person)).filter(pk=evaluation.pk).exists()

    assert seen_by(world.bob) and seen_by(world.sam) and seen_by(world.alice)
    assert seen_by(world.root)
    assert not seen_by(world.carol)
    assert not seen_by(world.dave)
    assert not seen_by(world.nina)
