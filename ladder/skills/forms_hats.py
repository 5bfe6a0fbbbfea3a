"""Forms for the hat and interest pages. They parse input; ladder.skills.hats and
ladder.skills.interests validate and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from ladder.orgs.models import Branch, Library
from ladder.people.forms import DateInput, FieldGroup, ModelFieldsForm, UswdsMixin
from ladder.people.models import Employment, JobClass, Person
from ladder.skills.models import Competency, Hat, HatAssignment, Level


class HatForm(ModelFieldsForm):
    model = Hat
    field_names: ClassVar[list[str]] = ["name", "branch", "weekly_hours", "description"]
    widgets: ClassVar[dict[str, Any]] = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branch: Any = self.fields["branch"]
        branch.queryset = Branch.objects.filter(library=library).order_by("name")
        branch.empty_label = "The whole library"
        branch.label = "Branch"
        self.fields["weekly_hours"].label = "Hours a week"


class HatRequirementForm(UswdsMixin, forms.Form):
    competency = forms.ModelChoiceField(label="Competency", queryset=Competency.objects.none())
    level = forms.IntegerField(
        label="Required level",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave empty to remove the requirement.",
    )

    def __init__(self, *args: Any, competencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["competency"]
        field.queryset = competencies
        field.label_from_instance = lambda c: f"{c.area.name}: {c.name}"
        scales: dict[str, list[str]] = {}
        frameworks = {c.framework_id for c in competencies}
        for level in Level.objects.filter(framework_id__in=frameworks).select_related("framework"):
            scales.setdefault(level.framework.name, []).append(f"{level.value} {level.name}")
        if scales:
            described = "; ".join(f"{name}: {', '.join(steps)}" for name, steps in scales.items())
            self.fields["level"].help_text = f"{described}. Leave empty to remove the requirement."
        self.style_fields()


def employment_label(employment: Employment) -> str:
    job = employment.title or employment.job_class.name
    where = f", {employment.branch.name}" if employment.branch else ""
    hours = f"{employment.weekly_hours.normalize():f}"
    return f"{employment.person.display_name} — {job}{where} ({hours} h a week)"


class HatAssignForm(UswdsMixin, forms.Form):
    employment = forms.ModelChoiceField(label="Person", queryset=Employment.objects.none())
    role = forms.ChoiceField(
        label="Role",
        choices=HatAssignment.Role.choices,
        help_text="A wearer does the work; a backup covers when the wearer is away.",
    )
    start_date = forms.DateField(label="Starts on", widget=DateInput())

    def __init__(self, *args: Any, employments: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field: Any = self.fields["employment"]
        field.queryset = employments
        field.label_from_instance = employment_label
        self.style_fields()


class HatUnassignForm(UswdsMixin, forms.Form):
    end_date = forms.DateField(label="Last day", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.style_fields()


class BoardBranchForm(UswdsMixin, forms.Form):
    branch = forms.ModelChoiceField(
        label="Branch", required=False, queryset=Branch.objects.none(), empty_label="All branches"
    )

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["branch"]
        field.queryset = Branch.objects.filter(library=library).order_by("name")
        self.style_fields()


# --- interests -------------------------------------------------------------------------------


def _competency_groups(competencies: Iterable[Competency]) -> dict[int, str]:
    """Which heading each competency goes under: its area (and framework, when several)."""
    items = list(competencies)
    several = len({c.framework_id for c in items}) > 1
    return {c.pk: f"{c.framework.name}: {c.area.name}" if several else c.area.name for c in items}


class InterestForm(UswdsMixin, forms.Form):
    target_job_classes = forms.ModelMultipleChoiceField(
        label="Job classes I aim for",
        required=False,
        queryset=JobClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    wants_full_time = forms.BooleanField(label="I want to work full-time", required=False)
    wants_management = forms.BooleanField(label="I am interested in management", required=False)
    library_school = forms.BooleanField(label="I am interested in library school", required=False)
    topics = forms.CharField(
        label="Topics I want to learn about",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything, in your own words: the ILS, eBooks, copyright, story time …",
    )
    learn = forms.ModelMultipleChoiceField(
        label="Competencies I want to learn",
        required=False,
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    teach = forms.ModelMultipleChoiceField(
        label="Competencies I will teach others",
        required=False,
        queryset=Competency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Listing any makes you a mentor: colleagues can ask you for one-on-one teaching.",
    )
    is_mentor = forms.BooleanField(
        label="I volunteer as a mentor",
        required=False,
        help_text="Untick to stop mentoring (clear the competencies you will teach first).",
    )

    CHECKBOX_LISTS: ClassVar[list[str]] = ["target_job_classes", "learn", "teach"]

    def __init__(
        self,
        *args: Any,
        person: Person,
        job_classes: Any,
        competencies: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        fields: Any = self.fields
        # One query each for the choices, reused by every checkbox on the page.
        job_class_list = list(job_classes)
        competency_list = list(competencies)
        fields["target_job_classes"].queryset = job_classes
        fields["target_job_classes"].widget.choices = [(j.pk, j.name) for j in job_class_list]
        for name in ("learn", "teach"):
            fields[name].queryset = competencies
            fields[name].widget.choices = [(c.pk, c.name) for c in competency_list]
        self.groups = _competency_groups(competency_list)
        self.style_fields()
        for name in self.CHECKBOX_LISTS:
            fields[name].widget.attrs["class"] = "usa-checkbox__input"

    def grouped(self, name: str) -> list[tuple[str, list[Any]]]:
        """The checkboxes of a competency list under their area headings, in order."""
        out: list[tuple[str, list[Any]]] = []
        for widget in self[name]:
            heading = self.groups.get(int(widget.data["value"]), "")
            if not out or out[-1][0] != heading:
                out.append((heading, []))
            out[-1][1].append(widget)
        return out

    def _group(self, *names: str) -> FieldGroup:
        return FieldGroup(visible_fields=[self[name] for name in names])

    @property
    def wants_fields(self) -> FieldGroup:
        return self._group("wants_full_time", "wants_management", "library_school")

    @property
    def topics_fields(self) -> FieldGroup:
        return self._group("topics")

    @property
    def mentor_fields(self) -> FieldGroup:
        return self._group("is_mentor")

    @property
    def learn_groups(self) -> list[tuple[str, list[Any]]]:
        return self.grouped("learn")

    @property
    def teach_groups(self) -> list[tuple[str, list[Any]]]:
        return self.grouped("teach")

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in self.CHECKBOX_LISTS:
            data[name] = list(data[name])
        # An unticked box is a request to stop mentoring only from someone who mentors now;
        # otherwise it says nothing, so listing what one will teach is enough to start.
        if not data["is_mentor"] and not self.person.is_mentor:
            data["is_mentor"] = None
        return data


def interest_initial(interest: Any, person: Person) -> dict[str, Any]:
    initial: dict[str, Any] = {"is_mentor": person.is_mentor}
    if interest is None:
        return initial
    initial.update(
        wants_full_time=interest.wants_full_time,
        wants_management=interest.wants_management,
        library_school=interest.library_school,
        topics=interest.topics,
        target_job_classes=[j.pk for j in interest.target_job_classes.all()],
        learn=[c.pk for c in interest.learn.all()],
        teach=[c.pk for c in interest.teach.all()],
    )
    return initial


class InterestFilterForm(UswdsMixin, forms.Form):
    wants_full_time = forms.BooleanField(label="Wants full-time", required=False)
    wants_management = forms.BooleanField(label="Interested in management", required=False)
    library_school = forms.BooleanField(label="Interested in library school", required=False)
    target_job_class = forms.ModelChoiceField(
        label="Aims for", required=False, queryset=JobClass.objects.none(), empty_label="Any"
    )
    learns = forms.ModelChoiceField(
        label="Wants to learn",
        required=False,
        queryset=Competency.objects.none(),
        empty_label="Any",
    )
    teaches = forms.ModelChoiceField(
        label="Will teach", required=False, queryset=Competency.objects.none(), empty_label="Any"
    )

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["target_job_class"].queryset = choices["job_classes"]
        fields["learns"].queryset = choices["learn"]
        fields["teaches"].queryset = choices["teach"]
        self.style_fields()

    def filters(self) -> dict[str, Any]:
        """The valid filters; an unknown choice drops that one filter and says so on it."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
