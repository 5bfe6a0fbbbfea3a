"""Forms for the transcript, reported learning, verification and feedback. They parse input;
the services in transcript.py and feedback.py hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from ladder.learning.feedback import RATINGS
from ladder.learning.models import Offering
from ladder.learning.transcript import ReportedCompetency
from ladder.orgs.forms import DateInput
from ladder.people.forms import UswdsMixin
from ladder.skills.models import Competency, Level

# Rows of (competency, level) on the report form: enough for one piece of learning, and a
# page that works without JavaScript.
COMPETENCY_ROWS = 3
GROUPS = [("year", "Year"), ("quarter", "Quarter")]


class TranscriptFilterForm(UswdsMixin, forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=DateInput)
    date_to = forms.DateField(label="To", required=False, widget=DateInput)
    group = forms.ChoiceField(label="Totals by", choices=GROUPS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        data["group"] = data.get("group") or "year"
        return data

    def values(self) -> dict[str, Any]:
        """The filters to apply; invalid input is ignored (the form shows why)."""
        if not self.is_valid():
            return {"date_from": None, "date_to": None, "group": "year"}
        return {k: self.cleaned_data.get(k) for k in ("date_from", "date_to", "group")}


class CompetencyChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area.name} — {obj.name}"


def _competencies() -> QuerySet[Competency]:
    return Competency.objects.select_related("area").order_by(
        "framework__name", "area__position", "position", "name"
    )


def _level_choices() -> list[tuple[str, str]]:
    """The default framework's scale by name; other frameworks' levels are checked by value."""
    levels = Level.objects.filter(framework__is_default=True).order_by("value")
    choices = [(str(lv.value), f"{lv.value} {lv.name}") for lv in levels]
    if not choices:
        choices = [(str(v), str(v)) for v in range(0, 11)]
    return [("", "Level reached"), *choices]


class ExternalLearningForm(UswdsMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Offering.Kind.choices)
    provider = forms.CharField(
        label="Provider",
        max_length=200,
        help_text="Who ran it: an association, a library school, a vendor …",
    )
    completed_on = forms.DateField(label="Date completed", widget=DateInput)
    hours = forms.DecimalField(label="Hours", min_value=0, max_digits=6, decimal_places=2)
    ce_credits = forms.DecimalField(
        label="CE credits", min_value=0, max_digits=6, decimal_places=2, required=False
    )
    file = forms.FileField(
        label="Evidence file",
        help_text="A PDF, PNG or JPEG: a certificate of completion, a receipt or similar.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = _level_choices()
        for i in range(1, COMPETENCY_ROWS + 1):
            self.fields[f"competency_{i}"] = CompetencyChoiceField(
                label=f"Competency {i}",
                queryset=_competencies(),
                required=False,
                empty_label="None",
            )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=f"Level reached in competency {i}", choices=levels, required=False
            )
        self.order_fields([name for name in self.fields if name != "file"] + ["file"])
        self.fields[
            "file"
        ].help_text += f" Up to {max(settings.EVIDENCE_MAX_BYTES // (1024 * 1024), 1)} MB."
        self.style_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, COMPETENCY_ROWS + 1):
            if data.get(f"competency_{i}") and not data.get(f"level_{i}"):
                self.add_error(f"level_{i}", "Choose the level this learning reached.")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        competencies = [
            ReportedCompetency(data[f"competency_{i}"], data[f"level_{i}"])
            for i in range(1, COMPETENCY_ROWS + 1)
            if data.get(f"competency_{i}")
        ]
        return {
            "title": data["title"],
            "kind": data["kind"],
            "provider": data["provider"],
            "completed_on": data["completed_on"],
            "hours": data["hours"],
            "ce_credits": data.get("ce_credits") or 0,
            "competencies": competencies,
            "upload": data["file"],
        }


class RejectForm(UswdsMixin, forms.Form):
    reason = forms.CharField(
        label="Why is it not verified?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the record's history.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()


class FeedbackForm(UswdsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="How would you rate this session?",
        choices=[("", "Choose a rating"), *RATINGS],
        coerce=int,
        help_text="1 is poor, 5 is excellent.",
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What worked, what did not, what you would like next time. "
        "Organisers see comments without your name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()
