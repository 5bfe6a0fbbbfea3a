"""Careers: development plans (goals, planned sessions, agreement, check-ins) and yearly
evaluations (a data-filled professional-development section, signatures, addenda)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ladder.core.records import CASCADE_UNLESS_LOCKED, ProtectedQuerySet, ProtectedRecord


class DevelopmentPlan(models.Model):
    """A person's plan to grow: goals, the sessions that serve them, the supervisor's agreement."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        # Goals or dates changed after the supervisor agreed: the agreement must be renewed.
        CHANGED = "changed", "Changed since agreed"
        CLOSED = "closed", "Closed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_plans"
    )
    title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    target_job_class = models.ForeignKey(
        "people.JobClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_plans",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="developmentplan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_at__isnull=False),
                name="developmentplan_agreed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.person})"

    def get_absolute_url(self) -> str:
        return reverse("careers:plan_detail", args=[self.pk])


class PlanGoal(models.Model):
    """One goal: free text, optionally a competency to reach a level in, by a date."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=255)
    competency = models.ForeignKey(
        "skills.Competency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(
        null=True, blank=True, help_text="Set when the person marks a goal without a level done."
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_level__isnull=True) | Q(competency__isnull=False),
                name="plangoal_level_needs_competency",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PlannedSession(models.Model):
    """A session the plan counts on, usually added in one click from a recommendation."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="planned_sessions"
    )
    session = models.ForeignKey(
        "learning.Session", on_delete=models.CASCADE, related_name="planned_in"
    )
    reason = models.CharField(max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "session__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "session"], name="plannedsession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.session} in {self.plan}"


class PlanCheckIn(models.Model):
    """A note from a check-in conversation; notes are kept, never edited."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "id"]

    def __str__(self) -> str:
        return f"Check-in on {self.plan} ({self.created_at:%Y-%m-%d})"


class Evaluation(ProtectedRecord):
    """A yearly evaluation. Read-only once both have signed; corrections become addenda."""

    LOCKED_STATE = "signed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=CASCADE_UNLESS_LOCKED, related_name="evaluations"
    )
    library = models.ForeignKey(
        "orgs.Library", on_delete=CASCADE_UNLESS_LOCKED, related_name="evaluations"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations_reviewed"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    # The professional-development section, filled from the data: refreshed until the first
    # signature, then frozen (see ladder.careers.evaluations.pd_section_build).
    pd_section = models.JSONField(default=dict, blank=True)
    pd_refreshed_at = models.DateTimeField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    goals = models.TextField("goals for the coming year", blank=True)
    person_comment = models.TextField(blank=True)
    reviewer_signed_at = models.DateTimeField(null=True, blank=True)
    person_signed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "person", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="evaluation_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(reviewer=F("person")), name="evaluation_not_self_reviewed"
            ),
            models.CheckConstraint(
                condition=Q(person_signed_at__isnull=True) | Q(reviewer_signed_at__isnull=False),
                name="evaluation_reviewer_signs_first",
            ),
            models.UniqueConstraint(
                fields=["person", "library", "period_start"], name="evaluation_unique_period"
            ),
        ]
        indexes = [
            models.Index(fields=["library", "-period_end"]),
            models.Index(fields=["reviewer", "-period_end"]),
        ]

    def __str__(self) -> str:
        return (
            f"Evaluation of {self.person}, {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
        )

    def get_absolute_url(self) -> str:
        return reverse("careers:evaluation_detail", args=[self.pk])

    @classmethod
    def locked_q(cls) -> Q:
        return Q(reviewer_signed_at__isnull=False, person_signed_at__isnull=False)

    @property
    def is_signed(self) -> bool:
        """Both have signed: the evaluation is read-only."""
        return self.reviewer_signed_at is not None and self.person_signed_at is not None

    @property
    def is_frozen(self) -> bool:
        """Someone has signed: the data section no longer refreshes."""
        return self.reviewer_signed_at is not None or self.person_signed_at is not None

    @property
    def status_label(self) -> str:
        if self.is_signed:
            return "Signed"
        if self.reviewer_signed_at:
            return "Awaiting the person's acknowledgement"
        return "In progress"


class EvaluationAddendum(ProtectedRecord):
    """A correction or note added after signing; the signed text itself never changes.

    Append-only: an addendum is itself corrected by a further addendum."""

    LOCKED_STATE = "part of a signed record"

    evaluation = models.ForeignKey(
        Evaluation, on_delete=CASCADE_UNLESS_LOCKED, related_name="addenda"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation", "created_at", "id"]
        verbose_name_plural = "evaluation addenda"

    def __str__(self) -> str:
        return f"Addendum to {self.evaluation} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def locked_q(cls) -> Q:
        return Q(pk__isnull=False)
