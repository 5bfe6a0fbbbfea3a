"""Grow your own (issue #6): tuition programmes, enrolments, claims and promotions.

A programme has a sponsor library. A library running a programme for its own staff is its
own sponsor; the state library sponsoring several libraries is a sponsor library (e.g. a
Library of kind "special" named "State Library of Ohio") whose admins approve enrolments
after the participating library's admins, and see the programme's enrolments and claims.

Money is Decimal throughout. Caps and budgets run per fiscal year of the sponsor library
(`Library.fiscal_year_start_month`); a fiscal year is named by the calendar year it starts in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ladder.core import limits
from ladder.core.dates import add_months
from ladder.core.files import StoredFile, stored_file_upload_to
from ladder.core.records import CASCADE_UNLESS_LOCKED, ProtectedQuerySet, ProtectedRecord
from ladder.people.models import EducationLevel, Employment, JobClass, Person

ZERO = Decimal("0.00")

# Letter grades from best to worst; "P" (pass) counts as passing any minimum of C or lower.
GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]
GRADE_CHOICES = [(g, g) for g in GRADES] + [("P", "P (pass)")]


def grade_rank(grade: str) -> int:
    """Lower is better. Pass ranks with C."""
    if grade == "P":
        return GRADES.index("C")
    return GRADES.index(grade)


class Programme(models.Model):
    """A tuition reimbursement programme and its rules."""

    class Repayment(models.TextChoices):
        PRO_RATA = "pro_rata", "Pro rata for the part of the commitment not served"
        FULL = "full", "In full when leaving before the commitment ends"

    name = models.CharField(max_length=200)
    sponsor = models.ForeignKey(
        "orgs.Library", on_delete=models.PROTECT, related_name="sponsored_tuition_programmes"
    )
    libraries = models.ManyToManyField(
        "orgs.Library",
        related_name="tuition_programmes",
        help_text="Whose staff may apply. The sponsor's own staff only when it lists itself.",
    )
    description = models.TextField(blank=True)
    eligible_job_classes = models.ManyToManyField(
        JobClass,
        blank=True,
        related_name="tuition_programmes",
        help_text="Leave empty to accept every job class.",
    )
    min_tenure_months = models.PositiveSmallIntegerField(
        "minimum tenure (months)", default=0, validators=[limits.at_most(limits.MONTHS_MAX)]
    )
    covers_tuition = models.BooleanField(default=True)
    covers_fees = models.BooleanField(default=True)
    covers_books = models.BooleanField(default=False)
    reimbursement_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    cap_per_term = models.DecimalField(
        "cap per person per term",
        validators=[MinValueValidator(ZERO), limits.at_most(limits.TUITION_CAP_MAX)],
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Most the programme pays for one term's claim; empty: no cap per term.",
    )
    cap_per_year = models.DecimalField(
        "cap per person per fiscal year",
        validators=[MinValueValidator(ZERO), limits.at_most(limits.TUITION_CAP_MAX)],
        max_digits=12,
        decimal_places=2,
    )
    cap_lifetime = models.DecimalField(
        "cap per person for life",
        validators=[MinValueValidator(ZERO), limits.at_most(limits.TUITION_CAP_MAX)],
        max_digits=12,
        decimal_places=2,
    )
    min_grade = models.CharField(
        "minimum passing grade", max_length=2, choices=GRADE_CHOICES, default="B"
    )
    service_months = models.PositiveSmallIntegerField(
        "service commitment (months after the degree)",
        default=24,
        validators=[limits.at_most(limits.MONTHS_MAX)],
    )
    repayment = models.CharField(
        max_length=20, choices=Repayment.choices, default=Repayment.PRO_RATA
    )
    degree_levels = models.CharField(
        max_length=40,
        default=f"{EducationLevel.BACHELOR},{EducationLevel.MLS}",
        help_text="Comma-separated education levels the programme pays toward.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tuition:programme_detail", args=[self.pk])

    @property
    def allowed_degree_levels(self) -> list[int]:
        return [int(v) for v in self.degree_levels.split(",") if v.strip()]

    @property
    def covered_expenses(self) -> list[str]:
        names = []
        if self.covers_tuition:
            names.append("tuition")
        if self.covers_fees:
            names.append("fees")
        if self.covers_books:
            names.append("books")
        return names


class ProgrammeBudget(models.Model):
    """What a programme may spend in one fiscal year of its sponsor."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(help_text="The calendar year it starts in.")
    amount = models.DecimalField(
        validators=[MinValueValidator(ZERO), limits.at_most(limits.FUND_MAX)],
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        ordering = ["programme", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"], name="tuition_budget_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.fiscal_year} {self.amount}"


class Enrolment(models.Model):
    """One person's degree in a programme, from application to completion."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        LIBRARY_APPROVED = "library_approved", "Approved by the library (awaiting the sponsor)"
        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ENDED = "ended", "Ended"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tuition_enrolments")
    library = models.ForeignKey(
        "orgs.Library", on_delete=models.PROTECT, related_name="tuition_enrolments"
    )
    employment = models.ForeignKey(
        Employment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    institution = models.CharField(max_length=200)
    degree_level = models.IntegerField(choices=EducationLevel.choices)
    field = models.CharField("field of study", max_length=200, blank=True)
    accredited = models.BooleanField("ALA-accredited", default=False)
    expected_start = models.DateField()
    expected_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(auto_now_add=True)
    library_decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    library_decided_at = models.DateTimeField(null=True, blank=True)
    sponsor_decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sponsor_decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    enrolled_on = models.DateField(null=True, blank=True)
    credential = models.ForeignKey(
        "people.Credential", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # The service commitment: it starts on the degree and lasts the programme's months.
    commitment_starts_on = models.DateField(null=True, blank=True)
    commitment_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[limits.at_most(limits.MONTHS_MAX)]
    )

    class Meta:
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_end__gte=models.F("expected_start")),
                name="tuition_enrolment_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_degree_level_display()} at {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("tuition:enrolment_detail", args=[self.pk])

    @property
    def needs_sponsor(self) -> bool:
        return self.library_id != self.programme.sponsor_id

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ENROLLED

    @property
    def commitment_ends_on(self) -> dt.date | None:
        if self.commitment_starts_on is None or self.commitment_months is None:
            return None
        return add_months(self.commitment_starts_on, self.commitment_months)


def correction_link(*, help_text: str) -> models.ForeignKey[Any, Any]:
    """The link from a correction to the record it corrects (see tuition.corrections): a
    locked record is never edited, a new row of its kind points at it, and PROTECT keeps the
    original while any correction of it exists."""
    return models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=help_text,
    )


class Claim(ProtectedRecord):
    """A term's costs, reimbursed once: submitted → approved → (graded) → paid, or refused.

    Paid is final: a correction is an adjustment claim for the same term pointing at it."""

    LOCKED_STATE = "paid"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        PAID = "paid", "Paid"

    # Amounts that count against caps and budgets.
    COMMITTED = (Status.APPROVED, Status.PAID)

    enrolment = models.ForeignKey(Enrolment, on_delete=CASCADE_UNLESS_LOCKED, related_name="claims")
    term = models.CharField(max_length=60, help_text="e.g. Fall 2025")
    term_ends_on = models.DateField()
    courses = models.TextField(help_text="Course codes and titles, one a line.")
    credits = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), limits.at_most(limits.CREDITS_MAX)],
    )
    tuition_cost = models.DecimalField(
        default=ZERO,
        validators=[MinValueValidator(ZERO), limits.at_most(limits.FEE_MAX)],
        max_digits=12,
        decimal_places=2,
    )
    fees_cost = models.DecimalField(
        default=ZERO,
        validators=[MinValueValidator(ZERO), limits.at_most(limits.FEE_MAX)],
        max_digits=12,
        decimal_places=2,
    )
    books_cost = models.DecimalField(
        default=ZERO,
        validators=[MinValueValidator(ZERO), limits.at_most(limits.FEE_MAX)],
        max_digits=12,
        decimal_places=2,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_amount = models.DecimalField(
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
        validators=[limits.at_most(limits.ANNUAL_PAY_MAX)],
    )
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    approved_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    grade = models.CharField(max_length=2, choices=GRADE_CHOICES, blank=True)
    reimbursement = models.DecimalField(
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
        validators=[limits.at_most(limits.ANNUAL_PAY_MAX)],
    )
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment_reference = models.CharField(max_length=100, blank=True)
    corrects = correction_link(help_text="The paid claim this adjustment corrects.")

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        ordering = ["-term_ends_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "term"],
                condition=Q(corrects__isnull=True),
                name="tuition_claim_one_per_term",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="tuition_claim_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.person}: {self.term}"

    def get_absolute_url(self) -> str:
        return reverse("tuition:claim_detail", args=[self.pk])

    @classmethod
    def locked_q(cls) -> Q:
        return Q(status="paid")

    @property
    def total_cost(self) -> Decimal:
        return self.tuition_cost + self.fees_cost + self.books_cost


# Named by migration 0001; files are now named by StoredFile.
receipt_upload_to = stored_file_upload_to


class ClaimReceipt(StoredFile):
    """A receipt for a claim (PDF, PNG or JPEG, checked by content)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="receipts")

    class Meta(StoredFile.Meta):
        pass

    def upload_folder(self) -> str:
        return f"receipts/{self.claim.enrolment.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("tuition:receipt_download", args=[self.pk])


class Promotion(ProtectedRecord):
    """A move to another job class. Generic: a degree, an opening or a reclassification.

    Accepted is final (the letter was issued): a correction is a new promotion pointing at it."""

    LOCKED_STATE = "accepted"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    class Reason(models.TextChoices):
        DEGREE = "degree", "Degree completed"
        OPENING = "opening", "Appointed to an opening"
        RECLASSIFICATION = "reclassification", "Reclassification"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=CASCADE_UNLESS_LOCKED, related_name="promotions")
    library = models.ForeignKey("orgs.Library", on_delete=models.PROTECT, related_name="+")
    from_employment = models.ForeignKey(
        Employment, on_delete=models.PROTECT, related_name="promotions_from"
    )
    to_job_class = models.ForeignKey(JobClass, on_delete=models.PROTECT, related_name="+")
    effective_date = models.DateField()
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.DEGREE)
    detail = models.TextField(blank=True)
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="promotions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    new_employment = models.ForeignKey(
        Employment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrects = correction_link(help_text="The accepted promotion this one corrects.")

    objects = ProtectedQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_employment", "to_job_class"],
                condition=Q(status="proposed"),
                name="tuition_promotion_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.to_job_class} from {self.effective_date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("tuition:promotion_detail", args=[self.pk])

    @classmethod
    def locked_q(cls) -> Q:
        return Q(status="accepted")
