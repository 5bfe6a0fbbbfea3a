"""Django admin for site admins: the advisory desk and the temp agency. Edits here bypass the
services' checks and audit log; admin is the site admin's escape hatch."""

from __future__ import annotations

from django.contrib import admin

from ladder.network.models import AdvisoryRequest, TempPlacement, TempRequest, TempWorker


@admin.register(AdvisoryRequest)
class AdvisoryRequestAdmin(admin.ModelAdmin[AdvisoryRequest]):
    list_display = ["topic", "library", "network", "status", "consultant", "created_at"]
    list_filter = ["status", "channel", "network"]
    search_fields = ["topic", "question", "library__name", "asked_by__email"]
    list_select_related = ["library", "network", "consultant"]
    raw_id_fields = ["library", "asked_by", "consultant"]


@admin.register(TempWorker)
class TempWorkerAdmin(admin.ModelAdmin[TempWorker]):
    list_display = ["person", "network", "level", "home_city", "is_active", "available_until"]
    list_filter = ["is_active", "level", "network"]
    search_fields = ["person__email", "person__last_name", "home_city"]
    list_select_related = ["person", "network"]
    raw_id_fields = ["person"]


class PlacementInline(admin.TabularInline[TempPlacement, TempRequest]):
    model = TempPlacement
    extra = 0
    raw_id_fields = ["worker", "created_by"]


@admin.register(TempRequest)
class TempRequestAdmin(admin.ModelAdmin[TempRequest]):
    list_display = ["library", "level", "starts_on", "ends_on", "weekly_hours", "status"]
    list_filter = ["status", "level", "network"]
    search_fields = ["library__name", "duties"]
    list_select_related = ["library"]
    raw_id_fields = ["library", "branch", "requested_by"]
    inlines = [PlacementInline]


@admin.register(TempPlacement)
class TempPlacementAdmin(admin.ModelAdmin[TempPlacement]):
    list_display = ["request", "worker", "starts_on", "ends_on", "weekly_hours", "is_cancelled"]
    list_filter = ["is_cancelled"]
    search_fields = ["worker__person__last_name", "request__library__name"]
    list_select_related = ["request__library", "worker__person"]
    raw_id_fields = ["request", "worker", "created_by"]
