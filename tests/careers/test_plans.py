"""Development plans: the services, their rules and progress from the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.careers import plans as svc
from ladder.careers.models import DevelopmentPlan, PlannedSession
from ladder.core.models import AuditEntry
from ladder.learning.models import Registration, TrainingRecord
from ladder.skills.models import Rating
from tests.learning import conftest as learning_fixtures

catalogue = learning_fixtures.catalogue  # the learning tests' sessions

TODAY = dt.date(2026, 1, 1)


def make_plan(world, by=None, person=None, **extra):
    return svc.plan_create(
        by=by or world.sam,
        person=person or world.bob,
        title=extra.pop("title", "Grow into an assistant"),
        starts_on=extra.pop("starts_on", TODAY),
        ends_on=extra.pop("ends_on", dt.date(2026, 12, 31)),
        **extra,
    )


def test_person_creates_own_plan_and_it_is_logged(world):
    plan = make_plan(world, by=world.bob, target_job_class=world.assistant)
    assert plan.status == DevelopmentPlan.Status.DRAFT
    assert plan.person == world.bob
    assert AuditEntry.objects.filter(action="careers.plan.created", object_id=str(plan.pk)).exists()


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_outsiders_may_not_create_a_plan(world, who):
    with pytest.raises(PermissionDenied):
        make_plan(world, by=getattr(world, who))


def test_library_admin_and_chain_manage_the_plan(world):
    # alice is Riverside's admin and above sam in the chain.
    plan = make_plan(world, by=world.alice)
    svc.goal_add(by=world.sam, plan=plan, description="Learn the ILS")
    assert plan.goals.count() == 1


def test_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as exc:
        make_plan(world, starts_on=TODAY, ends_on=TODAY - dt.timedelta(days=1))
    assert "ends_on" in exc.value.message_dict


def test_agreement_by_supervisor_then_goal_change_marks_changed(world, framework):
    plan = make_plan(world)
    ils = framework.competencies.get(code="ils")
    goal = svc.goal_add(by=world.bob, plan=plan, description="ILS", competency=ils, target_level=2)
    svc.plan_agree(by=world.sam, plan=plan)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.AGREED
    assert plan.agreed_by == world.sam
    svc.goal_update(by=world.bob, goal=goal, target_level=3)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.CHANGED
    svc.plan_agree(by=world.sam, plan=plan)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.AGREED


def test_marking_a_goal_done_keeps_the_agreement(world):
    plan = make_plan(world)
    goal = svc.goal_add(by=world.bob, plan=plan, description="Shadow the desk")
    svc.plan_agree(by=world.sam, plan=plan)
    svc.goal_update(by=world.bob, goal=goal, done_on=TODAY)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.AGREED


def test_person_cannot_agree_to_own_plan(world):
    plan = make_plan(world)
    svc.goal_add(by=world.bob, plan=plan, description="x")
    with pytest.raises(PermissionDenied, match="supervisor agrees"):
        svc.plan_agree(by=world.bob, plan=plan)


def test_other_library_admin_cannot_agree(world):
    plan = make_plan(world)
    svc.goal_add(by=world.bob, plan=plan, description="x")
    with pytest.raises(PermissionDenied):
        svc.plan_agree(by=world.carol, plan=plan)


def test_agreeing_without_goals_or_twice_is_refused(world):
    plan = make_plan(world)
    with pytest.raises(ValidationError, match="at least one goal"):
        svc.plan_agree(by=world.sam, plan=plan)
    svc.goal_add(by=world.bob, plan=plan, description="x")
    svc.plan_agree(by=world.sam, plan=plan)
    with pytest.raises(ValidationError, match="already agreed"):
        svc.plan_agree(by=world.alice, plan=plan)


def test_target_level_must_be_on_the_scale_and_need_a_competency(world, framework):
    plan = make_plan(world)
    ils = framework.competencies.get(code="ils")
    with pytest.raises(ValidationError) as exc:
        svc.goal_add(by=world.bob, plan=plan, description="x", competency=ils, target_level=9)
    assert "target_level" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.goal_add(by=world.bob, plan=plan, description="x", target_level=2)
    assert "target_level" in exc.value.message_dict


def test_goal_due_outside_the_plan_is_refused(world):
    plan = make_plan(world)
    with pytest.raises(ValidationError) as exc:
        svc.goal_add(by=world.bob, plan=plan, description="x", due_on=dt.date(2027, 6, 1))
    assert "due_on" in exc.value.message_dict


def test_closed_plan_refuses_changes(world):
    plan = make_plan(world)
    svc.plan_close(by=world.bob, plan=plan)
    with pytest.raises(ValidationError, match="closed"):
        svc.goal_add(by=world.bob, plan=plan, description="x")


def test_add_session_to_current_creates_a_draft_and_is_idempotent(world, catalogue):
    item, created = svc.session_add_to_current(
        by=world.sam, person=world.bob, session=catalogue.workshop_north, reason="ILL gap"
    )
    assert created and item.reason == "ILL gap"
    again, created_again = svc.session_add_to_current(
        by=world.sam, person=world.bob, session=catalogue.workshop_north, reason="other"
    )
    assert not created_again and again.pk == item.pk
    assert DevelopmentPlan.objects.filter(person=world.bob).count() == 1
    assert PlannedSession.objects.count() == 1


def test_add_session_goes_to_the_latest_open_plan(world, catalogue):
    old = make_plan(
        world, title="Old", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31)
    )
    svc.plan_close(by=world.bob, plan=old)
    current = make_plan(world, title="Current")
    item, _ = svc.session_add_to_current(
        by=world.bob, person=world.bob, session=catalogue.webinar_session
    )
    assert item.plan == current


def test_add_session_refused_for_someone_not_yours(world, catalogue):
    with pytest.raises(PermissionDenied):
        svc.session_add_to_current(
            by=world.carol, person=world.bob, session=catalogue.workshop_north
        )
    assert not DevelopmentPlan.objects.exists()


def test_check_in_needs_a_note(world):
    plan = make_plan(world)
    with pytest.raises(ValidationError):
        svc.check_in_add(by=world.sam, plan=plan, note="  ")
    entry = svc.check_in_add(by=world.sam, plan=plan, note="Going well")
    assert entry.author == world.sam


def test_progress_from_ratings_sessions_and_gaps(world, framework, catalogue):
    plan = make_plan(world, target_job_class=world.assistant)
    ils = framework.competencies.get(code="ils")
    circ = framework.competencies.get(code="circulation")
    svc.goal_add(by=world.bob, plan=plan, description="ILS", competency=ils, target_level=4)
    svc.goal_add(by=world.bob, plan=plan, description="Circ", competency=circ, target_level=2)
    Rating.objects.create(person=world.bob, competency=ils, level=2, source="supervisor")
    Rating.objects.create(person=world.bob, competency=circ, level=3, source="supervisor")
    svc.session_add(by=world.bob, plan=plan, session=catalogue.workshop_north)
    svc.session_add(by=world.bob, plan=plan, session=catalogue.webinar_session)
    registration = Registration.objects.create(
        person=world.bob, session=catalogue.workshop_north, status="attended"
    )
    TrainingRecord.objects.create(
        person=world.bob,
        registration=registration,
        title="ILL",
        kind="workshop",
        completed_on=timezone.localdate(),
        hours=Decimal("3"),
    )
    progress = svc.plan_progress(svc.plan_with_details(DevelopmentPlan.objects.all()).get())
    assert [g.percent for g in progress.goals] == [50, 100]
    assert progress.goals_met == 1
    statuses = {s.planned.session_id: s.status for s in progress.sessions}
    assert statuses == {
        catalogue.workshop_north.pk: "attended",
        catalogue.webinar_session.pk: "not_registered",
    }
    # (0.5 + 1 + 1 attended) / 4 parts
    assert progress.percent == 62
    assert progress.gaps_known
    # bob (a page with no recorded education) lacks the assistant's secondary education.
    assert any(g.kind for g in progress.gaps)


def test_progress_counts_a_fixed_number_of_queries(
    world, framework, catalogue, django_assert_max_num_queries
):
    plan = make_plan(world)
    for competency in framework.competencies.all():
        svc.goal_add(
            by=world.bob,
            plan=plan,
            description=competency.name,
            competency=competency,
            target_level=3,
        )
    for session in (
        catalogue.workshop_north,
        catalogue.webinar_session,
        catalogue.riverside_series,
    ):
        svc.session_add(by=world.bob, plan=plan, session=session)
    loaded = svc.plan_with_details(DevelopmentPlan.objects.filter(pk=plan.pk)).get()
    with django_assert_max_num_queries(3):
        svc.plan_progress(loaded, with_gaps=False)
