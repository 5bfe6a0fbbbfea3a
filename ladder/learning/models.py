"""Offerings, sessions (with their dates), registrations, the transcript, certificates, feedback."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ladder.core import limits
from ladder.core.records import CASCADE_UNLESS_LOCKED, ProtectedQuerySet, ProtectedRecord


class Offering(models.Model):
    """Something people can learn from: a workshop, a webinar, a conference, a one-on-one …"""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        WEBINAR = "webinar", "Webinar"
        CONFERENCE = "conference", "Conference"
        ROUNDTABLE = "roundtable", "Roundtable meeting"
        ELEARNING = "elearning", "E-learning course"
        IN_HOUSE = "in_house", "In-house training"
        ONE_ON_ONE = "one_on_one", "One-on-one"

    class Provider(models.TextChoices):
        LIBRARY = "library", "A library"
        NETWORK = "network", "The network"
        EXTERNAL = "external", "An external provider"

    class PaidBy(models.TextChoices):
        FREE = "free", "Free"
        LIBRARY = "library", "The employing library"
        NETWORK = "network", "The network"
        ATTENDEE = "attendee", "The attendee"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    provider_kind = models.CharField(max_length=20, choices=Provider.choices)
    provider_library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, null=True, blank=True, related_name="offerings"
    )
    provider_network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="offerings"
    )
    # The library or network that runs an external provider's offering in Ladder.
    provider_name = models.CharField(
        max_length=200, blank=True, help_text="The external provider's name."
    )
    ce_hours = models.DecimalField(
        "CE hours",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.TRAINING_HOURS_MAX)],
    )
    ce_credits = models.DecimalField(
        "CE credits",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.TRAINING_HOURS_MAX)],
    )
    fee = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.FEE_MAX)],
    )
    paid_by = models.CharField(max_length=20, choices=PaidBy.choices, default=PaidBy.FREE)
    # The audience is everyone on the provider's staff (or the network's member libraries'),
    # pages included. A restriction narrows it and needs a reason those excluded are shown.
    audience_job_classes = models.ManyToManyField(
        "people.JobClass", blank=True, related_name="+", verbose_name="only these job classes"
    )
    audience_libraries = models.ManyToManyField(
        "orgs.Library", blank=True, related_name="+", verbose_name="only staff of these libraries"
    )
    restriction_reason = models.TextField(blank=True)
    offer_hold_hours = models.PositiveSmallIntegerField(
        "hours a freed seat is held",
        default=0,
        validators=[MaxValueValidator(336)],
        help_text="0 confirms the next person on the waitlist at once; otherwise the seat is "
        "held for them this many hours to accept, then passed on.",
    )
    is_published = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(provider_kind="library", provider_library__isnull=False)
                    | Q(provider_kind="network", provider_network__isnull=False)
                    | Q(provider_kind="external")
                ),
                name="offering_provider_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:offering_detail", args=[self.pk])

    @property
    def is_free(self) -> bool:
        return self.fee == 0

    @property
    def is_restricted(self) -> bool:
        return bool(self.restriction_reason)


class OfferingCompetency(models.Model):
    """A competency the offering addresses, and the level completing it reaches."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey("skills.Competency", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["offering", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "competency"], name="offeringcompetency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering}: {self.competency} → {self.level}"


class Session(models.Model):
    """One registrable run of an offering: a single date, or a series of dates (SessionDate)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200, blank=True, help_text="e.g. 'Northeast region'.")
    # First start and last end of its dates, kept by the services for sorting and filtering.
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="America/New_York")
    venue_branch = models.ForeignKey(
        "orgs.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    venue_address = models.CharField(max_length=255, blank=True)
    online_url = models.URLField("online link", blank=True)
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1), limits.at_most(limits.CAPACITY_MAX)]
    )
    registration_deadline = models.DateTimeField(null=True, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(blank=True)
    # iCalendar SEQUENCE: raised at each change people are told of (dates, place, cancelling),
    # so calendars replace the event instead of keeping the old one (ladder.learning.ical).
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offering.title}{' — ' + self.title if self.title else ''}"

    def get_absolute_url(self) -> str:
        return reverse("learning:session_detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and self.venue_branch_id is None and not self.venue_address


class SessionDate(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="dates")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="sessiondate_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting supervisor approval"
        CONFIRMED = "confirmed", "Confirmed"
        OFFERED = "offered", "Seat offered, waiting to accept"
        WAITLISTED = "waitlisted", "Waitlisted"
        CANCELLED = "cancelled", "Cancelled"
        DECLINED = "declined", "Not approved"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "No-show"

    # Statuses that take a seat (see README: a request awaiting approval holds one).
    SEATED = ("requested", "confirmed", "offered", "attended", "no_show")
    ACTIVE = ("requested", "confirmed", "offered", "waitlisted", "attended", "no_show")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    offered_until = models.DateTimeField(null=True, blank=True)
    # Set when the reminder e-mail is claimed, so `ladder send_reminders` never sends it twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["session", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status__in=["cancelled", "declined"]),
                name="registration_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.session} ({self.status})"


def record_upload_to(instance: TrainingRecord, filename: str) -> str:
    return f"training/{instance.person_id}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class TrainingRecord(models.Model):
    """One line of a person's transcript."""

    class Status(models.TextChoices):
        VERIFIED = "verified", "Verified"
        PENDING = "pending", "Awaiting supervisor verification"
        REJECTED = "rejected", "Not verified"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_records"
    )
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_record",
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Offering.Kind.choices)
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField(db_index=True)
    hours = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.TRAINING_HOURS_MAX)],
    )
    ce_credits = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.TRAINING_HOURS_MAX)],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VERIFIED)
    above_and_beyond = models.BooleanField(default=False)
    above_and_beyond_reason = models.CharField(max_length=255, blank=True)
    evidence = models.FileField(upload_to=record_upload_to, max_length=255, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-completed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.title} ({self.completed_on})"


class TrainingCompetency(models.Model):
    record = models.ForeignKey(
        TrainingRecord, on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey("skills.Competency", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "competency"], name="trainingcomp_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.competency} {self.level}"


class Certificate(ProtectedRecord):
    """A certificate of completion: a PDF and an Open Badges 3.0 credential, publicly verifiable.

    Issued is final: it is never edited or deleted, only revoked (and reinstated)."""

    LOCKED_STATE = "issued"
    LOCKED_MUTABLE_FIELDS = frozenset({"revoked_at"})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record = models.OneToOneField(
        TrainingRecord, on_delete=CASCADE_UNLESS_LOCKED, related_name="certificate"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ProtectedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Certificate {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("learning:certificate_verify", args=[self.pk])

    @classmethod
    def locked_q(cls) -> Q:
        return Q(pk__isnull=False)


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"Feedback {self.rating}/5 on {self.registration.session}"
