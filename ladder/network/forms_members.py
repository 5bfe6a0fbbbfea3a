"""Forms of the membership pages. They parse input; ladder.network.membership holds the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from ladder.orgs.forms import DateInput, UswdsMixin
from ladder.orgs.models import Library


class LibraryChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class JoinForm(UswdsMixin, forms.Form):
    library = LibraryChoiceField(label="Library", queryset=Library.objects.none())
    joined_on = forms.DateField(label="Member from", widget=DateInput, initial=timezone.localdate)
    annual_fee = forms.DecimalField(
        label="Annual fee ($)",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal("0"),
        help_text="0 for a free membership.",
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
        self.style_widgets()


class EndForm(UswdsMixin, forms.Form):
    left_on = forms.DateField(label="Last day as a member", widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
