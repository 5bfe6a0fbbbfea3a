"""Forms of the sponsor's programme pages: a programme's rules and its budget per fiscal year.

They only parse input: `ladder.tuition.programmes` holds the rules (ranges, the lifetime cap
not below the yearly one, a budget not below what the year has committed) and its
ValidationError lands on the named fields through `show_errors`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from ladder.orgs.forms import UswdsMixin
from ladder.orgs.models import Library
from ladder.people.models import EducationLevel, JobClass
from ladder.tuition.models import GRADE_CHOICES, Programme
from ladder.tuition.programmes import PROGRAMME_FIELDS

# Degrees a programme may pay toward (a secondary diploma is not one).
DEGREE_CHOICES = [
    (str(level.value), level.label)
    for level in EducationLevel
    if level.value >= EducationLevel.ASSOCIATE
]

# Sections of the programme form: (legend, field names), in the order shown.
SECTIONS = [
    ("The programme", ["sponsor", "name", "description", "is_active"]),
    ("Who may apply", ["libraries", "eligible_job_classes", "min_tenure_months"]),
    ("What it pays for", ["degree_levels", "covers_tuition", "covers_fees", "covers_books"]),
    ("How much", ["reimbursement_percent", "cap_per_term", "cap_per_year", "cap_lifetime"]),
    ("Conditions", ["min_grade", "service_months", "repayment"]),
]


class JobClassChoices(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        owner = obj.library or obj.network
        return f"{obj.name} ({owner})" if owner else obj.name


def _checkboxes() -> forms.CheckboxSelectMultiple:
    # The class is set here so UswdsMixin leaves it; the template renders USWDS checkboxes.
    return forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"})


class ProgrammeForm(UswdsMixin, forms.Form):
    sponsor = forms.ModelChoiceField(
        label="Sponsor library",
        queryset=Library.objects.none(),
        help_text="The library that pays and approves as sponsor: one you administer.",
    )
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_active = forms.BooleanField(label="Open to applications", required=False, initial=True)
    libraries = forms.ModelMultipleChoiceField(
        label="Participating libraries",
        queryset=Library.objects.none(),
        widget=_checkboxes(),
        help_text="Whose staff may apply. Tick the sponsor too for its own staff.",
    )
    eligible_job_classes = JobClassChoices(
        label="Eligible job classes",
        queryset=JobClass.objects.none(),
        required=False,
        widget=_checkboxes(),
        help_text="Leave all unticked to accept every job class.",
    )
    min_tenure_months = forms.IntegerField(label="Minimum tenure (months)", initial=0)
    degree_levels = forms.MultipleChoiceField(
        label="Degrees it pays toward",
        choices=DEGREE_CHOICES,
        widget=_checkboxes(),
        error_messages={"required": "Choose at least one degree."},
    )
    covers_tuition = forms.BooleanField(label="Covers tuition", required=False, initial=True)
    covers_fees = forms.BooleanField(label="Covers fees", required=False, initial=True)
    covers_books = forms.BooleanField(label="Covers books", required=False)
    reimbursement_percent = forms.DecimalField(
        label="Reimbursement (%)", max_digits=5, decimal_places=2, initial=Decimal("100")
    )
    cap_per_term = forms.DecimalField(
        label="Cap per person per term ($)",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="Leave empty for no cap per term.",
    )
    cap_per_year = forms.DecimalField(
        label="Cap per person per fiscal year ($)", max_digits=12, decimal_places=2
    )
    cap_lifetime = forms.DecimalField(
        label="Cap per person for life ($)", max_digits=12, decimal_places=2
    )
    min_grade = forms.ChoiceField(label="Minimum passing grade", choices=GRADE_CHOICES, initial="B")
    service_months = forms.IntegerField(
        label="Service commitment after the degree (months)", initial=24
    )
    repayment = forms.ChoiceField(
        label="Repayment when leaving early",
        choices=Programme.Repayment.choices,
        initial=Programme.Repayment.PRO_RATA,
    )

    def __init__(
        self,
        *args: Any,
        sponsors: QuerySet[Library] | None,
        instance: Programme | None = None,
        **kwargs: Any,
    ) -> None:
        """`sponsors`: the libraries the user may sponsor for (None when editing: the
        sponsor of a programme does not change)."""
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        self.instance = instance
        if sponsors is None:
            del self.fields["sponsor"]
        else:
            self.fields["sponsor"].queryset = sponsors  # type: ignore[attr-defined]
            if sponsors.count() == 1 and not self.is_bound:
                self.initial.setdefault("sponsor", sponsors.get().pk)
        self.fields["libraries"].queryset = Library.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["eligible_job_classes"].queryset = (  # type: ignore[attr-defined]
            JobClass.objects.select_related("library", "network").order_by("name", "pk")
        )
        self.style_widgets()

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in SECTIONS
        ]

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as `programme_create`/`programme_update` keyword arguments."""
        data = self.cleaned_data
        fields = {name: data[name] for name in PROGRAMME_FIELDS if name != "degree_levels"}
        fields["degree_levels"] = ",".join(sorted(data["degree_levels"], key=int))
        return {
            **fields,
            "libraries": list(data["libraries"]),
            "eligible_job_classes": list(data["eligible_job_classes"]),
        }


def initial_for(programme: Programme) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    initial["degree_levels"] = [str(level) for level in programme.allowed_degree_levels]
    initial["libraries"] = [lib.pk for lib in programme.libraries.all()]
    initial["eligible_job_classes"] = [jc.pk for jc in programme.eligible_job_classes.all()]
    return initial


class BudgetForm(UswdsMixin, forms.Form):
    fiscal_year = forms.TypedChoiceField(label="Fiscal year", coerce=int, choices=())
    amount = forms.DecimalField(label="Budget ($)", max_digits=12, decimal_places=2)

    def __init__(
        self, *args: Any, years: list[tuple[int, str]], fiscal_label: str, **kwargs: Any
    ) -> None:
        """`years`: (fiscal year, option label); `fiscal_label` names the sponsor's year."""
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = years  # type: ignore[attr-defined]
        self.fields["fiscal_year"].label = fiscal_label
        self.style_widgets()
