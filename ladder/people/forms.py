"""Forms for people's pages. They only parse input: the services validate and write.

Plain forms built from the model fields (not ModelForms), so a form never changes a model
instance behind the service's back and the service's field messages land on the fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db.models import Model, Q, QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone

from ladder.core.access import Access
from ladder.orgs.models import Branch, Library, Region
from ladder.people.account import person_sessions_end
from ladder.people.models import Credential, Employment, JobClass, Person, PriorExperience
from ladder.people.selectors import FULL_TIME, PART_TIME, directory_libraries


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UswdsMixin:
    """USWDS classes on every widget, and error state wired to the field's messages."""

    fields: dict[str, forms.Field]

    def style_fields(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "usa-checkbox__input"
            elif isinstance(widget, forms.Select):
                css = "usa-select"
            elif isinstance(widget, forms.Textarea):
                css = "usa-textarea"
            elif isinstance(widget, forms.FileInput):
                css = "usa-file-input"
            else:
                css = "usa-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        form: Any = self
        for name in list(form.errors):
            if name not in self.fields:
                continue
            bound = form[name]
            widget = self.fields[name].widget
            described = [f"{bound.auto_id}-error-{i}" for i in range(1, len(form.errors[name]) + 1)]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)
            widget.attrs["aria-invalid"] = "true"
            if "usa-input--error" not in widget.attrs.get("class", "") and not isinstance(
                widget, forms.CheckboxInput
            ):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} usa-input--error".strip()


class ModelFieldsForm(UswdsMixin, forms.Form):
    """A form whose fields come from a model's fields (labels, choices, lengths, help text)."""

    model: ClassVar[type[Model]]
    field_names: ClassVar[list[str]]
    widgets: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        *args: Any,
        instance: Model | None = None,
        only: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        names = only if only is not None else self.field_names
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=names)
        super().__init__(*args, **kwargs)
        generated = fields_for_model(self.model, fields=names, widgets=self.widgets)
        for name in names:
            if generated.get(name) is not None:
                self.fields[name] = generated[name]
        self.style_fields()


@dataclass
class FieldGroup:
    """Part of a form, shaped so core/_form_fields.html can render it inside a fieldset."""

    visible_fields: list[forms.BoundField]
    hidden_fields: list[forms.BoundField] = dc_field(default_factory=list)
    non_field_errors: list[str] = dc_field(default_factory=list)


def apply_errors(form: forms.Form, error: Any) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# --- directory -----------------------------------------------------------------------------


class DirectoryFilterForm(UswdsMixin, forms.Form):
    q = forms.CharField(
        label="Search", help_text="A name or an e-mail address.", required=False, max_length=200
    )
    library = forms.ModelChoiceField(
        queryset=Library.objects.none(), required=False, empty_label="Any library"
    )
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.none(), required=False, empty_label="Any branch"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, empty_label="Any region"
    )
    job_class = forms.ModelChoiceField(
        queryset=JobClass.objects.none(), required=False, empty_label="Any job class"
    )
    schedule = forms.ChoiceField(
        label="Part-time or full-time",
        required=False,
        choices=[("", "Either"), (FULL_TIME, "Full-time"), (PART_TIME, "Part-time")],
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        libraries = directory_libraries(access)
        fields: Any = self.fields
        fields["library"].queryset = libraries
        fields["region"].queryset = Region.objects.filter(
            pk__in=libraries.exclude(region=None).values("region_id")
        )
        fields["branch"].queryset = Branch.objects.filter(
            library_id__in=libraries.values("pk")
        ).select_related("library")
        fields["branch"].label_from_instance = lambda b: f"{b.name} ({b.library.name})"
        fields["job_class"].queryset = JobClass.objects.filter(
            Q(library__isnull=True) | Q(library_id__in=libraries.values("pk"))
        ).order_by("name", "pk")
        self.style_fields()


# --- profile -------------------------------------------------------------------------------


class ProfileForm(ModelFieldsForm):
    model = Person
    field_names: ClassVar[list[str]] = [
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "phone",
        "bio",
        "is_mentor",
    ]
    widgets: ClassVar[dict[str, Any]] = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, with_email: bool = False, **kwargs: Any) -> None:
        # Admins may correct the sign-in address; a person asks an admin to.
        names = ["email", *self.field_names] if with_email else self.field_names
        super().__init__(*args, only=names, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True


class StaffPersonForm(ModelFieldsForm):
    model = Person
    field_names: ClassVar[list[str]] = [
        "email",
        "first_name",
        "last_name",
        "preferred_name",
        "pronouns",
        "phone",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("email", "first_name", "last_name"):
            self.fields[name].required = True


class LibraryChoiceForm(UswdsMixin, forms.Form):
    library = forms.ModelChoiceField(queryset=Library.objects.none(), empty_label=None)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["library"]
        field.queryset = libraries
        self.style_fields()


class EmploymentForm(ModelFieldsForm):
    """The job at one library: its branches, job classes and supervisors only."""

    model = Employment
    field_names: ClassVar[list[str]] = [
        "job_class",
        "title",
        "branch",
        "weekly_hours",
        "benefits_eligible",
        "supervisor",
        "start_date",
        "end_date",
    ]
    widgets: ClassVar[dict[str, Any]] = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(
        self,
        *args: Any,
        library: Library,
        person: Person | None = None,
        with_end_date: bool = True,
        **kwargs: Any,
    ) -> None:
        names = [n for n in self.field_names if with_end_date or n != "end_date"]
        super().__init__(*args, only=names, **kwargs)
        fields: Any = self.fields
        fields["job_class"].queryset = JobClass.objects.available_to_library(library.pk).order_by(
            "name", "pk"
        )
        fields["branch"].queryset = Branch.objects.filter(library=library)
        supervisors = Person.objects.filter(
            pk__in=Employment.objects.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()), library=library
            ).values("person_id")
        )
        if person is not None and person.pk:
            supervisors = supervisors.exclude(pk=person.pk)
        fields["supervisor"].queryset = supervisors
        fields["supervisor"].label_from_instance = lambda p: p.display_name
        fields[
            "weekly_hours"
        ].help_text = (
            f"Full-time at {library.name} is {library.full_time_threshold} hours a week or more."
        )


class EmploymentEndForm(UswdsMixin, forms.Form):
    end_date = forms.DateField(label="Last day", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class CredentialForm(ModelFieldsForm):
    model = Credential
    field_names: ClassVar[list[str]] = [
        "kind",
        "status",
        "degree_level",
        "field",
        "institution",
        "accredited",
        "certification_type",
        "issuer",
        "expires_on",
        "renewal_hours",
        "started_on",
        "awarded_on",
    ]
    widgets: ClassVar[dict[str, Any]] = {
        "expires_on": DateInput(),
        "started_on": DateInput(),
        "awarded_on": DateInput(),
    }

    # Shown as two groups on the page: what only a degree has, what only a certification has.
    degree_fields: ClassVar[list[str]] = ["degree_level", "field", "institution", "accredited"]
    certification_fields: ClassVar[list[str]] = [
        "certification_type",
        "issuer",
        "expires_on",
        "renewal_hours",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Blank choices ("---------") read badly with a screen reader; say what they mean.
        kind: Any = self.fields["kind"]
        kind.choices = [("", "Choose degree or certification"), *list(kind.choices)[1:]]
        level: Any = self.fields["degree_level"]
        level.choices = [("", "Choose a level"), *list(level.choices)[1:]]
        cert_type: Any = self.fields["certification_type"]
        cert_type.empty_label = "Other (name the issuer)"

    def _group(self, names: list[str], *, with_errors: bool = False) -> FieldGroup:
        return FieldGroup(
            visible_fields=[self[name] for name in names if name in self.fields],
            non_field_errors=[str(e) for e in self.non_field_errors()] if with_errors else [],
        )

    @property
    def common_part(self) -> FieldGroup:
        special = set(self.degree_fields) | set(self.certification_fields)
        return self._group([n for n in self.fields if n not in special], with_errors=True)

    @property
    def degree_part(self) -> FieldGroup:
        return self._group(self.degree_fields)

    @property
    def certification_part(self) -> FieldGroup:
        return self._group(self.certification_fields)


class EvidenceForm(UswdsMixin, forms.Form):
    file = forms.FileField(
        label="Evidence file",
        help_text="A PDF, PNG or JPEG, such as a diploma, transcript or certificate.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, max_bytes: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_bytes:
            self.fields["file"].help_text += f" Up to {max(max_bytes // (1024 * 1024), 1)} MB."
        self.style_fields()


class ExperienceForm(ModelFieldsForm):
    model = PriorExperience
    field_names: ClassVar[list[str]] = [
        "employer",
        "role",
        "start_date",
        "end_date",
        "hours_per_week",
        "is_library_work",
    ]
    widgets: ClassVar[dict[str, Any]] = {"start_date": DateInput(), "end_date": DateInput()}


class ApiTokenForm(UswdsMixin, forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=100,
        help_text="What the token is for, e.g. 'reporting spreadsheet'.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class StaffPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches staff who have never set a password.

    Django's form skips accounts with an unusable password (meant for external sign-in);
    Ladder has none of those, and reset is how staff added by an admin or an import sign in
    for the first time.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        yield from Person.objects.filter(email__iexact=email.strip(), is_active=True)


if TYPE_CHECKING:
    # Generic in django-stubs only; django_stubs_ext does not make it subscriptable at run time.
    _SetPasswordForm = SetPasswordForm[Person]
else:
    _SetPasswordForm = SetPasswordForm


class StaffSetPasswordForm(_SetPasswordForm):
    """The password reset's last step: the new password also ends every other session and
    revokes the person's API tokens (whoever asked for the reset may not be them)."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            person_sessions_end(person=user, reason="password reset")
        return user
