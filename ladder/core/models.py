"""Cross-cutting records: the audit log and background jobs with visible progress."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

APPEND_ONLY = "The audit log is append-only: entries are never changed or deleted."


class AppendOnlyError(PermissionDenied, ValueError):
    """A change to an audit entry (a ValueError too, as it was before it was audited)."""


def _refuse_audit_change(verb: str, ids: list[Any]) -> None:
    # The refusal is itself a new entry: the log records attempts to rewrite it.
    AuditEntry.objects.create(
        action=f"core.auditentry.{verb}_refused",
        object_type="core.auditentry",
        object_id=str(ids[0]) if ids else "",
        summary=f"Refused: {verb} of audit entries #{', #'.join(str(i) for i in ids[:10])}",
        changes={"ids": [str(i) for i in ids]},
    )
    raise AppendOnlyError(APPEND_ONLY)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        _refuse_audit_change("change", list(self.values_list("pk", flat=True)[:100]))
        return 0

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse_audit_change("delete", list(self.values_list("pk", flat=True)[:100]))
        return (0, {})

    def scrub_personal_data(self, *, replacements: dict[str, str]) -> int:
        """The one sanctioned rewrite: erasing a person replaces their name, e-mail and phone
        in old summaries (ladder.people.privacy.person_erase). The entries stay; the action,
        object, time and actor are untouched."""
        count = 0
        needles = [n for n in replacements if n]
        for entry in self.only("pk", "summary", "changes"):
            summary, changes = entry.summary, json.dumps(entry.changes)
            for needle in needles:
                summary = _replace_ci(summary, needle, replacements[needle])
                changes = _replace_ci(changes, json.dumps(needle)[1:-1], replacements[needle])
            if summary != entry.summary or changes != json.dumps(entry.changes):
                models.QuerySet.update(
                    self.model.objects.filter(pk=entry.pk),
                    summary=summary[:255],
                    changes=json.loads(changes),
                )
                count += 1
        return count


def _replace_ci(text: str, needle: str, replacement: str) -> str:
    return re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)


class AuditEntry(models.Model):
    """Who did what to which record, when, with the old and new values. Append-only."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            _refuse_audit_change("change", [self.pk])
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_audit_change("delete", [self.pk])
        return (0, {})


class Job(models.Model):
    """A piece of background work whose progress a person can watch."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Notice(models.Model):
    """Something a person was told (and e-mailed): shown on their home page until seen."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=255)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "seen_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.subject}"


class NoticeOptOut(models.Model):
    """A kind of e-mail a person turned off (only kinds not about their own job or money)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_opt_outs"
    )
    kind = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="notice_opt_out_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} turned off {self.kind}"
