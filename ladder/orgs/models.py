"""Networks, regions, libraries, branches, and the roles people hold in them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ladder.core import limits

if TYPE_CHECKING:
    from ladder.core.access import Access


def coordinate_field(*, bound: int) -> models.DecimalField[Decimal | None, Decimal | None]:
    """An optional latitude (bound 90) or longitude (bound 180) in degrees: one precision
    and one range check for every place the app puts on a map."""
    return models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-bound)),
            MaxValueValidator(Decimal(bound)),
        ],
    )


class Network(models.Model):
    """A state library association or a regional consortium."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    state = models.CharField(max_length=2, blank=True, help_text="Two-letter state code.")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="regions")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="region_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Locale(models.TextChoices):
    """NCES urban-centric locale codes, as the Public Libraries Survey reports them."""

    CITY_LARGE = "11", "City, large"
    CITY_MIDSIZE = "12", "City, midsize"
    CITY_SMALL = "13", "City, small"
    SUBURB_LARGE = "21", "Suburb, large"
    SUBURB_MIDSIZE = "22", "Suburb, midsize"
    SUBURB_SMALL = "23", "Suburb, small"
    TOWN_FRINGE = "31", "Town, fringe"
    TOWN_DISTANT = "32", "Town, distant"
    TOWN_REMOTE = "33", "Town, remote"
    RURAL_FRINGE = "41", "Rural, fringe"
    RURAL_DISTANT = "42", "Rural, distant"
    RURAL_REMOTE = "43", "Rural, remote"


#: The four locale groups, by the code's first digit.
LOCALE_GROUPS = {"1": "city", "2": "suburb", "3": "town", "4": "rural"}


class LibraryQuerySet(models.QuerySet["Library"]):
    def editable_by(self, access: Access) -> LibraryQuerySet:
        if access.is_site_admin:
            return self
        return self.filter(
            Q(id__in=access.admin_library_ids)
            | Q(memberships__network_id__in=access.coordinator_network_ids)
        ).distinct()


class Library(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", "Public"
        ACADEMIC = "academic", "Academic"
        SCHOOL = "school", "School"
        SPECIAL = "special", "Special"
        MEDICAL = "medical", "Medical"
        PRIVATE = "private", "Private"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PUBLIC)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="libraries"
    )
    city = models.CharField(max_length=120, blank=True)
    county = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=2, blank=True)
    fscs_key = models.CharField(
        "FSCS key", max_length=10, blank=True, help_text="Public Libraries Survey identifier."
    )
    population_served = models.PositiveIntegerField(
        null=True, blank=True, validators=[limits.at_most(limits.POPULATION_MAX)]
    )
    locale = models.CharField(
        "locale",
        max_length=2,
        choices=Locale.choices,
        blank=True,
        help_text="The NCES urban-centric locale of the main library (from the Public Libraries "
        "Survey where known): city, suburb, town or rural, each in three sizes.",
    )
    website = models.URLField(blank=True)
    full_time_threshold = models.DecimalField(
        "full-time threshold (hours a week)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("35.0"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
        help_text="An employment of at least this many hours a week is full-time.",
    )
    registration_needs_approval = models.BooleanField(
        "training registrations need supervisor approval",
        default=False,
        help_text="For desk coverage: a supervisor approves each registration of this "
        "library's staff before it is confirmed.",
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        "fiscal year starts in month",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="1 = January … 12 = December. Budgets and tuition caps run per fiscal year.",
    )
    ladder = models.ForeignKey(
        "people.Ladder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopting_libraries",
        help_text="The career ladder this library uses.",
    )

    objects = LibraryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "libraries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:library_detail", args=[self.pk])

    @property
    def locale_group(self) -> str:
        """city, suburb, town or rural; "" where the locale is not known."""
        return LOCALE_GROUPS.get(self.locale[:1], "") if self.locale else ""


class Membership(models.Model):
    """A library's membership of a network, with dates (a library may leave and rejoin)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(default=dt.date.today)
    left_on = models.DateField(null=True, blank=True)
    annual_fee = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[limits.at_most(limits.MEMBERSHIP_FEE_MAX)],
    )

    class Meta:
        ordering = ["network", "library", "-joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} in {self.network}"

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        return self.joined_on <= on and (self.left_on is None or self.left_on >= on)


class Branch(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", "Central library"
        BRANCH = "branch", "Branch"
        BOOKMOBILE = "bookmobile", "Bookmobile"
        OTHER = "other", "Other"

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    latitude = coordinate_field(bound=90)
    longitude = coordinate_field(bound=180)
    weekly_hours = models.DecimalField(
        "weekly opening hours",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("168"))],
    )
    square_feet = models.PositiveIntegerField(
        null=True, blank=True, validators=[limits.at_most(limits.SQUARE_FEET_MAX)]
    )

    class Meta:
        ordering = ["library", "name"]
        verbose_name_plural = "branches"
        constraints = [
            models.UniqueConstraint(fields=["library", "name"], name="branch_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:branch_detail", args=[self.pk])


class Role(models.Model):
    """An administrative role: library admin (HR, training) or network coordinator.

    Staff and supervisor are not stored here: staff is anyone with an employment, and a
    supervisor is anyone named as supervisor on a current employment.
    """

    class Kind(models.TextChoices):
        LIBRARY_ADMIN = "library_admin", "Library admin"
        NETWORK_COORDINATOR = "network_coordinator", "Network coordinator"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="library_admin", library__isnull=False, network__isnull=True)
                    | Q(kind="network_coordinator", network__isnull=False, library__isnull=True)
                ),
                name="role_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "library", "network"], name="role_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.library or self.network}"
