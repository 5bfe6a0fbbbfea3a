"""Django admin for the people app: the site admin's view of everything (DESIGN.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest

from ladder.core.admin import ReadOnlyAdmin
from ladder.core.throttle import login_unlock
from ladder.people.models import (
    ApiToken,
    CertificationType,
    Credential,
    EmailChange,
    Employment,
    EvidenceFile,
    JobClass,
    Ladder,
    LadderStep,
    Person,
    PriorExperience,
)


class PersonCreationForm(UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = Person
        fields = ("email", "first_name", "last_name")


class PersonChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = Person
        fields = "__all__"


class EmploymentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Employment
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["job_class", "supervisor"]
    # Libraries and branches are registered by the orgs app; raw ids need nothing from it.
    raw_id_fields = ["library", "branch"]


@admin.register(Person)
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ("last_name", "first_name", "email")
    list_display = ("email", "first_name", "last_name", "is_mentor", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "is_mentor")
    search_fields = ("email", "first_name", "last_name", "preferred_name")
    actions = ["unlock_sign_in"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Profile",
            {"fields": ("first_name", "last_name", "preferred_name", "pronouns", "phone", "bio")},
        ),
        ("Mentoring", {"fields": ("is_mentor",)}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # Jobs are added once the person exists, as on the 'Add staff' page.
        return [EmploymentInline] if obj is not None else []

    @admin.action(description="Unlock sign-in (after too many wrong passwords)")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        for person in queryset:
            login_unlock(email=person.email, by=request.user)
        self.message_user(request, f"Unlocked {queryset.count()} account(s).", messages.SUCCESS)


@admin.register(CertificationType)
class CertificationTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "issuer")
    search_fields = ("name", "issuer")


@admin.register(JobClass)
class JobClassAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "network", "library", "is_professional", "min_education")
    list_filter = ("is_professional", "is_management", "network")
    search_fields = ("name", "code")
    list_select_related = ("network", "library")
    raw_id_fields = ["library"]
    filter_horizontal = ["required_certifications"]


class LadderStepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = LadderStep
    extra = 0
    autocomplete_fields = ["job_class"]


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "network", "library", "copied_from")
    search_fields = ("name",)
    list_select_related = ("network", "library", "copied_from")
    raw_id_fields = ["library"]
    inlines = [LadderStepInline]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "job_class", "library", "branch", "weekly_hours", "start_date")
    list_filter = ("benefits_eligible",)
    search_fields = ("person__email", "person__last_name", "library__name", "job_class__name")
    list_select_related = ("person", "job_class", "library", "branch")
    autocomplete_fields = ["person", "job_class", "supervisor"]
    raw_id_fields = ["library", "branch"]
    date_hierarchy = "start_date"


class EvidenceFileInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EvidenceFile
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Uploads go through evidence_add, which checks the file's type and size.
        return False


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "kind", "degree_level", "field", "status", "awarded_on")
    list_filter = ("kind", "status", "degree_level", "accredited")
    search_fields = ("person__email", "person__last_name", "field", "institution", "issuer")
    list_select_related = ("person", "certification_type")
    autocomplete_fields = ["person", "certification_type"]
    inlines = [EvidenceFileInline]


@admin.register(PriorExperience)
class PriorExperienceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "role", "employer", "start_date", "end_date", "hours_per_week")
    search_fields = ("person__email", "person__last_name", "employer", "role")
    list_select_related = ("person",)
    autocomplete_fields = ["person"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("person", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("person__email", "name", "prefix")
    list_select_related = ("person",)
    # Tokens are created by their owner on their profile; the admin only sees and revokes.
    readonly_fields = ("person", "name", "prefix", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(EmailChange)
class EmailChangeAdmin(ReadOnlyAdmin):
    """E-mail changes and their undo links (the token is stored hashed)."""

    list_display = ["person", "old_email", "new_email", "changed_by", "changed_at", "undone_at"]
    search_fields = ["person__last_name", "old_email", "new_email"]
    list_select_related = ["person", "changed_by"]
    exclude = ["undo_token_hash"]
