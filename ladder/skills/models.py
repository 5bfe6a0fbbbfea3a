"""Competency frameworks, ratings with an append-only evidence log, hats, interests."""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Framework(models.Model):
    """A competency framework with its own level scale. Owned by a network or shared by all."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    network = models.ForeignKey(
        "orgs.Network", on_delete=models.CASCADE, null=True, blank=True, related_name="frameworks"
    )
    is_default = models.BooleanField(
        default=False, help_text="The framework job classes, hats and offerings use by default."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:framework_detail", args=[self.pk])


class Level(models.Model):
    """One step of a framework's scale, e.g. 0 none, 1 aware, 2 working, 3 proficient, 4 expert."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "value"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "value"], name="level_unique_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.name}"


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class ExternalScheme(models.Model):
    """An outside framework competencies map to, e.g. the ALA-APA LSSC competency sets."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalTag(models.Model):
    """One element of an external scheme, e.g. LSSC 'Technology' (required)."""

    scheme = models.ForeignKey(ExternalScheme, on_delete=models.CASCADE, related_name="tags")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    is_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["scheme", "-is_required", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="externaltag_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name}: {self.name}"


class Competency(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competencies")
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    external_tags = models.ManyToManyField(ExternalTag, blank=True, related_name="competencies")

    class Meta:
        ordering = ["framework", "area__position", "position", "name"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competency_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:competency_detail", args=[self.pk])


class JobClassCompetency(models.Model):
    """A job class requires a competency at a level."""

    job_class = models.ForeignKey(
        "people.JobClass", on_delete=models.CASCADE, related_name="competency_requirements"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="job_class_requirements"
    )
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["job_class", "competency"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_class", "competency"], name="jobclasscompetency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_class}: {self.competency} ≥ {self.level}"


class EvidenceKind(models.TextChoices):
    SELF = "self", "Self-assessment"
    SUPERVISOR = "supervisor", "Supervisor assessment"
    TRAINING = "training", "Completed training"
    CREDENTIAL = "credential", "Credential"
    COACHING = "coaching", "Coaching"


class Rating(models.Model):
    """A person's current level in a competency: derived from the evidence log by the rules in
    ladder.skills.rules, stored so lists and charts need no log walk."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=EvidenceKind.choices)
    self_level = models.PositiveSmallIntegerField(null=True, blank=True)
    supervisor_level = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["person", "competency"], name="rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.competency} = {self.level}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"skills-evidence/{instance.person_id}/{secrets.token_hex(16)}{suffix}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an evidence entry."""


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The evidence log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The evidence log is append-only")


class Evidence(models.Model):
    """One entry of a person's append-only evidence log for a competency."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="skill_evidence"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.TextField(blank=True)
    file = models.FileField(upload_to=evidence_upload_to, max_length=255, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    # What the evidence came from, e.g. "learning.trainingrecord:42" (later issues).
    source_ref = models.CharField(max_length=80, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.competency} {self.level}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The evidence log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The evidence log is append-only")


class Hat(models.Model):
    """A duty (interlibrary loan, reserves, reference desk …) that people wear and back up."""

    library = models.ForeignKey("orgs.Library", on_delete=models.CASCADE, related_name="hats")
    branch = models.ForeignKey(
        "orgs.Branch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hats",
        help_text="Leave empty for a duty of the whole library.",
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
        help_text="Hours a week the wearer spends on it.",
    )

    class Meta:
        ordering = ["library", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "branch", "name"],
                name="hat_unique_name",
                condition=Q(branch__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["library", "name"],
                name="hat_unique_name_library",
                condition=Q(branch__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:hat_detail", args=[self.pk])


class HatRequirement(models.Model):
    hat = models.ForeignKey(Hat, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["hat", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["hat", "competency"], name="hatrequirement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.hat}: {self.competency} ≥ {self.level}"


class HatAssignment(models.Model):
    class Role(models.TextChoices):
        WEARER = "wearer", "Wearer"
        BACKUP = "backup", "Backup"

    hat = models.ForeignKey(Hat, on_delete=models.CASCADE, related_name="assignments")
    employment = models.ForeignKey(
        "people.Employment", on_delete=models.CASCADE, related_name="hat_assignments"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.WEARER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["hat", "role", "employment"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="hatassignment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employment.person} — {self.hat} ({self.role})"


class Interest(models.Model):
    """What a person wants: private to them, their supervisor chain and their library's admins."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interest"
    )
    target_job_classes = models.ManyToManyField(
        "people.JobClass", blank=True, related_name="+", verbose_name="job classes I aim for"
    )
    wants_full_time = models.BooleanField("I want to work full-time", default=False)
    wants_management = models.BooleanField("I am interested in management", default=False)
    library_school = models.BooleanField("I am interested in library school", default=False)
    topics = models.TextField("topics I want to learn about", blank=True)
    learn = models.ManyToManyField(
        Competency, blank=True, related_name="learners", verbose_name="competencies I want to learn"
    )
    teach = models.ManyToManyField(
        Competency,
        blank=True,
        related_name="teachers",
        verbose_name="competencies I will teach others",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person"]

    def __str__(self) -> str:
        return f"Interests of {self.person}"
