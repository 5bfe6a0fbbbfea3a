"""Forms of the shared-learning pages."""

from __future__ import annotations

from django import forms


class LicenceRequestForm(forms.Form):
    start_on = forms.DateField(
        label="Start on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "usa-input"}),
        help_text="Leave empty to start today. If every seat is taken you join the queue "
        "instead, and your window starts the day a seat is yours.",
    )
