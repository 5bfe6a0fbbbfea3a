"""Django admin for the audit log (read-only for everyone) and the admin side of locked records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from ladder.core.models import AuditEntry, Job, Notice, NoticeOptOut
from ladder.core.records import acting_as, refuse


class ProtectedRecordAdmin(admin.ModelAdmin[Any]):
    """A locked row opens read-only (bookkeeping fields aside); changing or deleting it is
    refused before the admin's own transaction starts, so the refusal's audit entry stays."""

    def _locked(self, obj: Any) -> bool:
        return obj is not None and bool(getattr(obj, "is_locked", False))

    def _mutable(self) -> frozenset[str]:
        return frozenset(getattr(self.model, "LOCKED_MUTABLE_FIELDS", frozenset()))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._locked(obj) and not self._mutable():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self._locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self._locked(obj):
            mutable = self._mutable()
            return [f.name for f in self.model._meta.fields if f.name not in mutable]
        return super().get_readonly_fields(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and not self._mutable():
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self._locked(obj):
                refuse(self.model, [obj.pk], verb="change", actor=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self._locked(obj):
            refuse(self.model, [obj.pk], verb="delete", actor=request.user)
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # The "delete selected" action asks this first: refuse (and audit) there.
        locked = [o.pk for o in objs if self._locked(o)]
        if locked:
            refuse(self.model, locked, verb="delete", actor=request.user)
        return super().get_deleted_objects(objs, request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The bulk "delete selected" action: the queryset refuses locked rows.
        with acting_as(request.user):
            super().delete_queryset(request, queryset)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with acting_as(request.user):
            super().delete_model(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with acting_as(request.user):
            super().save_model(request, obj, form, change)


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    """Rows that are shown, never changed or deleted here (addenda, for instance)."""

    extra = 0
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """The audit log: readable by site admins, never added to, changed or deleted here."""

    list_display = ["at", "action", "object_type", "object_id", "actor", "summary"]
    list_filter = ["action"]
    search_fields = ["action", "object_type", "object_id", "summary"]
    list_select_related = ["actor"]
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Records the application writes (jobs, sends, e-mail changes): seen here, never edited."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "state", "done", "total", "created_at", "finished_at"]
    list_filter = ["state", "name"]
    search_fields = ["name", "message", "owner__email"]
    list_select_related = ["owner"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """What people were told (ladder.core.notices); written by the workflows, never here."""

    list_display = ["created_at", "recipient", "kind", "subject", "seen_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__email", "recipient__last_name"]
    list_select_related = ["recipient"]


@admin.register(NoticeOptOut)
class NoticeOptOutAdmin(admin.ModelAdmin[NoticeOptOut]):
    list_display = ["person", "kind"]
    list_filter = ["kind"]
    search_fields = ["person__email", "person__last_name"]
    raw_id_fields = ["person"]
