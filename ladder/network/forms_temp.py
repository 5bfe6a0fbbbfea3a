"""Forms of the temp agency's pages. They parse input; ladder.network.temp holds the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from ladder.network.models import TempLevel, TempRequest, TempWorker
from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.orgs.models import Branch, Library, Network
from ladder.people.models import Person
from ladder.skills.models import Competency


class BranchChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.library.name} — {obj.name}"


def _competencies() -> forms.ModelMultipleChoiceField[Competency]:
    return forms.ModelMultipleChoiceField(
        label="Competencies",
        queryset=Competency.objects.select_related("framework").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (or Cmd) to choose several.",
    )


class TempRequestForm(UswdsMixin, forms.Form):
    library = forms.ModelChoiceField(label="Library", queryset=Library.objects.none())
    branch = BranchChoiceField(
        label="Branch", queryset=Branch.objects.none(), required=False, empty_label="Any branch"
    )
    level = forms.ChoiceField(label="Level", choices=TempLevel.choices)
    term = forms.ChoiceField(label="Term", choices=TempRequest.Term.choices)
    starts_on = forms.DateField(label="First day", widget=DateInput)
    ends_on = forms.DateField(label="Last day", widget=DateInput)
    weekly_hours = forms.DecimalField(
        label="Hours a week", min_value=Decimal("1"), max_value=Decimal("60"), decimal_places=1
    )
    competencies = _competencies()
    duties = forms.CharField(
        label="Duties", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
        self.fields["branch"].queryset = (  # type: ignore[attr-defined]
            Branch.objects.filter(library__in=libraries)
            .select_related("library")
            .order_by("library__name", "name")
        )
        self.style_widgets()


class TempWorkerForm(UswdsMixin, forms.Form):
    level = forms.ChoiceField(label="Level", choices=TempLevel.choices)
    competencies = _competencies()
    home_city = forms.CharField(label="Home town", required=False, max_length=120)
    home_latitude = forms.DecimalField(
        label="Home latitude", required=False, max_digits=9, decimal_places=6
    )
    home_longitude = forms.DecimalField(
        label="Home longitude", required=False, max_digits=9, decimal_places=6
    )
    available_from = forms.DateField(label="Available from", widget=DateInput)
    available_until = forms.DateField(
        label="Available until", widget=DateInput, required=False, help_text="Empty: open-ended."
    )
    max_weekly_hours = forms.DecimalField(
        label="Most hours a week",
        min_value=Decimal("1"),
        max_value=Decimal("60"),
        decimal_places=1,
        initial=Decimal("40"),
    )
    is_active = forms.BooleanField(label="Active on the roster", required=False, initial=True)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    @staticmethod
    def initial_from(worker: TempWorker) -> dict[str, Any]:
        fields = [
            "level",
            "home_city",
            "home_latitude",
            "home_longitude",
            "available_from",
            "available_until",
            "max_weekly_hours",
            "is_active",
            "notes",
        ]
        initial = {name: getattr(worker, name) for name in fields}
        initial["competencies"] = list(worker.competencies.all())
        return initial


class NewTempWorkerForm(TempWorkerForm):
    network = forms.ModelChoiceField(label="Network", queryset=Network.objects.none())
    email = forms.EmailField(label="E-mail of the person", help_text="They must have a login.")

    field_order = ["network", "email"]

    def __init__(self, *args: Any, networks: QuerySet[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        if len(networks) == 1:
            self.fields["network"].initial = networks[0]

    def clean_email(self) -> Person:
        email = self.cleaned_data["email"]
        person = Person.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(f"Nobody with a login has the e-mail {email}.")
        return person


class PlaceForm(UswdsMixin, forms.Form):
    worker = forms.ModelChoiceField(label="Worker", queryset=TempWorker.objects.none())
    starts_on = forms.DateField(label="First day", widget=DateInput, required=False)
    ends_on = forms.DateField(label="Last day", widget=DateInput, required=False)
    weekly_hours = forms.DecimalField(
        label="Hours a week",
        min_value=Decimal("1"),
        max_value=Decimal("60"),
        decimal_places=1,
        required=False,
    )

    def __init__(self, *args: Any, request: TempRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = TempWorker.objects.filter(  # type: ignore[attr-defined]
            network_id=request.network_id
        ).select_related("person")
        self.style_widgets()
