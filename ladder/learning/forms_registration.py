"""Forms of the registration pages: the few inputs beyond a button."""

from __future__ import annotations

from django import forms


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label="Attendance",
        choices=[("1", "Attended"), ("0", "No-show")],
        coerce=lambda value: value == "1",
    )


class ApprovalFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("requests", "Waiting for a decision"),
            ("upcoming", "All upcoming registrations of my people"),
        ],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )


class MyRegistrationsFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("upcoming", "Upcoming"), ("past", "Past"), ("all", "All")],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
