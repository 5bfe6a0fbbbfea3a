"""Forms of the advisory desk."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.network.models import AdvisoryRequest
from ladder.orgs.models import Library, Network, Role
from ladder.people.models import Person


class AskForm(forms.Form):
    network = forms.ModelChoiceField(label="Network", queryset=Network.objects.all())
    library = forms.ModelChoiceField(
        label="Library",
        queryset=Library.objects.none(),
        required=False,
        help_text="The library you ask for; leave empty if you work at only one.",
    )
    channel = forms.ChoiceField(
        label="How would you like the answer?", choices=AdvisoryRequest.Channel.choices
    )
    topic = forms.CharField(label="Topic", max_length=200)
    question = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, libraries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Answer", widget=forms.Textarea(attrs={"rows": 6}))


class AssignForm(forms.Form):
    consultant = forms.ModelChoiceField(label="Consultant", queryset=Person.objects.none())

    def __init__(self, *args: Any, network_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            roles__kind=Role.Kind.NETWORK_COORDINATOR, roles__network_id=network_id
        ).distinct()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *AdvisoryRequest.Status.choices], required=False
    )
    channel = forms.ChoiceField(
        label="Channel", choices=[("", "Any"), *AdvisoryRequest.Channel.choices], required=False
    )
    library = forms.ModelChoiceField(
        label="Library", queryset=Library.objects.all(), required=False, empty_label="Any"
    )
