"""Forms of the tuition pages."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.people.models import EducationLevel, Employment, JobClass
from ladder.tuition.models import GRADE_CHOICES, Enrolment, Programme, Promotion

DEGREES = [
    (EducationLevel.ASSOCIATE.value, EducationLevel.ASSOCIATE.label),
    (EducationLevel.BACHELOR.value, EducationLevel.BACHELOR.label),
    (EducationLevel.MASTER.value, EducationLevel.MASTER.label),
    (EducationLevel.MLS.value, EducationLevel.MLS.label),
]


class Styled(UswdsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class ApplyForm(Styled):
    programme = forms.ModelChoiceField(label="Programme", queryset=Programme.objects.none())
    institution = forms.CharField(label="School or university", max_length=200)
    degree_level = forms.TypedChoiceField(label="Degree", choices=DEGREES, coerce=int)
    field = forms.CharField(label="Field of study", max_length=200, required=False)
    accredited = forms.BooleanField(
        label="The MLS/MLIS programme is ALA-accredited", required=False
    )
    expected_start = forms.DateField(label="Expected start", widget=DateInput)
    expected_end = forms.DateField(label="Expected end", widget=DateInput)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class NoteForm(Styled):
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CompleteForm(Styled):
    awarded_on = forms.DateField(label="Degree awarded on", widget=DateInput)


class StopForm(Styled):
    status = forms.ChoiceField(
        label="Stop as",
        choices=[
            (Enrolment.Status.WITHDRAWN, "Withdrawn"),
            (Enrolment.Status.ENDED, "Ended by the programme"),
        ],
    )


class ClaimForm(Styled):
    term = forms.CharField(label="Term", max_length=60, help_text="e.g. Fall 2025")
    term_ends_on = forms.DateField(label="Last day of the term", widget=DateInput)
    courses = forms.CharField(label="Courses", widget=forms.Textarea(attrs={"rows": 3}))
    credits = forms.DecimalField(label="Credits", min_value=0, max_digits=5, decimal_places=1)
    tuition_cost = forms.DecimalField(label="Tuition ($)", min_value=0, decimal_places=2)
    fees_cost = forms.DecimalField(label="Fees ($)", min_value=0, decimal_places=2, initial=0)
    books_cost = forms.DecimalField(label="Books ($)", min_value=0, decimal_places=2, initial=0)


class ReceiptForm(Styled):
    file = forms.FileField(label="Receipt (PDF, PNG or JPEG)")


class GradeForm(Styled):
    grade = forms.ChoiceField(label="Grade", choices=GRADE_CHOICES)


class PayForm(Styled):
    paid_on = forms.DateField(label="Paid on", widget=DateInput)
    reference = forms.CharField(label="Payment reference", max_length=100, required=False)


class RefuseForm(Styled):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(Styled):
    effective_date = forms.DateField(label="Effective date", widget=DateInput)


class ClaimCorrectForm(Styled):
    amount = forms.DecimalField(
        label="Adjustment ($)",
        max_digits=12,
        decimal_places=2,
        help_text="Negative to recover an overpayment. The paid claim itself never changes.",
    )
    reason = forms.CharField(label="What it corrects", widget=forms.Textarea(attrs={"rows": 2}))


class PromotionCorrectForm(Styled):
    effective_date = forms.DateField(label="Corrected effective date", widget=DateInput)
    detail = forms.CharField(
        label="Corrected wording", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposePromotionForm(Styled):
    employment = forms.ModelChoiceField(label="From the job", queryset=Employment.objects.none())
    to_job_class = forms.ModelChoiceField(
        label="To the job class", queryset=JobClass.objects.none()
    )
    effective_date = forms.DateField(label="Effective date", widget=DateInput)
    reason = forms.ChoiceField(label="Reason", choices=Promotion.Reason.choices)
    detail = forms.CharField(
        label="Detail",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example the degree, or the reclassification decided.",
    )

    def __init__(self, *args: Any, jobs: Any, job_classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employment"].queryset = jobs  # type: ignore[attr-defined]
        self.fields["employment"].label_from_instance = (  # type: ignore[attr-defined]
            lambda job: f"{job.job_class} at {job.library}, {job.weekly_hours} h/week"
        )
        self.fields["to_job_class"].queryset = job_classes  # type: ignore[attr-defined]
