"""Forms of the openings pages. They parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.core import limits
from ladder.openings.models import Opening, OpeningCompetency, SuccessionScenario
from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.orgs.models import Branch, Library
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency


class Styled(UswdsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class OpeningForm(Styled):
    library = forms.ModelChoiceField(label="Library", queryset=Library.objects.none())
    job_class = forms.ModelChoiceField(label="Job class", queryset=JobClass.objects.none())
    branch = forms.ModelChoiceField(
        label="Branch", queryset=Branch.objects.none(), required=False, empty_label="Any branch"
    )
    title = forms.CharField(label="Working title", max_length=200, required=False)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    weekly_hours = forms.DecimalField(label="Weekly hours", min_value=1, max_value=60)
    schedule = forms.CharField(
        label="Schedule", max_length=200, required=False, help_text="E.g. evenings and weekends."
    )
    benefits_eligible = forms.BooleanField(label="Benefits-eligible", required=False)
    benefits = forms.CharField(label="Benefits", max_length=200, required=False)
    reason = forms.ChoiceField(label="Reason", choices=Opening.Reason.choices)
    internal_until = forms.DateField(
        label="Internal window ends",
        required=False,
        widget=DateInput,
        help_text="The network's staff apply until this day, before any external posting.",
    )
    external_from = forms.DateField(label="External posting from", required=False, widget=DateInput)

    def __init__(self, *args: Any, libraries: Any, library: Library | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
        if library is not None:
            self.fields["job_class"].queryset = JobClass.objects.available_to_library(  # type: ignore[attr-defined]
                library.pk
            )
            self.fields["branch"].queryset = Branch.objects.filter(library=library)  # type: ignore[attr-defined]
        else:
            self.fields["job_class"].queryset = JobClass.objects.all()  # type: ignore[attr-defined]
            self.fields["branch"].queryset = Branch.objects.filter(library__in=libraries)  # type: ignore[attr-defined]


class CompetencyRowForm(Styled):
    competency = forms.ModelChoiceField(
        label="Competency", queryset=Competency.objects.order_by("name"), required=False
    )
    kind = forms.ChoiceField(label="Required or preferred", choices=OpeningCompetency.Kind.choices)
    level = forms.IntegerField(label="Level", min_value=1, max_value=10, required=False)


CompetencyFormSet = forms.formset_factory(CompetencyRowForm, extra=3, max_num=30)


def competency_rows(formset: Any) -> list[tuple[Competency, str, int]]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data if form.is_valid() else {}
        if data.get("competency") and data.get("level"):
            rows.append((data["competency"], data["kind"], data["level"]))
    return rows


class ApplyForm(Styled):
    note = forms.CharField(
        label="A note to the library",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why you want the post and what you bring to it.",
    )


class InviteForm(Styled):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none())
    note = forms.CharField(label="Message", required=False, max_length=2000)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class WeightsForm(Styled):
    requirements = forms.IntegerField(label="Hard requirements", min_value=0, max_value=100)
    competencies = forms.IntegerField(label="Competency fit", min_value=0, max_value=100)
    initiative = forms.IntegerField(label="Demonstrated initiative", min_value=0, max_value=100)
    interest = forms.IntegerField(label="Stated interest", min_value=0, max_value=100)
    tenure = forms.IntegerField(label="Tenure", min_value=0, max_value=100)
    grace_months = forms.IntegerField(
        label="Months allowed to meet a requirement", min_value=0, max_value=60
    )


class ScenarioForm(Styled):
    library = forms.ModelChoiceField(label="Library", queryset=Library.objects.none())
    kind = forms.ChoiceField(label="Scenario", choices=SuccessionScenario.Kind.choices)
    person = forms.ModelChoiceField(
        label="Person who would leave", queryset=Person.objects.none(), required=False
    )
    employment = forms.ModelChoiceField(
        label="Vacant post", queryset=Employment.objects.none(), required=False
    )
    name = forms.CharField(label="Name", max_length=200, required=False)
    hat_share = forms.IntegerField(
        label="Share of contracted hours available for hats (%)",
        min_value=1,
        max_value=100,
        initial=60,
        help_text="The rest of each person's hours goes to the core of their job.",
    )

    def __init__(self, *args: Any, libraries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
        jobs = Employment.objects.filter(library__in=libraries).select_related(
            "person", "job_class"
        )
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=jobs.current().values("person_id")
        ).order_by("last_name", "first_name")
        self.fields["employment"].queryset = jobs.order_by("person__last_name")  # type: ignore[attr-defined]


class BudgetForm(Styled):
    fiscal_year = forms.IntegerField(
        label="Fiscal year (the year it starts)", min_value=1990, max_value=2100
    )
    salaries = forms.DecimalField(
        label="Salaries and wages",
        decimal_places=2,
        **limits.form_limits(limits.BUDGET_MAX, low=None),
    )
    benefits = forms.DecimalField(
        label="Employee benefits",
        decimal_places=2,
        **limits.form_limits(limits.BUDGET_MAX, low=None),
    )
    total_operating = forms.DecimalField(
        label="Total operating expenditure",
        decimal_places=2,
        **limits.form_limits(limits.BUDGET_MAX, low=None),
    )
    threshold_percent = forms.DecimalField(
        label="Personnel share threshold (%)",
        decimal_places=2,
        initial=65,
        **limits.form_limits(100, low=None),
    )


class PayForm(Styled):
    hourly_wage = forms.DecimalField(
        label="Hourly wage",
        decimal_places=2,
        help_text=f"At most {limits.written(limits.HOURLY_WAGE_MAX)}.",
        **limits.form_limits(limits.HOURLY_WAGE_MAX, low=None),
    )
    annual_benefits = forms.DecimalField(
        label="Annual benefits cost",
        decimal_places=2,
        required=False,
        initial=0,
        **limits.form_limits(limits.ANNUAL_PAY_MAX, low=None),
    )


class WhatIfForm(Styled):
    name = forms.CharField(label="Name (to save the scenario)", max_length=200, required=False)
    full_time = forms.ModelChoiceField(
        label="Make this part-time post full-time",
        queryset=Employment.objects.none(),
        required=False,
        empty_label="None",
    )
    remove = forms.ModelChoiceField(
        label="Remove this post",
        queryset=Employment.objects.none(),
        required=False,
        empty_label="None",
    )
    merge_first = forms.ModelChoiceField(
        label="Merge two part-time posts into one full-time post: the first",
        queryset=Employment.objects.none(),
        required=False,
        empty_label="None",
    )
    merge_second = forms.ModelChoiceField(
        label="… and the second",
        queryset=Employment.objects.none(),
        required=False,
        empty_label="None",
    )
    add_hours = forms.DecimalField(
        label="Add a post: weekly hours",
        required=False,
        **limits.form_limits(limits.WEEK_HOURS, low=None),
    )
    add_wage = forms.DecimalField(
        label="Add a post: hourly wage",
        required=False,
        **limits.form_limits(limits.HOURLY_WAGE_MAX, low=None),
    )
    add_benefits = forms.BooleanField(label="The new post is benefits-eligible", required=False)
    income_percent = forms.DecimalField(
        label="Income changes by (%)",
        required=False,
        help_text="E.g. -10 for a 10 % cut.",
        **limits.form_limits(limits.INCOME_CHANGE_MAX, low=-100),
    )

    def __init__(self, *args: Any, posts: Any, all_posts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_time"].queryset = posts  # type: ignore[attr-defined]
        self.fields["merge_first"].queryset = posts  # type: ignore[attr-defined]
        self.fields["merge_second"].queryset = posts  # type: ignore[attr-defined]
        self.fields["remove"].queryset = (  # type: ignore[attr-defined]
            all_posts if all_posts is not None else posts
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("merge_first"), data.get("merge_second")
        if bool(first) != bool(second):
            self.add_error("merge_second" if first else "merge_first", "Choose both posts.")
        elif first and first == second:
            self.add_error("merge_second", "Choose two different posts.")
        chosen = [data.get(name) for name in ("full_time", "remove", "merge_first", "merge_second")]
        picked = [post for post in chosen if post]
        if len(picked) != len(set(picked)):
            self.add_error(None, "A post can take part in one change at a time.")
        return data

    def changes(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        changes: list[dict[str, Any]] = []
        if data.get("remove"):
            changes.append({"kind": "remove_post", "employment_id": data["remove"].pk})
        if data.get("merge_first") and data.get("merge_second"):
            changes.append(
                {
                    "kind": "merge_posts",
                    "employment_ids": [data["merge_first"].pk, data["merge_second"].pk],
                }
            )
        if data.get("full_time"):
            changes.append({"kind": "full_time", "employment_id": data["full_time"].pk})
        if data.get("add_hours") is not None or data.get("add_wage") is not None:
            changes.append(
                {
                    "kind": "add_post",
                    "hours": float(data.get("add_hours") or 0),
                    "hourly_wage": float(data["add_wage"])
                    if data.get("add_wage") is not None
                    else None,
                    "benefits_eligible": bool(data.get("add_benefits")),
                }
            )
        if data.get("income_percent") is not None:
            changes.append({"kind": "income_change", "percent": float(data["income_percent"])})
        return changes
