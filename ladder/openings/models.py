"""Openings and applications, ranking weights, succession scenarios, pay and budgets (issue #7).

Privacy: applications and succession scenarios are seen by the library's admins and (for an
application) the applicant; pay, budgets and budget scenarios only by the library's admins and
site admins. Network coordinators see none of it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ladder.core import limits

HOURS = [MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))]
MONEY = [MinValueValidator(Decimal("0"))]


class Opening(models.Model):
    """A post to fill: offered to the network's staff first, then advertised outside."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        INTERNAL = "internal", "Open to the network's staff"
        EXTERNAL = "external", "Advertised externally"
        CLOSED = "closed", "Closed"
        FILLED = "filled", "Filled"

    class Reason(models.TextChoices):
        VACANCY = "vacancy", "Vacancy"
        NEW_POST = "new_post", "New post"
        MORE_HOURS = "more_hours", "More hours for a part-time post"

    library = models.ForeignKey("orgs.Library", on_delete=models.CASCADE, related_name="openings")
    branch = models.ForeignKey(
        "orgs.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="openings"
    )
    job_class = models.ForeignKey(
        "people.JobClass", on_delete=models.PROTECT, related_name="openings"
    )
    title = models.CharField(max_length=200, blank=True, help_text="Working title, if any.")
    description = models.TextField(blank=True)
    weekly_hours = models.DecimalField(max_digits=4, decimal_places=1, validators=HOURS)
    schedule = models.CharField(
        max_length=200, blank=True, help_text="For example: evenings and weekends."
    )
    benefits_eligible = models.BooleanField(default=False)
    benefits = models.CharField(max_length=200, blank=True, help_text="What the post offers.")
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.VACANCY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    internal_until = models.DateField(
        null=True, blank=True, help_text="Last day the network's staff apply before others."
    )
    external_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_scenario = models.ForeignKey(
        "SuccessionScenario",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft_openings",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_external_at = models.DateTimeField(
        null=True, blank=True, help_text="When interested staff were told of the external posting."
    )
    window_shortened_reason = models.TextField(
        blank=True, help_text="Why the internal window is shorter than the library's rule."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(external_from__isnull=True)
                | Q(internal_until__isnull=True)
                | Q(external_from__gt=F("internal_until")),
                name="opening_external_after_internal",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.job_class)

    def get_absolute_url(self) -> str:
        return reverse("openings:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        return self.title or self.job_class.name


DEFAULT_HIRED_TEXT = (
    "Thank you for applying. We are delighted to offer you this post, and we look forward "
    "to working with you in your new role."
)
DEFAULT_NOT_SELECTED_TEXT = (
    "Thank you for applying and for the time you gave to your application. After careful "
    "consideration we have offered the post to another candidate. We value your interest in "
    "growing with us and encourage you to apply for future openings."
)


class HiringSettings(models.Model):
    """A library's hiring rules: how long staff have first, and what applicants are told."""

    library = models.OneToOneField(
        "orgs.Library", on_delete=models.CASCADE, related_name="hiring_settings"
    )
    internal_window_days = models.PositiveSmallIntegerField(
        "internal window (working days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Working days an opening is offered to the network's staff before it may "
        "be advertised externally.",
    )
    hired_text = models.TextField(
        "message to the person hired",
        default=DEFAULT_HIRED_TEXT,
        help_text="Sent to the applicant who is hired, with the details of the new job.",
    )
    not_selected_text = models.TextField(
        "message to those not selected",
        default=DEFAULT_NOT_SELECTED_TEXT,
        help_text="Sent to every other applicant when the opening is decided.",
    )
    changed_reason = models.TextField(
        blank=True, help_text="Why the internal window is shorter than the default."
    )

    class Meta:
        verbose_name_plural = "hiring settings"

    def __str__(self) -> str:
        return f"Hiring settings of {self.library}"


class OpeningCompetency(models.Model):
    class Kind(models.TextChoices):
        REQUIRED = "required", "Required"
        PREFERRED = "preferred", "Preferred"

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey("skills.Competency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REQUIRED)
    level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["opening", "kind", "competency__name"]
        verbose_name_plural = "opening competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "competency"], name="openingcompetency_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency} ≥ {self.level} ({self.kind})"


class Application(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        APPLIED = "applied", "Applied"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DECLINED = "declined", "Not selected"
        HIRED = "hired", "Hired"

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True, help_text="The hired person starts.")
    employment = models.ForeignKey(
        "people.Employment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The job the hire started.",
    )
    promotion = models.ForeignKey(
        "tuition.Promotion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The promotion the hire made, when it moved the person up a class.",
    )
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the applicant was told the decision."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "person"], name="application_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.opening}"


class RankingWeights(models.Model):
    """How a library weighs the parts of a candidate's score (each part scores 0 to 1)."""

    library = models.OneToOneField(
        "orgs.Library", on_delete=models.CASCADE, related_name="ranking_weights"
    )
    requirements = models.PositiveSmallIntegerField(default=30, validators=[MaxValueValidator(100)])
    competencies = models.PositiveSmallIntegerField(default=30, validators=[MaxValueValidator(100)])
    initiative = models.PositiveSmallIntegerField(default=15, validators=[MaxValueValidator(100)])
    interest = models.PositiveSmallIntegerField(default=15, validators=[MaxValueValidator(100)])
    tenure = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(100)])
    grace_months = models.PositiveSmallIntegerField(
        "months allowed to meet a requirement",
        default=6,
        validators=[MaxValueValidator(60)],
        help_text="A requirement met within this many months (a degree nearly finished) "
        "counts half.",
    )

    class Meta:
        verbose_name_plural = "ranking weights"

    def __str__(self) -> str:
        return f"Ranking weights of {self.library}"


class SuccessionScenario(models.Model):
    class Kind(models.TextChoices):
        PERSON_LEAVES = "person_leaves", "What if this person leaves"
        POST_VACANT = "post_vacant", "This post is vacant"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to run"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    library = models.ForeignKey(
        "orgs.Library", on_delete=models.CASCADE, related_name="succession_scenarios"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    employment = models.ForeignKey(
        "people.Employment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hat_share = models.PositiveSmallIntegerField(
        "share of contracted hours available for hats (%)",
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("openings:scenario_detail", args=[self.pk])


class EmploymentPay(models.Model):
    """What an employment costs: private to the library's admins."""

    employment = models.OneToOneField(
        "people.Employment", on_delete=models.CASCADE, related_name="pay"
    )
    hourly_wage = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[*MONEY, limits.at_most(limits.HOURLY_WAGE_MAX)]
    )
    annual_benefits = models.DecimalField(
        "annual benefits cost",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[*MONEY, limits.at_most(limits.ANNUAL_PAY_MAX)],
        help_text="Counted only while the employment is benefits-eligible.",
    )

    class Meta:
        verbose_name_plural = "employment pay"
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_wage__gte=0) & Q(annual_benefits__gte=0),
                name="employmentpay_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Pay of {self.employment_id}"


class LibraryBudget(models.Model):
    """A library's budget for one fiscal year (the year it starts in)."""

    library = models.ForeignKey("orgs.Library", on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    salaries = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[*MONEY, limits.at_most(limits.BUDGET_MAX)]
    )
    benefits = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[*MONEY, limits.at_most(limits.BUDGET_MAX)]
    )
    total_operating = models.DecimalField(
        "total operating expenditure",
        max_digits=14,
        decimal_places=2,
        validators=[*MONEY, limits.at_most(limits.BUDGET_MAX)],
    )
    threshold_percent = models.DecimalField(
        "personnel share threshold (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("65"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    source = models.CharField(max_length=100, blank=True, help_text="E.g. PLS FY2022.")

    class Meta:
        ordering = ["library", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["library", "fiscal_year"], name="budget_unique_year"),
            models.CheckConstraint(
                condition=Q(salaries__gte=0) & Q(benefits__gte=0) & Q(total_operating__gte=0),
                name="budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} FY{self.fiscal_year}"


class BudgetScenario(models.Model):
    """A saved what-if: the changes asked and the figures they give."""

    budget = models.ForeignKey(LibraryBudget, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=200)
    changes = models.JSONField(default=list)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
