"""Django admin for the skills app: the site admin's view of everything (DESIGN.md).

The evidence log is append-only and ratings are derived from it, so the admin shows both
read-only: evidence is recorded through ladder.skills.ratings.evidence_record, which checks
who may record what and recomputes the rating.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ladder.skills.models import (
    Area,
    Competency,
    Evidence,
    ExternalScheme,
    ExternalTag,
    Framework,
    Hat,
    HatAssignment,
    HatRequirement,
    Interest,
    JobClassCompetency,
    Level,
    Rating,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Viewable, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LevelInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Level
    extra = 0


class AreaInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Area
    extra = 0
    fields = ("code", "name", "position")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "network", "is_default")
    list_filter = ("is_default", "network")
    search_fields = ("name", "slug")
    list_select_related = ("network",)
    inlines = [LevelInline, AreaInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("framework", "value", "name")
    list_filter = ("framework",)
    list_select_related = ("framework",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "framework", "position")
    list_filter = ("framework",)
    search_fields = ("name", "code")
    list_select_related = ("framework",)


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "area", "framework", "position")
    list_filter = ("framework", "area")
    search_fields = ("name", "code", "description")
    list_select_related = ("framework", "area")
    filter_horizontal = ["external_tags"]


class ExternalTagInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ExternalTag
    extra = 0


@admin.register(ExternalScheme)
class ExternalSchemeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    inlines = [ExternalTagInline]


@admin.register(ExternalTag)
class ExternalTagAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "scheme", "is_required")
    list_filter = ("scheme", "is_required")
    search_fields = ("name", "code")
    list_select_related = ("scheme",)


@admin.register(JobClassCompetency)
class JobClassCompetencyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("job_class", "competency", "level")
    search_fields = ("job_class__name", "competency__name", "competency__code")
    list_select_related = ("job_class", "competency")
    autocomplete_fields = ["job_class", "competency"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("person", "competency", "level", "source", "updated_at")
    list_filter = ("source",)
    search_fields = ("person__email", "person__last_name", "competency__name")
    list_select_related = ("person", "competency")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("person", "competency", "kind", "level", "recorded_by", "recorded_at")
    list_filter = ("kind",)
    search_fields = ("person__email", "person__last_name", "competency__name")
    list_select_related = ("person", "competency", "recorded_by")
    date_hierarchy = "recorded_at"


class HatRequirementInline(admin.TabularInline):  # type: ignore[type-arg]
    model = HatRequirement
    extra = 0
    autocomplete_fields = ["competency"]


class HatAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = HatAssignment
    extra = 0
    raw_id_fields = ["employment"]


@admin.register(Hat)
class HatAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "library", "branch", "weekly_hours")
    search_fields = ("name", "library__name")
    list_select_related = ("library", "branch")
    raw_id_fields = ["library", "branch"]
    inlines = [HatRequirementInline, HatAssignmentInline]


@admin.register(HatRequirement)
class HatRequirementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("hat", "competency", "level")
    list_select_related = ("hat", "competency")
    autocomplete_fields = ["competency"]
    raw_id_fields = ["hat"]


@admin.register(HatAssignment)
class HatAssignmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("hat", "employment", "role", "start_date", "end_date")
    list_filter = ("role",)
    list_select_related = ("hat", "employment__person")
    raw_id_fields = ["hat", "employment"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "wants_full_time", "wants_management", "library_school")
    list_filter = ("wants_full_time", "wants_management", "library_school")
    search_fields = ("person__email", "person__last_name")
    list_select_related = ("person",)
    autocomplete_fields = ["person"]
    filter_horizontal = ["target_job_classes", "learn", "teach"]
