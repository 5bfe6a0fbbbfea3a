"""Forms of the certification pages: they parse, the services validate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from ladder.certifications.models import PartCompletion, Scheme
from ladder.certifications.schemes import EDITABLE_FIELDS
from ladder.learning.models import TrainingRecord
from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.orgs.models import Library, Network


class _Styled(UswdsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class StartForm(_Styled):
    scheme = forms.ModelChoiceField(label="Certification scheme", queryset=Scheme.objects.none())

    def __init__(self, *args: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]


class AdoptForm(_Styled):
    network = forms.ModelChoiceField(label="Adopt for network", queryset=Network.objects.none())

    def __init__(self, *args: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]


class SchemeEditForm(UswdsMixin, forms.ModelForm[Any]):
    """The scheme's fields plus one minimum per category and one factor per conversion."""

    class Meta:
        model = Scheme
        fields = EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scheme: Scheme = self.instance
        for field in self.fields.values():
            # The service checks these rules and names them; let the page show its message.
            field.validators = []
            if hasattr(field, "min_value"):
                field.min_value = None
                field.widget.attrs.pop("min", None)
        for category in scheme.categories.all():
            self.fields[f"cat_{category.code}"] = forms.DecimalField(
                label=f"Minimum hours of {category.name} per cycle",
                initial=category.min_hours,
                decimal_places=1,
                max_digits=6,
            )
        for conversion in scheme.conversions.all():
            key = conversion.unit or conversion.activity_kind
            label = (
                f"Contact hours per {conversion.get_unit_display().lower()}"
                if conversion.unit
                else f"Factor for a {conversion.activity_kind}"
            )
            self.fields[f"conv_{key}"] = forms.DecimalField(
                label=label, initial=conversion.factor, decimal_places=3, max_digits=6
            )
        self.style_widgets()

    def _post_clean(self) -> None:
        # Parse only: the service validates the rules and saves.
        pass

    def split(self) -> tuple[dict[str, Any], dict[str, Decimal], dict[str, Decimal]]:
        data = self.cleaned_data
        values = {name: data[name] for name in EDITABLE_FIELDS if name in data}
        cats = {k[4:]: v for k, v in data.items() if k.startswith("cat_")}
        convs = {k[5:]: v for k, v in data.items() if k.startswith("conv_")}
        return values, cats, convs


class PartForm(_Styled):
    part = forms.ChoiceField(label="Part")
    method = forms.ChoiceField(label="Completed by", choices=PartCompletion.Method.choices)
    training_record = forms.ModelChoiceField(
        label="Training record that covers it",
        queryset=TrainingRecord.objects.none(),
        required=False,
    )
    completed_on = forms.DateField(label="Completed on", widget=DateInput())
    note = forms.CharField(label="Note", max_length=255, required=False)

    def __init__(self, *args: Any, parts: list[tuple[int, str]], records: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["part"].choices = parts  # type: ignore[attr-defined]
        self.fields["training_record"].queryset = records  # type: ignore[attr-defined]


class DateForm(_Styled):
    on = forms.DateField(label="Date", widget=DateInput())
    grade = forms.ChoiceField(label="Grade", required=False)

    def __init__(self, *args: Any, grades: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if grades:
            self.fields["grade"].choices = [("", "—"), *[(g, g) for g in grades]]  # type: ignore[attr-defined]
        else:
            del self.fields["grade"]


class HeldForm(_Styled):
    scheme = forms.ModelChoiceField(label="Certification", queryset=Scheme.objects.none())
    earned_on = forms.DateField(label="Earned on", widget=DateInput())
    grade = forms.CharField(label="Grade (if the scheme has grades)", required=False)

    def __init__(self, *args: Any, schemes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes  # type: ignore[attr-defined]


class ReportForm(_Styled):
    months = forms.IntegerField(
        label="Expiring within (months)", min_value=1, max_value=60, initial=6, required=False
    )
    library = forms.ModelChoiceField(
        label="Library", queryset=Library.objects.none(), required=False, empty_label="All"
    )

    def __init__(self, *args: Any, libraries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
