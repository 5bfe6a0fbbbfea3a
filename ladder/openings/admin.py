from typing import Any

from django.contrib import admin

from ladder.openings.models import (
    Application,
    BudgetScenario,
    EmploymentPay,
    HiringSettings,
    LibraryBudget,
    Opening,
    OpeningCompetency,
    RankingWeights,
    SuccessionScenario,
)


class OpeningCompetencyInline(admin.TabularInline[OpeningCompetency, Any]):
    model = OpeningCompetency
    extra = 0
    raw_id_fields = ["competency"]


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin[Opening]):
    list_display = ["__str__", "library", "job_class", "weekly_hours", "status", "internal_until"]
    list_filter = ["status", "reason"]
    search_fields = ["title", "library__name", "job_class__name"]
    raw_id_fields = ["library", "branch", "job_class", "created_by", "from_scenario"]
    inlines = [OpeningCompetencyInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["person", "opening", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["opening", "person", "invited_by"]


@admin.register(RankingWeights)
class RankingWeightsAdmin(admin.ModelAdmin[RankingWeights]):
    list_display = ["library", "requirements", "competencies", "initiative", "interest", "tenure"]
    raw_id_fields = ["library"]


@admin.register(SuccessionScenario)
class SuccessionScenarioAdmin(admin.ModelAdmin[SuccessionScenario]):
    list_display = ["name", "library", "kind", "status", "created_at"]
    raw_id_fields = ["library", "person", "employment", "created_by", "job"]


@admin.register(EmploymentPay)
class EmploymentPayAdmin(admin.ModelAdmin[EmploymentPay]):
    list_display = ["employment", "hourly_wage", "annual_benefits"]
    raw_id_fields = ["employment"]


@admin.register(LibraryBudget)
class LibraryBudgetAdmin(admin.ModelAdmin[LibraryBudget]):
    list_display = ["library", "fiscal_year", "salaries", "benefits", "total_operating"]
    raw_id_fields = ["library"]


@admin.register(BudgetScenario)
class BudgetScenarioAdmin(admin.ModelAdmin[BudgetScenario]):
    list_display = ["name", "budget", "created_at"]
    raw_id_fields = ["budget", "created_by"]


@admin.register(HiringSettings)
class HiringSettingsAdmin(admin.ModelAdmin[HiringSettings]):
    """A library's hiring rules (its admins set them on the hiring-rules page, audited)."""

    list_display = ["library", "internal_window_days"]
    search_fields = ["library__name"]
    raw_id_fields = ["library"]
