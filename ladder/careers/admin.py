"""Django admin for plans and evaluations (site admins; signed evaluations stay read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ladder.careers.models import (
    DevelopmentPlan,
    Evaluation,
    EvaluationAddendum,
    PlanCheckIn,
    PlanGoal,
    PlannedSession,
)
from ladder.core.admin import ProtectedRecordAdmin, ReadOnlyInline


class PlanGoalInline(admin.TabularInline[PlanGoal, Any]):
    model = PlanGoal
    extra = 0
    raw_id_fields = ["competency"]


class PlannedSessionInline(admin.TabularInline[PlannedSession, Any]):
    model = PlannedSession
    extra = 0
    raw_id_fields = ["session", "added_by"]


class PlanCheckInInline(admin.TabularInline[PlanCheckIn, Any]):
    model = PlanCheckIn
    extra = 0
    raw_id_fields = ["author"]


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(admin.ModelAdmin[DevelopmentPlan]):
    list_display = ["title", "person", "status", "starts_on", "ends_on", "target_job_class"]
    list_filter = ["status"]
    search_fields = ["title", "person__email", "person__last_name"]
    raw_id_fields = ["person", "agreed_by", "created_by", "target_job_class"]
    inlines = [PlanGoalInline, PlannedSessionInline, PlanCheckInInline]


class EvaluationAddendumInline(ReadOnlyInline):
    model = EvaluationAddendum
    raw_id_fields = ["author"]


@admin.register(Evaluation)
class EvaluationAdmin(ProtectedRecordAdmin):
    list_display = [
        "person",
        "library",
        "reviewer",
        "period_start",
        "period_end",
        "reviewer_signed_at",
        "person_signed_at",
    ]
    list_filter = ["library"]
    search_fields = ["person__email", "person__last_name", "reviewer__last_name"]
    raw_id_fields = ["person", "reviewer", "library", "created_by"]
    inlines = [EvaluationAddendumInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_locked:
            # Signed is read-only everywhere, admin included: corrections are addenda.
            return super().get_readonly_fields(request, obj)
        return ["pd_section", "pd_refreshed_at"]
