"""The demo's plans and evaluations: Claire's agreed plan toward Librarian I, last year's signed
evaluations of the Riverbend crew with above-and-beyond items, Hannah's in progress."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.careers.models import (
    DevelopmentPlan,
    Evaluation,
    EvaluationAddendum,
    PlanCheckIn,
    PlanGoal,
    PlannedSession,
)
from ladder.core.models import AuditEntry
from ladder.demo.careers import seed_careers
from ladder.demo.personas import seed_demo
from ladder.learning.models import TrainingRecord
from ladder.people.models import Person

MAPLE = "maplecountylibrary.example"
MODELS = [
    DevelopmentPlan,
    PlanGoal,
    PlannedSession,
    PlanCheckIn,
    Evaluation,
    EvaluationAddendum,
    TrainingRecord,
    AuditEntry,
]


@pytest.fixture
def demo(seeded_demo, db) -> str:
    return seeded_demo


def person(local: str) -> Person:
    return Person.objects.get(email=f"{local}@{MAPLE}")


def test_claire_has_an_agreed_plan_toward_librarian_i(demo):
    claire = person("claire.donnelly")
    plan = DevelopmentPlan.objects.get(person=claire)
    assert plan.status == DevelopmentPlan.Status.AGREED
    assert plan.agreed_by == person("harold.jennings")
    assert plan.target_job_class is not None and plan.target_job_class.name == "Librarian I"
    assert plan.goals.count() == 4
    assert plan.planned_sessions.count() >= 1
    assert plan.check_ins.exists()


def test_last_years_evaluations_are_signed_with_above_and_beyond_items(demo):
    last_year = timezone.localdate().year - 1
    signed = Evaluation.objects.filter(period_start__year=last_year)
    assert signed.count() == 4
    assert all(e.is_signed for e in signed)
    assert {e.reviewer.email for e in signed} == {f"denise.okafor@{MAPLE}"}
    hannah = signed.get(person=person("hannah.kowalski"))
    items = hannah.pd_section["above_and_beyond"]
    assert len(items) >= 2
    assert all("page" in item["reason"] for item in items)
    rosa = signed.get(person=person("rosa.delgado"))
    assert rosa.pd_section["above_and_beyond"]


def test_hannahs_evaluation_this_year_is_in_progress(demo):
    current = Evaluation.objects.get(
        person=person("hannah.kowalski"), period_start__year=timezone.localdate().year
    )
    assert current.reviewer_signed_at is None and current.narrative


def test_demo_pages_render_for_the_personas(demo, client_for):
    hannah = person("hannah.kowalski")
    evaluation = Evaluation.objects.filter(person=hannah, person_signed_at__isnull=False).get()
    client = client_for(hannah)
    assert client.get(reverse("careers:my_evaluations")).status_code == 200
    assert client.get(evaluation.get_absolute_url()).status_code == 200
    pdf = client.get(reverse("careers:evaluation_pdf", args=[evaluation.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    claire = person("claire.donnelly")
    plan = DevelopmentPlan.objects.get(person=claire)
    assert client_for(claire).get(plan.get_absolute_url()).status_code == 200
    denise = client_for(person("denise.okafor"))
    assert denise.get(reverse("careers:evaluation_list")).status_code == 200


def test_seeding_again_changes_no_counts(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}
    seed_careers()
    seed_demo()
    after = {model.__name__: model.objects.count() for model in MODELS}
    assert after == before
