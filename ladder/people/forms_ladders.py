"""Forms for job classes, certification types and ladders. They parse; the services in
ladder.people.ladders decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict

from ladder.people.ladders import JOBCLASS_FIELDS, owner_label
from ladder.people.models import CertificationType, JobClass, Ladder

WIDGET_CLASSES = {
    forms.Select: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.TextInput: "usa-input",
    forms.NumberInput: "usa-input",
}


def style_uswds(form: forms.BaseForm) -> None:
    """USWDS classes on the widgets that _form_fields.html renders as they are."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue  # Django's nested label markup does not suit USWDS's checkbox styling.
        for widget_type, css in WIDGET_CLASSES.items():
            if isinstance(widget, widget_type):
                widget.attrs.setdefault("class", css)
                break


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields (others above the form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = name if name in form.fields else None
        for error in errors:
            if target is None and name != NON_FIELD_ERRORS:
                form.add_error(None, ValidationError(f"{name}: {'; '.join(error.messages)}"))
            else:
                form.add_error(target, error)


class JobClassLabelMixin:
    def label_from_instance(self, obj: JobClass) -> str:
        return f"{obj.name} — {owner_label(obj)}"


class JobClassChoiceField(JobClassLabelMixin, forms.ModelChoiceField):  # type: ignore[type-arg]
    pass


class JobClassMultipleChoiceField(  # type: ignore[misc]
    JobClassLabelMixin,
    forms.ModelMultipleChoiceField,  # type: ignore[type-arg]
):
    pass


class JobClassForm(forms.Form):
    """A job class and its requirements; with owner choices it is the creation form."""

    def __init__(
        self,
        *args: Any,
        instance: JobClass | None = None,
        owner_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=self.model_fields()))
        super().__init__(*args, **kwargs)
        if owner_choices is not None:
            self.fields["owner"] = forms.ChoiceField(
                label="Belongs to",
                choices=[("", "— Choose —"), *owner_choices],
                help_text="A network template is shared by every member library; a library's "
                "own class only by that library.",
            )
            if len(owner_choices) == 1:
                self.fields["owner"].initial = owner_choices[0][0]
        self.fields.update(fields_for_model(JobClass, fields=self.model_fields()))
        self.fields["code"].help_text = (
            "Short identifier used in imports and the API, e.g. library-assistant. Lowercase "
            "letters, numbers and hyphens; unique for the network or library."
        )
        self.fields["is_professional"].label = "Professional post"
        self.fields["is_professional"].help_text = "A librarian's post rather than support staff."
        self.fields["is_management"].label = "Management post"
        certs = self.fields["required_certifications"]
        assert isinstance(certs, forms.ModelMultipleChoiceField)
        certs.widget = forms.CheckboxSelectMultiple()
        certs.queryset = CertificationType.objects.order_by("name")
        certs.help_text = "A person in this class must hold each certification checked."
        style_uswds(self)

    @staticmethod
    def model_fields() -> list[str]:
        return [*JOBCLASS_FIELDS, "required_certifications"]

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.model_fields()}
        data["required_certifications"] = list(data["required_certifications"])
        return data


class CertificationTypeForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example: Library Support Staff (LSSC).")
    issuer = forms.CharField(max_length=200, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_uswds(self)


class LadderCreateForm(forms.Form):
    owner = forms.ChoiceField(
        label="Belongs to",
        help_text="A network template can be adopted or copied by every member library.",
    )
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    job_classes = JobClassMultipleChoiceField(
        queryset=JobClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Steps",
        help_text="Check the job classes on this ladder. They start ordered by their "
        "requirements, lowest first; you can reorder them on the next page.",
        error_messages={"required": "Choose at least one job class for the ladder."},
    )

    def __init__(
        self,
        *args: Any,
        owner_choices: list[tuple[str, str]],
        job_classes: QuerySet[JobClass],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = [("", "— Choose —"), *owner_choices]
        if len(owner_choices) == 1:
            owner.initial = owner_choices[0][0]
        steps = self.fields["job_classes"]
        assert isinstance(steps, forms.ModelMultipleChoiceField)
        steps.queryset = job_classes
        style_uswds(self)

    def ordered_job_classes(self) -> list[JobClass]:
        """Lowest requirements first: the usual shape of a career ladder."""
        return sorted(
            self.cleaned_data["job_classes"],
            key=lambda jc: (
                jc.min_education,
                jc.is_professional,
                jc.is_management,
                jc.min_years_experience,
                jc.name,
            ),
        )


class LadderStepsForm(forms.Form):
    """Positions and removals for the ladder's current steps: position numbers reorder
    without drag-and-drop."""

    def __init__(self, *args: Any, steps: list[JobClass], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.steps = steps
        for index, job_class in enumerate(steps, start=1):
            self.fields[f"position_{job_class.pk}"] = forms.IntegerField(
                label=f"Position of {job_class.name}",
                min_value=1,
                initial=index,
                error_messages={"required": f"Give {job_class.name} a position number."},
            )
            self.fields[f"remove_{job_class.pk}"] = forms.BooleanField(
                label=f"Remove {job_class.name}", required=False
            )
        style_uswds(self)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "job_class": jc,
                "position": self[f"position_{jc.pk}"],
                "remove": self[f"remove_{jc.pk}"],
            }
            for jc in self.steps
        ]

    def kept_in_order(self) -> list[JobClass]:
        """The remaining steps by their new position numbers (ties keep the old order)."""
        kept = [
            (self.cleaned_data[f"position_{jc.pk}"], index, jc)
            for index, jc in enumerate(self.steps)
            if not self.cleaned_data[f"remove_{jc.pk}"]
        ]
        return [jc for _, _, jc in sorted(kept, key=lambda row: (row[0], row[1]))]


class AddStepForm(forms.Form):
    job_class = JobClassChoiceField(
        queryset=JobClass.objects.none(),
        required=False,
        label="Add a job class",
        empty_label="— None —",
    )
    position = forms.IntegerField(
        label="At position",
        min_value=1,
        required=False,
        help_text="Leave empty to add it as the last (highest) step.",
    )

    def __init__(self, *args: Any, choices: QuerySet[JobClass], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        field = self.fields["job_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices
        style_uswds(self)

    def insert_into(self, steps: list[JobClass]) -> list[JobClass]:
        job_class = self.cleaned_data["job_class"]
        if job_class is None:
            return steps
        position = self.cleaned_data["position"] or len(steps) + 1
        index = min(position, len(steps) + 1) - 1
        return [*steps[:index], job_class, *steps[index:]]


class LadderCopyForm(forms.Form):
    library = forms.ChoiceField(label="Library")
    name = forms.CharField(
        max_length=120,
        required=False,
        label="Name of the copy",
        help_text="Leave empty to name it after the template and your library.",
    )

    def __init__(
        self, *args: Any, ladder: Ladder, libraries: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = libraries
        if len(libraries) == 1:
            field.initial = libraries[0][0]
        style_uswds(self)
