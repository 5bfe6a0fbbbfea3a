"""Django admin for site admins: licence pools, windows and the queue; roundtables; one-on-one
teaching; the digest. Edits here bypass the services' seat lock and audit log; admin is the site
admin's escape hatch."""

from __future__ import annotations

from django.contrib import admin

from ladder.core.admin import ReadOnlyAdmin
from ladder.shared_learning.models import (
    CoachingRequest,
    CoachingSession,
    DigestSend,
    DigestSubscription,
    LicencePool,
    LicenceRequest,
    LicenceWindow,
    MeetingNote,
    Roundtable,
    RoundtableMembership,
    RoundtableResource,
)


@admin.register(LicencePool)
class LicencePoolAdmin(admin.ModelAdmin[LicencePool]):
    list_display = ["name", "platform", "network", "library", "seats", "window_days", "active"]
    list_filter = ["active", "network"]
    search_fields = ["name", "platform"]
    raw_id_fields = ["library"]


@admin.register(LicenceWindow)
class LicenceWindowAdmin(admin.ModelAdmin[LicenceWindow]):
    list_display = ["pool", "person", "starts_on", "ends_on", "status"]
    list_filter = ["status", "pool"]
    list_select_related = ["pool", "person"]
    raw_id_fields = ["person"]
    search_fields = ["person__email", "person__last_name"]


@admin.register(LicenceRequest)
class LicenceRequestAdmin(admin.ModelAdmin[LicenceRequest]):
    list_display = ["pool", "person", "requested_at", "never_had_window", "status"]
    list_filter = ["status", "pool"]
    list_select_related = ["pool", "person"]
    raw_id_fields = ["person", "window"]
    search_fields = ["person__email", "person__last_name"]


class MembershipInline(admin.TabularInline[RoundtableMembership, Roundtable]):
    model = RoundtableMembership
    extra = 0
    raw_id_fields = ["person"]


class ResourceInline(admin.TabularInline[RoundtableResource, Roundtable]):
    model = RoundtableResource
    extra = 0
    fields = ["title", "url", "content_type", "added_by", "added_at"]
    readonly_fields = ["content_type", "added_at"]
    raw_id_fields = ["added_by"]


class NoteInline(admin.StackedInline[MeetingNote, Roundtable]):
    model = MeetingNote
    extra = 0
    raw_id_fields = ["session", "author"]


@admin.register(Roundtable)
class RoundtableAdmin(admin.ModelAdmin[Roundtable]):
    list_display = ["name", "network", "created_at"]
    list_filter = ["network"]
    search_fields = ["name", "description"]
    list_select_related = ["network"]
    raw_id_fields = ["offering"]
    inlines = [MembershipInline, ResourceInline, NoteInline]


class CoachingSessionInline(admin.TabularInline[CoachingSession, CoachingRequest]):
    model = CoachingSession
    extra = 0


@admin.register(CoachingRequest)
class CoachingRequestAdmin(admin.ModelAdmin[CoachingRequest]):
    list_display = ["topic", "learner", "mentor", "library", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["topic", "learner__email", "learner__last_name", "mentor__last_name"]
    list_select_related = ["learner", "mentor", "library"]
    raw_id_fields = ["learner", "mentor", "library", "competency", "training_record"]
    inlines = [CoachingSessionInline]


@admin.register(DigestSend)
class DigestSendAdmin(ReadOnlyAdmin):
    list_display = ["month", "person", "sent_at", "item_count"]
    list_filter = ["month"]
    search_fields = ["person__email", "person__last_name"]
    list_select_related = ["person"]


@admin.register(DigestSubscription)
class DigestSubscriptionAdmin(admin.ModelAdmin[DigestSubscription]):
    list_display = ["person", "subscribed", "changed_at"]
    list_filter = ["subscribed"]
    search_fields = ["person__email", "person__last_name"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
