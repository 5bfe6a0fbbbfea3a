"""Certification schemes as data, and each person's pursuit or holding of one.

A *scheme* without a network is a shipped template; a network adopts it (a copy it may
adjust). Every scheme names the `people.CertificationType` it awards, so job classes that
require the certification and careers' eligibility see the people who hold it.

Hours and categories
--------------------
Continuing-education hours come from the person's *verified* training records (pending
self-reported ones count once a supervisor verifies them). A record's clock hours are
converted to contact hours by the scheme's minutes per contact hour, then multiplied by the
factor of its kind (e.g. a roundtable at 0.5); a unit factor converts activities recorded in
semester or quarter credits or conference days (see `hours.py`).

A record counts in a *category* (e.g. ``technology``) when one of its training competencies
lies in a framework area whose code is the category code or starts with ``<code>-`` (the
default framework's ``technology-core``, ``technology-systems`` …), or carries an external tag
(e.g. the LSSC set) with that code.

Expiry and grace
----------------
`Pursuit.expires_on` is the certification's true end of validity. During the grace period the
person still counts as holding it: the linked `people.Credential.expires_on` is set to the end
of grace, so careers' eligibility (which reads the credential) agrees with the status shown here.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ladder.certifications.hours import UNITS
from ladder.core import limits
from ladder.people.models import EducationLevel

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Scheme(models.Model):
    """A certification scheme: entry rules, parts, time limits and the renewal rule."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    network = models.ForeignKey(
        "orgs.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certification_schemes",
        help_text="Empty for a shipped template.",
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="adoptions"
    )
    certification_type = models.ForeignKey(
        "people.CertificationType", on_delete=models.PROTECT, related_name="schemes"
    )
    issuer = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    grades = models.CharField(
        max_length=255,
        blank=True,
        help_text="Comma-separated grades a holder may have, e.g. 'Grade 1, Grade 2, Grade 3'.",
    )
    # Entry
    entry_min_education = models.IntegerField(
        "minimum education to enter", choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    entry_work_hours = models.DecimalField(
        "hours of library work to enter",
        max_digits=7,
        decimal_places=1,
        default=Decimal("0"),
        validators=[*NON_NEGATIVE, limits.at_most(limits.CERT_HOURS_MAX)],
    )
    entry_work_years = models.PositiveSmallIntegerField(
        "…within the last N years",
        default=0,
        help_text="0: any time.",
        validators=[limits.at_most(limits.YEARS_MAX)],
    )
    # Parts
    electives_needed = models.PositiveSmallIntegerField(
        default=0,
        help_text="How many of the elective parts a candidate completes.",
        validators=[limits.at_most(limits.COUNT_MAX)],
    )
    time_limit_years = models.PositiveSmallIntegerField(
        "years to finish",
        default=0,
        help_text="0: no time limit.",
        validators=[limits.at_most(limits.YEARS_MAX)],
    )
    # Validity and renewal
    validity_years = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    cycle_hours = models.DecimalField(
        "contact hours per cycle",
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[*NON_NEGATIVE, limits.at_most(limits.CERT_HOURS_MAX)],
    )
    rolling_hours = models.DecimalField(
        "contact hours over a longer period",
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[*NON_NEGATIVE, limits.at_most(limits.CERT_HOURS_MAX)],
        help_text="e.g. 120 hours over 3 years for a yearly scheme; 0: none.",
    )
    rolling_years = models.PositiveSmallIntegerField(
        "…over N years", default=0, validators=[limits.at_most(limits.YEARS_MAX)]
    )
    min_activity_hours = models.DecimalField(
        "smallest activity that counts (contact hours)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[*NON_NEGATIVE, limits.at_most(limits.TRAINING_HOURS_MAX)],
    )
    minutes_per_contact_hour = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    renewal_window_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="Renewal opens this many months before expiry.",
        validators=[limits.at_most(limits.MONTHS_MAX)],
    )
    grace_months = models.PositiveSmallIntegerField(
        default=0,
        help_text="Months after expiry during which one may still renew.",
        validators=[limits.at_most(limits.MONTHS_MAX)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "slug"],
                condition=Q(network__isnull=False),
                name="scheme_unique_slug_in_network",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(network__isnull=True), name="scheme_unique_template"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("certifications:scheme_detail", args=[self.pk])

    @property
    def is_template(self) -> bool:
        return self.network_id is None

    @property
    def grade_list(self) -> list[str]:
        return [g.strip() for g in self.grades.split(",") if g.strip()]


class SchemePart(models.Model):
    """A part to complete (e.g. an LSSC competency set), required or elective."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="parts")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    is_required = models.BooleanField(default=False)
    external_tag = models.ForeignKey(
        "skills.ExternalTag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A verified training record with a competency carrying this tag covers the part.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "-is_required", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="schemepart_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class SchemeCategory(models.Model):
    """A category of hours with a minimum per cycle (see the module docstring for matching)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    min_hours = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[*NON_NEGATIVE, limits.at_most(limits.CERT_HOURS_MAX)],
    )

    class Meta:
        ordering = ["scheme", "name"]
        verbose_name_plural = "scheme categories"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="schemecategory_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_hours} h)"


class ConversionFactor(models.Model):
    """Either contact hours per unit (semester credit = 15) or a factor per activity kind."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="conversions")
    unit = models.CharField(
        max_length=30,
        blank=True,
        choices=[(k, v) for k, v in UNITS.items() if k != "hour"],
    )
    activity_kind = models.CharField(
        max_length=20, blank=True, help_text="A training kind, e.g. roundtable."
    )
    factor = models.DecimalField(
        max_digits=6, decimal_places=3, validators=[limits.at_most(limits.FACTOR_MAX)]
    )

    class Meta:
        ordering = ["scheme", "unit", "activity_kind"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit="") & ~Q(activity_kind="")) | (~Q(unit="") & Q(activity_kind="")),
                name="conversion_unit_xor_kind",
            ),
            models.CheckConstraint(condition=Q(factor__gt=0), name="conversion_factor_positive"),
        ]

    def __str__(self) -> str:
        if self.unit:
            return f"1 {UNITS.get(self.unit, self.unit).lower()} = {self.factor} h"
        return f"{self.activity_kind} × {self.factor}"


class Pursuit(models.Model):
    """A person pursuing a scheme, or holding it once earned. One per person and scheme."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cert_pursuits"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="pursuits")
    started_on = models.DateField()
    grade = models.CharField(max_length=60, blank=True)
    earned_on = models.DateField(null=True, blank=True)
    cycle_start = models.DateField(
        null=True, blank=True, help_text="Hours count toward renewal from this day."
    )
    expires_on = models.DateField(null=True, blank=True, db_index=True)
    credential = models.OneToOneField(
        "people.Credential",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cert_pursuit",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "scheme"]
        constraints = [
            models.UniqueConstraint(fields=["person", "scheme"], name="pursuit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.scheme}"

    def get_absolute_url(self) -> str:
        return reverse("certifications:person", args=[self.person_id])


class PartCompletion(models.Model):
    """A part completed by an approved course or a portfolio, recorded by an approver."""

    class Method(models.TextChoices):
        COURSE = "course", "Approved course"
        PORTFOLIO = "portfolio", "Portfolio"
        TRAINING = "training", "Training record"

    pursuit = models.ForeignKey(Pursuit, on_delete=models.CASCADE, related_name="completions")
    part = models.ForeignKey(SchemePart, on_delete=models.CASCADE, related_name="completions")
    method = models.CharField(max_length=20, choices=Method.choices)
    training_record = models.ForeignKey(
        "learning.TrainingRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_on = models.DateField()
    note = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pursuit", "completed_on"]
        constraints = [
            models.UniqueConstraint(fields=["pursuit", "part"], name="partcompletion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.part} ({self.get_method_display()})"


class Renewal(models.Model):
    """One renewal: the history of expiry dates (never overwritten silently)."""

    pursuit = models.ForeignKey(Pursuit, on_delete=models.CASCADE, related_name="renewals")
    renewed_on = models.DateField()
    previous_expiry = models.DateField()
    new_expiry = models.DateField()
    contact_hours = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[limits.at_most(limits.CERT_HOURS_MAX)]
    )
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pursuit", "renewed_on"]

    def __str__(self) -> str:
        return f"{self.pursuit} renewed {self.renewed_on}"


class ReminderSent(models.Model):
    """A reminder e-mail sent; unique per pursuit, kind and expiry so none is sent twice."""

    class Kind(models.TextChoices):
        WINDOW = "window", "Renewal window opens soon"
        EXPIRY = "expiry", "Certification expires soon"

    pursuit = models.ForeignKey(Pursuit, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    expires_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["pursuit", "kind", "expires_on"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.pursuit}"
