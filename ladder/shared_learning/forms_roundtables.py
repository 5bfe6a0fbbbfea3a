"""Forms of the roundtable pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from ladder.learning.models import Session
from ladder.orgs.models import Network
from ladder.people.models import Employment, Person
from ladder.shared_learning.models import Roundtable


def network_staff(network: Network) -> Any:
    """People currently employed at the network's current member libraries: who may convene."""
    today = timezone.localdate()
    libraries = network.memberships.filter(  # type: ignore[attr-defined]
        Q(left_on__isnull=True) | Q(left_on__gte=today), joined_on__lte=today
    ).values("library_id")
    people = Employment.objects.current(today).filter(library_id__in=libraries).values("person_id")
    return Person.objects.filter(pk__in=people).order_by("last_name", "first_name")


class RoundtableForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    conveners = forms.ModelMultipleChoiceField(
        label="Conveners", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["conveners"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = network_staff(network)


class ResourceForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(label="Link", required=False, assume_scheme="https")
    file = forms.FileField(label="File", required=False, help_text="Or upload a file instead.")


class MeetingChoiceField(forms.ModelChoiceField[Session]):
    """Meetings by their date and time (in the site's time zone), newest first."""

    def label_from_instance(self, obj: Session) -> str:
        starts = timezone.localtime(obj.starts_at)
        state = " (cancelled)" if obj.status == Session.Status.CANCELLED else ""
        return f"{starts:%a} {starts.day} {starts:%b %Y, %H:%M}{state}"


class NoteForm(forms.Form):
    session = MeetingChoiceField(label="Meeting", queryset=Session.objects.none())
    body = forms.CharField(label="Notes", widget=forms.Textarea)

    def __init__(self, *args: Any, roundtable: Roundtable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Session.objects.filter(offering_id=roundtable.offering_id)
            .select_related("offering")
            .order_by("-starts_at")
        )


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="Ends", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label="Places", min_value=1, initial=30)
    venue_address = forms.CharField(label="Venue address", required=False, max_length=255)
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https")

    def dates(self) -> list[tuple[dt.datetime, dt.datetime]]:
        return [(self.cleaned_data["starts_at"], self.cleaned_data["ends_at"])]
