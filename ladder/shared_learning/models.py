"""Licence pools: a licensed e-learning platform whose seats are shared in turns.

A seat is held by an open window (scheduled or active). A window chosen to start later holds
its seat from the day it is booked: that keeps the seat count a plain count of open rows,
counted under the pool's lock, and is why the start delay is limited per pool.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ladder.orgs.models import Membership

if TYPE_CHECKING:
    from ladder.core.access import Access


class LicencePoolQuerySet(models.QuerySet["LicencePool"]):
    def visible_to(self, access: Access) -> LicencePoolQuerySet:
        """Pools the user may read: those they coordinate, and those of the network (or the
        library) they work in. Staff of a library that left the network still see the pool,
        so the page can tell them why they may no longer ask."""
        if access.is_site_admin:
            return self
        if not access.is_authenticated:
            return self.none()
        networks = Membership.objects.filter(library_id__in=access.colleague_library_ids).values(
            "network_id"
        )
        return self.filter(
            Q(network_id__in=access.coordinator_network_ids)
            | Q(library_id__in=access.admin_library_ids)
            | Q(network_id__in=networks)
            | Q(library_id__in=access.colleague_library_ids)
        )

    def coordinated_by(self, access: Access) -> LicencePoolQuerySet:
        """Pools whose use and queue the user may see: the owning network's coordinators or
        the owning library's admins."""
        if access.is_site_admin:
            return self
        return self.filter(
            Q(network_id__in=access.coordinator_network_ids)
            | Q(library_id__in=access.admin_library_ids)
        )


class LicencePool(models.Model):
    """A licensed platform (e.g. Lynda.com) with a number of seats, shared in turns."""

    name = models.CharField(max_length=200)
    platform = models.CharField(max_length=120, help_text="The provider, e.g. Lynda.com.")
    url = models.URLField("address", blank=True)
    description = models.TextField(blank=True)
    network = models.ForeignKey(
        "orgs.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="licence_pools",
        help_text="Shared by this network's member libraries…",
    )
    library = models.ForeignKey(
        "orgs.Library",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="licence_pools",
        help_text="… or by this library's staff.",
    )
    seats = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    window_days = models.PositiveIntegerField(
        "access window (days)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    cooldown_days = models.PositiveIntegerField(
        "cooldown (days)",
        default=90,
        validators=[MaxValueValidator(3660)],
        help_text="Days after a window ends before the person may ask again.",
    )
    max_start_delay_days = models.PositiveIntegerField(
        "latest start (days ahead)",
        default=14,
        validators=[MaxValueValidator(366)],
        help_text="How far ahead a person may choose their window's start; the seat is "
        "held from the day they ask.",
    )
    active = models.BooleanField(default=True, help_text="Takes requests.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LicencePoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False, library__isnull=True)
                | Q(network__isnull=True, library__isnull=False),
                name="licencepool_one_owner",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="licencepool_seats_positive"),
            models.CheckConstraint(
                condition=Q(window_days__gte=1), name="licencepool_window_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shared_learning:pool_detail", args=[self.pk])

    @property
    def owner(self) -> object:
        return self.network or self.library


class LicenceWindow(models.Model):
    """One person's access window: starts_on is the first day, ends_on the day access ends."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    # The statuses that hold a seat.
    OPEN = (Status.SCHEDULED, Status.ACTIVE)

    pool = models.ForeignKey(LicencePool, on_delete=models.CASCADE, related_name="windows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licence_windows"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["pool", "status"]),
            models.Index(fields=["status", "ends_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"],
                condition=Q(status__in=["scheduled", "active"]),
                name="licencewindow_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="licencewindow_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.pool}, {self.starts_on}–{self.ends_on}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def days_used(self) -> int:
        return max((self.ends_on - self.starts_on).days, 0)


class LicenceRequest(models.Model):
    """A place in a pool's queue. never_had_window is fixed when the person asks: while they
    wait they cannot get a window in this pool, so it stays true until they are served."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        GRANTED = "granted", "Granted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    pool = models.ForeignKey(LicencePool, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licence_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    never_had_window = models.BooleanField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    decided_at = models.DateTimeField(null=True, blank=True)
    window = models.OneToOneField(
        LicenceWindow,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        help_text="The window this request was granted.",
    )

    class Meta:
        # The queue order: those who never had a window first, then who has waited longest.
        ordering = ["-never_had_window", "requested_at", "id"]
        indexes = [models.Index(fields=["pool", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"],
                condition=Q(status="waiting"),
                name="licencerequest_one_waiting_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} waiting for {self.pool}"

    def waited(self, now: dt.datetime | None = None) -> dt.timedelta:
        end = self.decided_at if self.decided_at else (now or timezone.now())
        return end - self.requested_at


# --- roundtables ------------------------------------------------------------------------


def roundtable_upload_to(instance: RoundtableResource, filename: str) -> str:
    return f"roundtables/{instance.roundtable_id}/{filename}"


class Roundtable(models.Model):
    """An interest group of a network. Its meetings are sessions of its own offering (kind
    roundtable), so registration and attendance work as for any training."""

    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, related_name="roundtables"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    conveners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="convened_roundtables"
    )
    offering = models.OneToOneField(
        "learning.Offering", on_delete=models.PROTECT, related_name="roundtable"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="roundtable_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shared_learning:roundtable_detail", args=[self.pk])


class RoundtableMembership(models.Model):
    """A person's membership; leaving keeps the row (left_on) so history stays."""

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roundtable_memberships"
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "person"],
                condition=Q(left_on__isnull=True),
                name="roundtablemembership_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.roundtable}"


class RoundtableResource(models.Model):
    """A link or a file shared with the group."""

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = models.URLField("link", blank=True)
    file = models.FileField(upload_to=roundtable_upload_to, max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return self.title


class MeetingNote(models.Model):
    """Notes of one meeting (a session of the roundtable's offering)."""

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        "learning.Session", on_delete=models.CASCADE, related_name="roundtable_notes"
    )
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Notes of {self.session}"


# --- one-on-one teaching (coaching) ------------------------------------------------------


class CoachingRequest(models.Model):
    """A person asks to be taught a topic or a competency, one-on-one, by a volunteer mentor.

    The learner picks a mentor from Ladder's suggestions (same branch, then library, then
    network); only that mentor may accept. Completion writes a training record (kind
    one-on-one) for the learner and an evidence entry in their skills log; completed requests
    are the mentor's "mentoring given".
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked, waiting for the mentor"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined by the mentor"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_requests"
    )
    library = models.ForeignKey(
        "orgs.Library",
        on_delete=models.CASCADE,
        related_name="coaching_requests",
        help_text="The learner's library when they asked.",
    )
    competency = models.ForeignKey(
        "skills.Competency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_requests",
    )
    topic = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    preferred_times = models.CharField(max_length=200, blank=True)
    preferred_place = models.CharField(max_length=200, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_given",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    level_reached = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    mentor_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    training_record = models.OneToOneField(
        "learning.TrainingRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_request",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["learner", "status"]),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("shared_learning:coaching_detail", args=[self.pk])


class CoachingSession(models.Model):
    """One meeting of a coaching request: scheduled, then logged as held (or not)."""

    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    place = models.CharField(max_length=200, blank=True)
    held = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} on {self.starts_at:%Y-%m-%d}"


class DigestSend(models.Model):
    """One monthly digest sent to one person: the unique row is what stops a second send."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    month = models.DateField(help_text="The first day of the month the digest covers.")
    sent_at = models.DateTimeField(default=timezone.now)
    item_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-month", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="digestsend_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"


class DigestSubscription(models.Model):
    """Present only for people who unsubscribed (or re-subscribed): default is subscribed."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    subscribed = models.BooleanField(default=True)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.person}: {'subscribed' if self.subscribed else 'unsubscribed'}"
