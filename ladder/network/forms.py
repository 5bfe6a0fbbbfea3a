"""Forms of the network pages: the regional workshop planner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from ladder.network.planner import check_k
from ladder.orgs.forms import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"


def _check_k(form: forms.Form, k: int | None, candidates: int) -> None:
    try:
        check_k(k, candidates)
    except forms.ValidationError as exc:
        form.add_error("k", exc.message_dict["k"])


class PlanForm(forms.Form):
    k = forms.IntegerField(
        label="Number of sessions (host branches)",
        min_value=1,
        error_messages={"min_value": "Choose at least 1 host branch."},
        help_text="Ladder picks the branches that keep the audience's travel shortest.",
    )

    def __init__(self, *args: Any, candidates: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "k" in cleaned:
            _check_k(self, cleaned["k"], self.candidates)
        return cleaned


class PlannedSessionsForm(PlanForm):
    date = forms.DateField(label="Date", widget=DateInput)
    starts = forms.TimeField(label="Starts at", widget=TimeInput, initial=dt.time(10, 0))
    ends = forms.TimeField(label="Ends at", widget=TimeInput, initial=dt.time(15, 0))
    capacity = forms.IntegerField(
        label="Capacity of each session (seats)",
        min_value=1,
        error_messages={"min_value": "Capacity must be at least 1 seat."},
    )
    also_when_scheduled = forms.BooleanField(
        label="Create them even though the offering already has upcoming sessions",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends", "The session must end after it starts.")
        return cleaned

    def datetimes(self) -> tuple[dt.datetime, dt.datetime]:
        """Naive start and end: the session's time zone applies (see session_create)."""
        day = self.cleaned_data["date"]
        return (
            dt.datetime.combine(day, self.cleaned_data["starts"]),
            dt.datetime.combine(day, self.cleaned_data["ends"]),
        )
