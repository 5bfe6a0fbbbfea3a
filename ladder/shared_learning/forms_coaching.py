"""Forms of the one-on-one teaching pages. They parse input; ladder.shared_learning.coaching
holds the rules (a mentor who is not suggested is refused there)."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.orgs.forms import UswdsMixin
from ladder.people.models import Person
from ladder.shared_learning.coaching import MentorSuggestion
from ladder.skills.models import Competency


class MentorChoiceField(forms.ModelChoiceField[Any]):
    suggestions: dict[int, MentorSuggestion]

    def label_from_instance(self, obj: Any) -> str:
        found = getattr(self, "suggestions", {}).get(obj.pk)
        if found is None:
            return str(obj)
        where = found.branch_name or found.library_name
        level = f", level {found.level}" if found.level is not None else ""
        return f"{obj} — {found.scope} ({where}{level})"


class CoachingAskForm(UswdsMixin, forms.Form):
    competency = forms.ModelChoiceField(
        label="Competency",
        queryset=Competency.objects.select_related("framework").order_by(
            "framework__name", "area__position", "position", "name"
        ),
        required=False,
        help_text="What you want to learn; or leave empty and describe a topic.",
    )
    topic = forms.CharField(
        label="Topic", max_length=200, required=False, help_text="e.g. searching the catalogue."
    )
    mentor = MentorChoiceField(
        label="Mentor",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a mentor",
        help_text="Volunteers who know the subject well, nearest first.",
    )
    details = forms.CharField(
        label="What would you like to learn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    preferred_times = forms.CharField(label="Times that suit you", max_length=200, required=False)
    preferred_place = forms.CharField(label="Where to meet", max_length=200, required=False)

    def __init__(self, *args: Any, suggestions: list[MentorSuggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        assert isinstance(field, MentorChoiceField)
        field.suggestions = {s.person.pk: s for s in suggestions}
        # Any volunteer parses; the service refuses one who is not suggested, with a message.
        field.queryset = Person.objects.filter(is_mentor=True)
        field.choices = [("", field.empty_label or "")] + [  # type: ignore[assignment]
            (s.person.pk, field.label_from_instance(s.person)) for s in suggestions
        ]
        self.style_widgets()


class DecisionForm(UswdsMixin, forms.Form):
    note = forms.CharField(
        label="Note to the learner", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class SessionForm(UswdsMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label="Length (minutes)", min_value=5, max_value=480, initial=60)
    place = forms.CharField(label="Place", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class SessionLogForm(UswdsMixin, forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    held = forms.BooleanField(label="The session took place", required=False)
    minutes = forms.IntegerField(
        label="Minutes it lasted", min_value=5, max_value=480, required=False
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class CompleteForm(UswdsMixin, forms.Form):
    level_reached = forms.IntegerField(
        label="Level the learner reached", min_value=0, max_value=10, required=False
    )
    note = forms.CharField(
        label="Note for the learner's skills log",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
