from typing import Any

from django.contrib import admin

from ladder.certifications.models import (
    ConversionFactor,
    PartCompletion,
    Pursuit,
    ReminderSent,
    Renewal,
    Scheme,
    SchemeCategory,
    SchemePart,
)


class PartInline(admin.TabularInline[SchemePart, Any]):
    model = SchemePart
    extra = 0
    raw_id_fields = ["external_tag"]


class CategoryInline(admin.TabularInline[SchemeCategory, Any]):
    model = SchemeCategory
    extra = 0


class ConversionInline(admin.TabularInline[ConversionFactor, Any]):
    model = ConversionFactor
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin[Scheme]):
    list_display = ["name", "network", "certification_type", "validity_years", "cycle_hours"]
    list_filter = ["network"]
    search_fields = ["name", "slug"]
    inlines = [PartInline, CategoryInline, ConversionInline]


class CompletionInline(admin.TabularInline[PartCompletion, Any]):
    model = PartCompletion
    extra = 0
    raw_id_fields = ["training_record", "recorded_by"]


@admin.register(Pursuit)
class PursuitAdmin(admin.ModelAdmin[Pursuit]):
    list_display = ["person", "scheme", "started_on", "earned_on", "expires_on"]
    list_filter = ["scheme"]
    search_fields = ["person__email", "person__last_name"]
    raw_id_fields = ["person", "credential", "created_by"]
    inlines = [CompletionInline]


@admin.register(Renewal)
class RenewalAdmin(admin.ModelAdmin[Renewal]):
    list_display = ["pursuit", "renewed_on", "previous_expiry", "new_expiry", "contact_hours"]
    raw_id_fields = ["pursuit", "renewed_by"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin[ReminderSent]):
    list_display = ["pursuit", "kind", "expires_on", "sent_at"]
    raw_id_fields = ["pursuit"]
