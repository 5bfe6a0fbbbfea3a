"""Forms of development plans and evaluations: they parse, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.people.models import JobClass, Person
from ladder.skills.models import Competency


class _Styled(UswdsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class PersonChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.email})"


class PlanForm(_Styled):
    title = forms.CharField(label="Title", max_length=200)
    starts_on = forms.DateField(label="Starts on", widget=DateInput)
    ends_on = forms.DateField(label="Ends on", widget=DateInput)
    target_job_class = forms.ModelChoiceField(
        label="Target job class",
        queryset=JobClass.objects.none(),
        required=False,
        empty_label="No target yet",
        help_text="The post the plan leads to; its remaining gaps show on the plan.",
    )

    def __init__(self, *args: Any, job_classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_job_class"].queryset = job_classes  # type: ignore[attr-defined]


class PlanCreateForm(PlanForm):
    person = PersonChoiceField(label="Whose plan", queryset=Person.objects.none())

    field_order = ["person", "title", "starts_on", "ends_on", "target_job_class"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class CompetencyChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area.name}: {obj.name}"


class GoalForm(_Styled):
    description = forms.CharField(label="Goal", max_length=255)
    competency = CompetencyChoiceField(
        label="Competency",
        queryset=Competency.objects.select_related("area").order_by("area__name", "name"),
        required=False,
        empty_label="None",
    )
    target_level = forms.IntegerField(
        label="Target level", required=False, min_value=0, max_value=10
    )
    due_on = forms.DateField(label="Due on", required=False, widget=DateInput)


class CheckInForm(_Styled):
    note = forms.CharField(label="Check-in note", widget=forms.Textarea(attrs={"rows": 4}))


class AddSessionForm(forms.Form):
    """The one-click add from a recommendation (helper pages post here)."""

    person = forms.ModelChoiceField(queryset=Person.objects.all())
    session = forms.IntegerField(min_value=1)
    # No max_length: a long recommendation reason is cut by the service, not refused.
    reason = forms.CharField(required=False)
    next = forms.CharField(required=False)


class EvaluationCreateForm(_Styled):
    person = PersonChoiceField(label="Person", queryset=Person.objects.none())
    period_start = forms.DateField(label="Period starts", widget=DateInput)
    period_end = forms.DateField(label="Period ends", widget=DateInput)
    reviewer = PersonChoiceField(
        label="Reviewer",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Me",
        help_text="Library admins may name the person's supervisor as the reviewer.",
    )

    def __init__(self, *args: Any, people: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["reviewer"].queryset = reviewers  # type: ignore[attr-defined]


class EvaluationTextForm(_Styled):
    narrative = forms.CharField(
        label="Narrative", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    goals = forms.CharField(
        label="Goals for the coming year", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class CommentForm(_Styled):
    comment = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class AddendumForm(_Styled):
    body = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 4}))
