"""The network's services to its members: the advisory desk and the temp agency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ladder.orgs.models import coordinate_field


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


# --- the temp agency ----------------------------------------------------------------------


class TempLevel(models.TextChoices):
    NON_PROFESSIONAL = "non_professional", "Non-professional"
    PARAPROFESSIONAL = "paraprofessional", "Paraprofessional"
    PROFESSIONAL = "professional", "Professional"


class TempWorker(models.Model):
    """A person on the network's temp agency roster."""

    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, related_name="temp_workers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="temp_workers"
    )
    level = models.CharField(max_length=20, choices=TempLevel.choices)
    competencies = models.ManyToManyField("skills.Competency", blank=True, related_name="+")
    home_city = models.CharField(max_length=120, blank=True)
    home_latitude = coordinate_field(bound=90)
    home_longitude = coordinate_field(bound=180)
    available_from = models.DateField()
    available_until = models.DateField(null=True, blank=True)
    max_weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    is_active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"], name="tempworker_once_per_network"
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="tempworker_availability_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return reverse("network:temp_worker_detail", args=[self.pk])


class TempRequest(models.Model):
    """A member library asks the agency for a temp."""

    class Term(models.TextChoices):
        SHORT = "short", "Short term"
        LONG = "long", "Long term"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, related_name="temp_requests"
    )
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, related_name="temp_requests"
    )
    branch = models.ForeignKey(
        "orgs.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    level = models.CharField(max_length=20, choices=TempLevel.choices)
    term = models.CharField(max_length=10, choices=Term.choices, default=Term.SHORT)
    starts_on = models.DateField()
    ends_on = models.DateField()
    weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    competencies = models.ManyToManyField("skills.Competency", blank=True, related_name="+")
    duties = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["network", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="temprequest_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} temp at {self.library} from {self.starts_on}"

    def get_absolute_url(self) -> str:
        return reverse("network:temp_request_detail", args=[self.pk])


class TempPlacement(models.Model):
    """A temp worker placed on a request. Placements count as experience toward job classes."""

    request = models.ForeignKey(TempRequest, on_delete=models.CASCADE, related_name="placements")
    worker = models.ForeignKey(TempWorker, on_delete=models.CASCADE, related_name="placements")
    starts_on = models.DateField()
    ends_on = models.DateField()
    weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    is_cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="tempplacement_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} at {self.request.library} {self.starts_on}–{self.ends_on}"
