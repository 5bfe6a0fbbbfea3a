"""Django admin for site admins. Edits here bypass the services' audit log, as admin is the
site admin's escape hatch; Django's own admin log records them."""

from typing import Any

from django.contrib import admin
from django.db import models

from ladder.orgs.models import Branch, Library, Membership, Network, Region, Role

# Bare domains typed into the admin are https, as Django 6 will assume.
HTTPS_URLS: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class RegionInline(admin.TabularInline[Region, Any]):
    model = Region
    extra = 0


class MembershipInline(admin.TabularInline[Membership, Any]):
    model = Membership
    extra = 0
    autocomplete_fields = ["network"]


class BranchInline(admin.TabularInline[Branch, Any]):
    model = Branch
    extra = 0
    fields = ["name", "kind", "address", "city", "latitude", "longitude", "weekly_hours"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "slug", "state", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = HTTPS_URLS
    inlines = [RegionInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "network"]
    list_filter = ["network"]
    list_select_related = ["network"]
    search_fields = ["name", "network__name"]


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin[Library]):
    list_display = ["name", "kind", "region", "city", "state", "fscs_key", "full_time_threshold"]
    list_filter = ["kind", "state", "region__network"]
    list_select_related = ["region"]
    search_fields = ["name", "slug", "city", "county", "fscs_key"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    raw_id_fields = ["ladder"]
    formfield_overrides = HTTPS_URLS
    inlines = [MembershipInline, BranchInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["library", "network", "joined_on", "left_on", "annual_fee"]
    list_filter = ["network", "left_on"]
    list_select_related = ["library", "network"]
    search_fields = ["library__name", "network__name"]
    autocomplete_fields = ["library", "network"]
    date_hierarchy = "joined_on"


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin[Branch]):
    list_display = ["name", "library", "kind", "city", "latitude", "longitude", "weekly_hours"]
    list_filter = ["kind", "library__region"]
    list_select_related = ["library"]
    search_fields = ["name", "library__name", "address", "city", "postal_code"]
    autocomplete_fields = ["library"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["person", "kind", "library", "network"]
    list_filter = ["kind", "network"]
    list_select_related = ["person", "library", "network"]
    search_fields = ["person__email", "person__last_name", "library__name", "network__name"]
    raw_id_fields = ["person"]
    autocomplete_fields = ["library", "network"]
