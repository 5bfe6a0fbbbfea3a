"""Filters of the library and network eligibility pages."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.careers.eligibility import STATUS_CHOICES
from ladder.orgs.models import Library, Network
from ladder.people.models import JobClass


class LibraryEligibilityFilter(forms.Form):
    library = forms.ModelChoiceField(
        label="Library", queryset=Library.objects.none(), required=False, empty_label="All"
    )
    status = forms.ChoiceField(
        label="Next step", choices=[("", "Any"), *STATUS_CHOICES], required=False
    )
    job_class = forms.ModelChoiceField(
        label="Next job class", queryset=JobClass.objects.none(), required=False, empty_label="Any"
    )

    def __init__(self, *args: Any, libraries: Any, job_classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]
        self.fields["job_class"].queryset = job_classes  # type: ignore[attr-defined]


class NetworkEligibilityFilter(forms.Form):
    network = forms.ModelChoiceField(
        label="Network", queryset=Network.objects.none(), required=False, empty_label=None
    )

    def __init__(self, *args: Any, networks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
