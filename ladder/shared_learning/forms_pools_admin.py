"""The licence pool form (coordinators and library admins). It parses; pools_admin checks."""

from __future__ import annotations

from typing import Any

from django import forms

from ladder.orgs.forms import UswdsMixin
from ladder.orgs.models import Library, Network
from ladder.shared_learning.pools_admin import PoolData


class PoolForm(UswdsMixin, forms.Form):
    owner = forms.ChoiceField(
        label="Shared by",
        help_text="Who may use it: staff of the network's current member libraries, or of "
        "the library.",
    )
    name = forms.CharField(label="Name", max_length=200)
    platform = forms.CharField(
        label="Platform", max_length=120, help_text="e.g. LinkedIn Learning."
    )
    url = forms.URLField(label="Address", required=False, assume_scheme="https")
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    seats = forms.IntegerField(label="Seats", min_value=1, max_value=100_000, initial=1)
    window_days = forms.IntegerField(
        label="Access window (days)", min_value=1, max_value=366, initial=14
    )
    cooldown_days = forms.IntegerField(
        label="Cooldown (days)",
        min_value=0,
        max_value=3660,
        initial=90,
        help_text="Days after a window ends before the person may ask again.",
    )
    max_start_delay_days = forms.IntegerField(
        label="Latest start (days ahead)",
        min_value=0,
        max_value=366,
        initial=14,
        help_text="How far ahead a person may choose their window's start.",
    )
    active = forms.BooleanField(label="Takes requests", required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        networks: Any = None,
        libraries: Any = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["owner"]
        else:
            choices = [(f"network:{n.pk}", f"{n} (network)") for n in networks or []]
            choices += [(f"library:{lib.pk}", f"{lib} (library)") for lib in libraries or []]
            self.fields["owner"].choices = choices  # type: ignore[attr-defined]
        self.style_widgets()

    def owner_objects(self) -> tuple[Network | None, Library | None]:
        kind, _, pk = self.cleaned_data["owner"].partition(":")
        if kind == "network":
            return Network.objects.get(pk=int(pk)), None
        return None, Library.objects.get(pk=int(pk))

    def pool_data(self) -> PoolData:
        d = self.cleaned_data
        return PoolData(
            name=d["name"],
            platform=d["platform"],
            url=d["url"],
            description=d["description"],
            seats=d["seats"],
            window_days=d["window_days"],
            cooldown_days=d["cooldown_days"],
            max_start_delay_days=d["max_start_delay_days"],
            active=d["active"],
        )
