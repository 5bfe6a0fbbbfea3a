"""Forms for the catalogue, offerings and sessions. They parse input; the services hold the
rules (a restriction needs a reason, a session needs a date, a deadline before the start …)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from ladder.core.access import Access
from ladder.learning import selectors
from ladder.learning.models import Offering, Session
from ladder.orgs.forms import DateInput, RegionChoiceField, ServiceModelForm, UswdsMixin
from ladder.orgs.models import Branch, Library, Membership, Network, Region
from ladder.orgs.selectors import current_membership_q, regions_with_network
from ladder.people.models import JobClass, Person
from ladder.skills.models import Competency


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CompetencyChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area.name} — {obj.name}"


def _competencies() -> QuerySet[Competency]:
    return Competency.objects.select_related("area", "framework").order_by(
        "framework__name", "area__position", "position", "name"
    )


# --- the catalogue's filters --------------------------------------------------------------


class CatalogueFilterForm(UswdsMixin, forms.Form):
    q = forms.CharField(label="Search title, description or topic", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Offering.Kind.choices]
    )
    competency = CompetencyChoiceField(
        label="Competency",
        required=False,
        queryset=Competency.objects.none(),
        empty_label="Any competency",
    )
    region = RegionChoiceField(
        label="Region", required=False, queryset=Region.objects.none(), empty_label="Any region"
    )
    date_from = forms.DateField(label="From", required=False, widget=DateInput)
    date_to = forms.DateField(label="To", required=False, widget=DateInput)
    format = forms.ChoiceField(
        label="Online or in person",
        required=False,
        choices=[
            ("", "Either"),
            (selectors.FORMAT_ONLINE, "Online"),
            (selectors.FORMAT_IN_PERSON, "In person"),
        ],
    )
    free = forms.BooleanField(label="Free only", required=False)
    seats = forms.BooleanField(label="Seats left only", required=False)
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[("", "Soonest first"), ("near", "Nearest to my branch first")],
    )

    def __init__(self, *args: Any, calendar: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = _competencies()  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions_with_network()  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        if calendar:
            # The month decides the dates shown, and a month grid has no order to choose.
            for name in ("date_from", "date_to", "order"):
                del self.fields[name]
        self.style_widgets()

    def filters(self) -> dict[str, Any]:
        """The valid filters for catalogue_sessions; a bad value is ignored, not an error."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None, False)}
        data.pop("order", None)
        return data

    @property
    def near(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("order") == "near"


# --- offerings ------------------------------------------------------------------------------


class OfferingForm(ServiceModelForm):
    class Meta:
        model = Offering
        fields = [
            "title",
            "kind",
            "description",
            "provider_kind",
            "provider_library",
            "provider_network",
            "provider_name",
            "ce_hours",
            "ce_credits",
            "fee",
            "paid_by",
            "audience_job_classes",
            "audience_libraries",
            "restriction_reason",
            "offer_hold_hours",
            "is_published",
        ]
        labels = {
            "provider_kind": "Provided by",
            "provider_library": "Library",
            "provider_network": "Network",
            "provider_name": "External provider's name",
            "paid_by": "Who pays",
            "restriction_reason": "Reason for the restriction",
            "is_published": "Published in the catalogue",
        }
        help_texts = {
            "provider_library": "The library that provides it, or publishes an external "
            "provider's offering.",
            "provider_network": "The network that provides it, or publishes an external "
            "provider's offering.",
            "audience_job_classes": "Leave empty: open to every job class, pages included.",
            "audience_libraries": "Leave empty: open to the staff of every library it serves.",
            "restriction_reason": "Needed when you restrict the audience; the people it leaves "
            "out are shown it.",
        }
        widgets = {
            "audience_job_classes": forms.CheckboxSelectMultiple(attrs={"class": ""}),
            "audience_libraries": forms.CheckboxSelectMultiple(attrs={"class": ""}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "restriction_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        libraries = Library.objects.order_by("name")
        networks = Network.objects.order_by("name")
        if not access.is_site_admin:
            libraries = libraries.filter(pk__in=access.admin_library_ids)
            networks = networks.filter(pk__in=access.coordinator_network_ids)
        self.fields["provider_library"].queryset = libraries  # type: ignore[attr-defined]
        self.fields["provider_network"].queryset = networks  # type: ignore[attr-defined]
        # Job classes: the network templates and the classes of the user's own libraries.
        self.fields["audience_job_classes"].queryset = JobClass.objects.filter(  # type: ignore[attr-defined]
            Q(library__isnull=True) | Q(library_id__in=libraries.values("pk"))
        ).order_by("name", "pk")
        members = Membership.objects.filter(current_membership_q(), network__in=networks)
        self.fields["audience_libraries"].queryset = Library.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=libraries.values("pk")) | Q(pk__in=members.values("library_id"))
        ).order_by("name")

    def service_fields(self) -> dict[str, Any]:
        return {
            **self.cleaned_data,
            "audience_job_classes": list(self.cleaned_data["audience_job_classes"]),
            "audience_libraries": list(self.cleaned_data["audience_libraries"]),
        }


class OfferingCompetencyForm(UswdsMixin, forms.Form):
    competency = CompetencyChoiceField(queryset=Competency.objects.none(), label="Competency")
    level = forms.IntegerField(
        label="Level reached",
        required=False,
        min_value=0,
        max_value=10,
        help_text="Leave empty to remove the competency from the offering.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = _competencies()  # type: ignore[attr-defined]
        self.style_widgets()


# --- sessions -------------------------------------------------------------------------------


US_ZONES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
]


@cache
def _zone_choices() -> list[tuple[str, Any]]:
    us = {name for name, _ in US_ZONES}
    names = sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and "Etc" not in z and z not in us
    )
    others = [(name, name.replace("_", " ")) for name in names]
    return [("United States", US_ZONES), ("Elsewhere", others)]


class BranchChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.library.name} — {obj.name}"


class FacilitatorsField(forms.CharField):
    """E-mail addresses, separated by commas, spaces or new lines, of people in Ladder."""

    def clean(self, value: Any) -> list[Person]:  # type: ignore[override]
        text = super().clean(value) or ""
        emails = [e.lower() for e in re.split(r"[\s,;]+", text) if e]
        if not emails:
            return []
        found = {p.email: p for p in Person.objects.filter(email__in=emails, is_active=True)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise forms.ValidationError(f"No one in Ladder has the e-mail {', '.join(missing)}.")
        return [found[e] for e in dict.fromkeys(emails)]


class SessionForm(ServiceModelForm):
    timezone = forms.ChoiceField(
        label="Time zone", choices=(), initial=Session._meta.get_field("timezone").default
    )
    venue_branch = BranchChoiceField(
        label="Branch",
        queryset=Branch.objects.none(),
        required=False,
        empty_label="Not at a branch",
    )
    online_url = forms.URLField(
        label="Online link",
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="For a webinar, or to join a session at a branch from afar.",
    )
    registration_deadline = forms.DateTimeField(
        label="Registration deadline",
        required=False,
        widget=DateTimeLocalInput,
        help_text="In the session's time zone. Leave empty to allow registration until it starts.",
    )
    facilitators = FacilitatorsField(
        label="Facilitators' e-mail addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="They see the roster and mark attendance.",
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "timezone",
            "venue_branch",
            "venue_address",
            "online_url",
            "region",
            "capacity",
            "registration_deadline",
        ]
        labels = {"venue_address": "Another address", "capacity": "Capacity (seats)"}
        help_texts = {
            "venue_address": "When it is not at a branch.",
            "region": "Filled in from the branch's library when left empty.",
        }

    def __init__(self, *args: Any, offering: Offering, **kwargs: Any) -> None:
        session = kwargs.get("instance")
        if session is not None and session.pk:
            zone = zoneinfo.ZoneInfo(session.timezone)
            initial = kwargs.setdefault("initial", {})
            initial["facilitators"] = "\n".join(p.email for p in session.facilitators.all())
            if session.registration_deadline:
                local = session.registration_deadline.astimezone(zone).replace(tzinfo=None)
                initial["registration_deadline"] = local
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = _zone_choices()  # type: ignore[attr-defined]
        branches = Branch.objects.select_related("library").order_by("library__name", "name")
        regions = regions_with_network()
        if offering.provider_library_id is not None:
            branches = branches.filter(library_id=offering.provider_library_id)
        elif offering.provider_network_id is not None:
            members = Membership.objects.filter(
                current_membership_q(), network_id=offering.provider_network_id
            )
            branches = branches.filter(library_id__in=members.values("library_id"))
            regions = regions.filter(network_id=offering.provider_network_id)
        self.fields["venue_branch"].queryset = branches  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.style_widgets()

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        deadline = data.get("registration_deadline")
        if deadline is not None:
            # The form read the wall-clock time in the site's zone; the service places it in
            # the session's own zone.
            data["registration_deadline"] = timezone.make_naive(deadline)
        return data

    @property
    def zone(self) -> zoneinfo.ZoneInfo | None:
        name = self.cleaned_data.get("timezone") if hasattr(self, "cleaned_data") else None
        return zoneinfo.ZoneInfo(name) if name else None


class DateRowForm(UswdsMixin, forms.Form):
    """One meeting of a session: a day, and start and end times on it."""

    day = forms.DateField(label="Day", required=False, widget=DateInput)
    starts = forms.TimeField(label="Starts", required=False, widget=TimeInput(format="%H:%M"))
    ends = forms.TimeField(label="Ends", required=False, widget=TimeInput(format="%H:%M"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get("day"), data.get("starts"), data.get("ends")]
        if any(v is not None for v in values):
            for name, value in zip(("day", "starts", "ends"), values, strict=True):
                if value is None and name not in self.errors:
                    self.add_error(name, "Fill in the day, the start and the end.")
        return data

    def pair(self, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime] | None:
        data = self.cleaned_data
        if not data or data.get("day") is None or data.get("starts") is None:
            return None
        if data.get("ends") is None:
            return None
        return (
            dt.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            dt.datetime.combine(data["day"], data["ends"], tzinfo=zone),
        )


DateRowFormSet = forms.formset_factory(DateRowForm, extra=0, max_num=30, validate_max=True)


def date_formset(
    data: Any = None, *, session: Session | None = None, blank_rows: int = 2
) -> forms.BaseFormSet[Any]:
    """The dates of a session as rows, with blank rows to add more (no JavaScript needed)."""
    initial = []
    if session is not None and session.pk:
        zone = zoneinfo.ZoneInfo(session.timezone)
        for date in session.dates.all():
            start, end = date.starts_at.astimezone(zone), date.ends_at.astimezone(zone)
            initial.append({"day": start.date(), "starts": start.time(), "ends": end.time()})
    initial += [{} for _ in range(blank_rows if initial else blank_rows + 1)]
    return DateRowFormSet(data, initial=initial, prefix="dates")


def formset_dates(
    formset: forms.BaseFormSet[Any], zone: zoneinfo.ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    pairs = (form.pair(zone) for form in formset.forms)  # type: ignore[attr-defined]
    return [pair for pair in pairs if pair is not None]


class SessionCancelForm(UswdsMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The people registered are told this.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
