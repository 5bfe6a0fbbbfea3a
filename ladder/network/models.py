"""The network's services to its members: the advisory desk."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse


class AdvisoryRequest(models.Model):
    """A question a member library's staff asked the network's consultants (its coordinators)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ASSIGNED = "assigned", "Assigned"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, related_name="advisory_requests"
    )
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, related_name="advisory_requests"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advisory_requests"
    )
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    topic = models.CharField(max_length=200)
    question = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisory_assignments",
    )
    answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("network:advisory_detail", args=[self.pk])

    @property
    def time_to_first_response(self) -> dt.timedelta | None:
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.created_at
