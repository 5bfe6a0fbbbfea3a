"""Django admin for site admins: licence pools, windows and the queue. Edits here bypass the
services' seat lock and audit log; admin is the site admin's escape hatch."""

from __future__ import annotations

from django.contrib import admin

from ladder.shared_learning.models import LicencePool, LicenceRequest, LicenceWindow


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
