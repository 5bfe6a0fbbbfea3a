"""Django admin for site admins: every learning model. Edits here bypass the services' rules
and audit log, as admin is the site admin's escape hatch; Django's own admin log records them.
Large foreign keys (people, sessions, registrations) are raw ids so pages stay fast."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from ladder.core.admin import ProtectedRecordAdmin
from ladder.learning.models import (
    Certificate,
    Feedback,
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
    TrainingCompetency,
    TrainingRecord,
)

HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class OfferingCompetencyInline(admin.TabularInline[OfferingCompetency, Any]):
    model = OfferingCompetency
    extra = 0
    raw_id_fields = ["competency"]


class SessionDateInline(admin.TabularInline[SessionDate, Any]):
    model = SessionDate
    extra = 0


class TrainingCompetencyInline(admin.TabularInline[TrainingCompetency, Any]):
    model = TrainingCompetency
    extra = 0
    raw_id_fields = ["competency"]


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin[Offering]):
    list_display = ["title", "kind", "provider_kind", "provider_library", "provider_network"]
    list_filter = ["kind", "provider_kind", "is_published", "paid_by"]
    list_select_related = ["provider_library", "provider_network"]
    search_fields = ["title", "description", "provider_name"]
    raw_id_fields = ["provider_library", "provider_network", "created_by"]
    filter_horizontal = ["audience_job_classes", "audience_libraries"]
    inlines = [OfferingCompetencyInline]


@admin.register(OfferingCompetency)
class OfferingCompetencyAdmin(admin.ModelAdmin[OfferingCompetency]):
    list_display = ["offering", "competency", "level"]
    list_select_related = ["offering", "competency"]
    search_fields = ["offering__title", "competency__name"]
    raw_id_fields = ["offering", "competency"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ["__str__", "starts_at", "timezone", "venue_branch", "capacity", "status"]
    list_filter = ["status", "offering__kind", "region"]
    list_select_related = ["offering", "venue_branch"]
    search_fields = ["title", "offering__title", "venue_address"]
    raw_id_fields = ["offering", "venue_branch", "region", "facilitators"]
    date_hierarchy = "starts_at"
    formfield_overrides = HTTPS_URLS
    inlines = [SessionDateInline]


@admin.register(SessionDate)
class SessionDateAdmin(admin.ModelAdmin[SessionDate]):
    list_display = ["session", "starts_at", "ends_at"]
    list_select_related = ["session__offering"]
    raw_id_fields = ["session"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["person", "session", "status", "created_at", "offered_until"]
    list_filter = ["status"]
    list_select_related = ["person", "session__offering"]
    search_fields = ["person__email", "person__last_name", "session__offering__title"]
    raw_id_fields = ["person", "session", "decided_by"]
    date_hierarchy = "created_at"


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin[TrainingRecord]):
    list_display = ["person", "title", "completed_on", "hours", "ce_credits", "status"]
    list_filter = ["status", "kind", "above_and_beyond"]
    list_select_related = ["person"]
    search_fields = ["person__email", "person__last_name", "title", "provider"]
    raw_id_fields = ["person", "registration", "offering", "verified_by"]
    date_hierarchy = "completed_on"
    inlines = [TrainingCompetencyInline]


@admin.register(TrainingCompetency)
class TrainingCompetencyAdmin(admin.ModelAdmin[TrainingCompetency]):
    list_display = ["record", "competency", "level"]
    list_select_related = ["record", "competency"]
    raw_id_fields = ["record", "competency"]


@admin.register(Certificate)
class CertificateAdmin(ProtectedRecordAdmin):
    list_display = ["id", "record", "issued_at", "revoked_at"]
    list_select_related = ["record"]
    search_fields = ["record__person__email", "record__title"]
    raw_id_fields = ["record"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["registration", "rating", "created_at"]
    list_filter = ["rating"]
    list_select_related = ["registration__session__offering", "registration__person"]
    raw_id_fields = ["registration"]
