"""Forms for the organisation pages. They parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from ladder.core.access import Access
from ladder.orgs import selectors
from ladder.orgs.models import Branch, Library, Network, Region
from ladder.orgs.services import LIBRARY_RULE_FIELDS


class UswdsMixin:
    """Give each widget the USWDS class the shared _form_fields partial expects."""

    fields: dict[str, forms.Field]

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "usa-checkbox__input"
            elif isinstance(widget, forms.Select):
                css = "usa-select"
            elif isinstance(widget, forms.Textarea):
                css = "usa-textarea"
            else:
                css = "usa-input"
            widget.attrs.setdefault("class", css)


class ServiceModelForm(UswdsMixin, forms.ModelForm[Any]):
    """A ModelForm that only parses: the service validates and saves.

    ModelForm would copy the input onto the instance and run the model's validation; the
    service does both (and must not receive an already-changed instance to diff against).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def _post_clean(self) -> None:
        pass


def show_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


class DateInput(forms.DateInput):
    input_type = "date"


# --- filters ----------------------------------------------------------------------------


class RegionChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.network.name} — {obj.name}"


class LibraryFilterForm(UswdsMixin, forms.Form):
    q = forms.CharField(label="Search name or city", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Library.Kind.choices]
    )
    region = RegionChoiceField(
        label="Region", required=False, queryset=Region.objects.none(), empty_label="Any region"
    )
    network = forms.ModelChoiceField(
        label="Network", required=False, queryset=Network.objects.none(), empty_label="Any network"
    )
    membership = forms.ChoiceField(
        label="Membership",
        required=False,
        choices=[
            ("", "Current or past"),
            (selectors.MEMBERSHIP_CURRENT, "Current member"),
            (selectors.MEMBERSHIP_PAST, "Former member"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_with_network()  # type: ignore[attr-defined]
        self.fields["network"].queryset = Network.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        self.style_widgets()

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value (say, a deleted region) is ignored, not an error."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class BranchFilterForm(UswdsMixin, forms.Form):
    q = forms.CharField(
        label="Search branch, library, city or address", required=False, max_length=100
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Branch.Kind.choices]
    )
    region = RegionChoiceField(
        label="Region", required=False, queryset=Region.objects.none(), empty_label="Any region"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.regions_with_network()  # type: ignore[attr-defined]
        self.fields["q"].widget.input_type = "search"  # type: ignore[attr-defined]
        self.style_widgets()

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


# --- regions, libraries, memberships, branches -------------------------------------------


class RegionForm(ServiceModelForm):
    class Meta:
        model = Region
        fields = ["name"]


LIBRARY_FORM_FIELDS = [
    "name",
    "kind",
    "region",
    "city",
    "county",
    "state",
    "fscs_key",
    "population_served",
    "website",
    "full_time_threshold",
    "registration_needs_approval",
    "fiscal_year_start_month",
]


class LibraryForm(ServiceModelForm):
    """Edit a library. The region field is there only for those who may move the library."""

    region = RegionChoiceField(
        queryset=Region.objects.none(), required=False, empty_label="No region"
    )
    website = forms.URLField(label="Website", required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Library
        fields = LIBRARY_FORM_FIELDS

    def __init__(
        self,
        *args: Any,
        regions: Any = None,
        can_change_region: bool = False,
        can_set_rules: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if can_change_region and regions is not None:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        else:
            del self.fields["region"]
        if not can_set_rules:
            for name in LIBRARY_RULE_FIELDS:
                del self.fields[name]


class LibraryCreateForm(LibraryForm):
    """A new library joins a network the creator coordinates."""

    network = forms.ModelChoiceField(queryset=Network.objects.none(), empty_label=None)
    joined_on = forms.DateField(label="Member since", widget=DateInput)
    annual_fee = forms.DecimalField(
        label="Annual membership fee", max_digits=10, decimal_places=2, min_value=0, initial=0
    )

    field_order = ["network", "name", "kind", "region", "joined_on", "annual_fee"]

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        networks = selectors.coordinated_networks(
            access.coordinator_network_ids, all_networks=access.is_site_admin
        )
        regions = selectors.regions_with_network().filter(network__in=networks)
        # The library's own rules keep their defaults until its admins set them.
        super().__init__(
            *args, regions=regions, can_change_region=True, can_set_rules=False, **kwargs
        )
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        self.fields["joined_on"].initial = timezone.localdate

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("network")
        return data


class MembershipForm(UswdsMixin, forms.Form):
    library = forms.ModelChoiceField(queryset=Library.objects.order_by("name"))
    joined_on = forms.DateField(label="Member since", widget=DateInput)
    annual_fee = forms.DecimalField(
        label="Annual membership fee", max_digits=10, decimal_places=2, min_value=0, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joined_on"].initial = timezone.localdate
        self.style_widgets()


class MembershipEndForm(UswdsMixin, forms.Form):
    left_on = forms.DateField(label="Left on", widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"].initial = timezone.localdate
        self.style_widgets()


class BranchForm(ServiceModelForm):
    class Meta:
        model = Branch
        fields = [
            "name",
            "kind",
            "address",
            "city",
            "postal_code",
            "latitude",
            "longitude",
            "weekly_hours",
            "square_feet",
        ]
        help_texts = {
            "latitude": "Decimal degrees, from -90 to 90 (for example 39.961176).",
            "longitude": "Decimal degrees, from -180 to 180 (for example -82.998794).",
            "weekly_hours": "Hours the branch is open to the public in a typical week.",
        }
