"""Forms of the page where a coordinator adds, changes and removes a network scheme's parts,
categories (with minimum hours) and conversion factors. They parse; `schemes.py` validates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from ladder.certifications.models import ConversionFactor, SchemeCategory, SchemePart
from ladder.certifications.scheme_categories import conversion_kinds, conversion_units
from ladder.orgs.forms import UswdsMixin
from ladder.skills.models import ExternalTag


class _Styled(UswdsMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class TagChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.scheme.name}: {obj.name}"


class SchemePartForm(_Styled):
    code = forms.CharField(
        label="Code", max_length=60, help_text="Letters, digits and hyphens; unique in the scheme."
    )
    name = forms.CharField(label="Name", max_length=200)
    is_required = forms.BooleanField(label="Required (otherwise an elective)", required=False)
    external_tag = TagChoiceField(
        label="Covered automatically by verified training tagged",
        queryset=ExternalTag.objects.select_related("scheme").order_by("scheme__name", "name"),
        required=False,
        empty_label="None: completed by an approved course or portfolio only",
    )

    @classmethod
    def for_part(cls, part: SchemePart, data: Any = None) -> SchemePartForm:
        return cls(
            data,
            prefix="part",
            initial={
                "code": part.code,
                "name": part.name,
                "is_required": part.is_required,
                "external_tag": part.external_tag_id,
            },
        )


class SchemeCategoryForm(_Styled):
    code = forms.CharField(
        label="Code",
        max_length=60,
        help_text="Matches a framework area code (technology matches technology-…) or an "
        "external tag code of the training's competencies.",
    )
    name = forms.CharField(label="Name", max_length=120)
    min_hours = forms.DecimalField(label="Minimum contact hours per cycle")

    @classmethod
    def for_category(cls, category: SchemeCategory, data: Any = None) -> SchemeCategoryForm:
        return cls(
            data,
            prefix="category",
            initial={"code": category.code, "name": category.name, "min_hours": category.min_hours},
        )


def _applies_to_choices() -> list[Any]:
    return [
        ("", "Choose…"),
        (
            "Units (contact hours per unit)",
            [(f"unit:{k}", v) for k, v in conversion_units()],
        ),
        (
            "Activity kinds (factor on their hours)",
            [(f"kind:{k}", v) for k, v in conversion_kinds()],
        ),
    ]


class ConversionAddForm(_Styled):
    applies_to = forms.ChoiceField(label="Applies to", choices=_applies_to_choices)
    factor = forms.DecimalField(
        label="Factor",
        help_text="Contact hours per unit (a semester credit = 15), or the share of an "
        "activity's hours that counts (a roundtable at 0.5).",
    )

    def target(self) -> tuple[str, str]:
        """(unit, activity kind) of the chosen target."""
        kind, _, key = self.cleaned_data["applies_to"].partition(":")
        return (key, "") if kind == "unit" else ("", key)


class ConversionFactorForm(_Styled):
    factor = forms.DecimalField(label="Factor")

    @classmethod
    def for_conversion(cls, conversion: ConversionFactor, data: Any = None) -> ConversionFactorForm:
        return cls(data, prefix="conversion", initial={"factor": conversion.factor})

    @property
    def value(self) -> Decimal:
        factor: Decimal = self.cleaned_data["factor"]
        return factor
