"""The statewide network for benchmarks: a state's real library systems and outlets from the
Public Libraries Survey, staffed with synthetic people that follow the real FTE figures.

Built in one transaction with bulk inserts (no query per row) and one password hash shared by
every synthetic person, so Ohio (about 250 systems, 770 outlets, 14,000 people) takes well
under two minutes on SQLite. Deterministic for a seed: each library draws from its own
generator seeded with (seed, FSCS key).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from ladder.demo.catalogue import DEMO_PASSWORD, LSSC, certification_types, network_template
from ladder.demo.pls import PlsLibrary, PlsOutlet, PlsState, central_locale, read_state
from ladder.demo.regions import kmeans, region_count
from ladder.demo.seeding import Seeder
from ladder.demo.statewide_budgets import seed_statewide_budgets
from ladder.demo.statewide_history import Amended, HistoryWriter, amend_plans, delete_history
from ladder.demo.workforce import LibraryStaffer, OutletPlan, StaffFte, StaffPlan
from ladder.orgs.models import Branch, Library, Membership, Network, Region, Role
from ladder.people.models import (
    CertificationType,
    Credential,
    Employment,
    JobClass,
    Ladder,
    Person,
)

SYNTHETIC_DOMAIN = "pls.example"
CITY_NAME = re.compile(r"[A-Za-z][A-Za-z' -]*")
BATCH = 1000
OUTLET_KINDS = {"CE": Branch.Kind.CENTRAL, "BR": Branch.Kind.BRANCH}
BOOKMOBILE_KINDS = {"BS", "BM"}
FULL_TIME = Decimal("35")  # the default full-time threshold of a library

STATE_NAMES = {
    "AK": "Alaska", "AL": "Alabama", "AR": "Arkansas", "AS": "American Samoa", "AZ": "Arizona",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DC": "District of Columbia",
    "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "GU": "Guam", "HI": "Hawaii",
    "IA": "Iowa", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "MA": "Massachusetts", "MD": "Maryland", "ME": "Maine",
    "MI": "Michigan", "MN": "Minnesota", "MO": "Missouri", "MP": "Northern Mariana Islands",
    "MS": "Mississippi", "MT": "Montana", "NC": "North Carolina", "ND": "North Dakota",
    "NE": "Nebraska", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NV": "Nevada", "NY": "New York", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VA": "Virginia",
    "VI": "U.S. Virgin Islands", "VT": "Vermont", "WA": "Washington", "WI": "Wisconsin",
    "WV": "West Virginia", "WY": "Wyoming",
}  # fmt: skip


def network_slug(state: str) -> str:
    return f"pls-{state.lower()}"


@dataclass
class StatewideResult:
    network: Network
    built: bool  # False when the network already existed and was left alone
    counts: dict[str, int | str] = field(default_factory=dict)
    logins: list[tuple[str, Person]] = field(default_factory=list)
    seconds: float = 0.0


def build_statewide(
    *,
    state: str,
    pls_dir: Path,
    seed: int = 1,
    limit: int | None = None,
    regions: int | None = None,
    reset: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> StatewideResult:
    """Build the state's network, or leave an existing one alone unless `reset` rebuilds it."""
    started = time.monotonic()
    state = state.upper()
    data = read_state(pls_dir, state)
    existing = Network.objects.filter(slug=network_slug(state)).first()
    if existing is not None and not reset:
        return StatewideResult(
            network=existing,
            built=False,
            counts=network_counts(existing),
            logins=existing_logins(existing),
        )
    with transaction.atomic():
        if existing is not None:
            log(f"Deleting the existing {existing.name} ...")
            delete_network(existing)
        builder = StateBuilder(data, seed=seed, limit=limit, regions=regions, log=log)
        result = builder.build()
        seed_statewide_budgets(result.network, pls_dir, state)
    result.seconds = time.monotonic() - started
    return result


def network_counts(network: Network) -> dict[str, int | str]:
    libraries = Library.objects.filter(memberships__network=network)
    employments = Employment.objects.filter(library__in=libraries)
    return {
        "regions": network.regions.count(),
        "libraries": libraries.count(),
        "branches": Branch.objects.filter(library__in=libraries).count(),
        "people": employments.values("person").distinct().count(),
        "current employments": employments.filter(end_date__isnull=True).count(),
    }


def existing_logins(network: Network) -> list[tuple[str, Person]]:
    """The logins of a network built earlier: its coordinator and people of its largest library."""
    largest = (
        Library.objects.filter(memberships__network=network)
        .annotate(staff=Count("employments"))
        .order_by("-staff", "fscs_key")
        .first()
    )
    people = Person.objects.order_by("pk")
    current = {"employments__library": largest, "employments__end_date__isnull": True}
    found = {
        "site admin": people.filter(is_superuser=True).first(),
        "network coordinator": people.filter(
            roles__network=network, roles__kind=Role.Kind.NETWORK_COORDINATOR
        ).first(),
        "library admin": people.filter(
            roles__library=largest, roles__kind=Role.Kind.LIBRARY_ADMIN
        ).first(),
        "supervisor": people.filter(
            supervised_employments__library=largest,
            supervised_employments__end_date__isnull=True,
            employments__job_class__code="branch-manager",
        ).first(),
        "staff": people.filter(employments__job_class__code="library-assistant", **current).first(),
        "mentor": people.filter(is_mentor=True, **current).first(),
    }
    return [(role, person) for role, person in found.items() if person is not None]


def delete_network(network: Network) -> None:
    """Remove a generated network with its libraries and synthetic people (never real ones)."""
    library_ids = list(
        Library.objects.filter(memberships__network=network).values_list("id", flat=True)
    )
    person_ids = set(
        Employment.objects.filter(library_id__in=library_ids).values_list("person_id", flat=True)
    ) | set(Role.objects.filter(network=network).values_list("person_id", flat=True))
    delete_history(network, library_ids)
    Employment.objects.filter(library_id__in=library_ids).delete()
    ordered = sorted(person_ids)
    for start in range(0, len(ordered), 500):
        Person.objects.filter(
            pk__in=ordered[start : start + 500], email__endswith=f".{SYNTHETIC_DOMAIN}"
        ).delete()
    Library.objects.filter(id__in=library_ids).delete()
    # Ladder steps protect their job classes: the ladders go before the classes do.
    Ladder.objects.filter(network=network).delete()
    network.delete()


@dataclass
class _LibraryBuild:
    row: PlsLibrary
    rng: random.Random
    library: Library
    branches: list[Branch] = field(default_factory=list)
    outlets: list[OutletPlan] = field(default_factory=list)
    staff: list[StaffPlan] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # As written, by staff index: the current job, earlier jobs, credentials (for the history).
    jobs: list[Employment] = field(default_factory=list)
    earlier: list[list[Employment]] = field(default_factory=list)
    credentials: list[list[Credential]] = field(default_factory=list)
    amended: Amended = field(default_factory=Amended)


class StateBuilder:
    def __init__(
        self,
        data: PlsState,
        *,
        seed: int,
        limit: int | None,
        regions: int | None,
        log: Callable[[str], None],
    ) -> None:
        self.data = data
        self.state = data.state
        self.seed = seed
        self.rows = data.libraries[:limit] if limit else data.libraries
        self.region_count = regions or region_count(len(self.rows))
        self.log = log
        # Dates count back from 1 January, so a rebuild within the year gives the same history.
        self.anchor = dt.date(timezone.localdate().year, 1, 1)
        self.password_hash = make_password(DEMO_PASSWORD)
        self.without_outlets = 0

    def build(self) -> StatewideResult:
        name = STATE_NAMES.get(self.state, self.state)
        network = Network.objects.create(
            name=f"{name} Public Library Network",
            slug=network_slug(self.state),
            state=self.state,
            description=(
                f"{name}'s public library systems and outlets from the IMLS Public Libraries "
                "Survey (systems FY2014, outlets FY2018). The people are synthetic."
            ),
        )
        classes, ladder = network_template(network)
        lssc = certification_types()[LSSC]
        builds = self._libraries(network, ladder)
        self.log(f"{len(builds)} libraries in {network.regions.count()} regions")
        self._branches(builds)
        self._staff(builds)
        self._write_people(builds, classes, lssc)
        logins = self._roles_and_logins(network, builds)
        counts = self._counts(network, builds)
        coordinator = next(person for role, person in logins if role == "network coordinator")
        self.log("Writing three years of history ...")
        history = HistoryWriter(
            network, builds, classes, coordinator, seed=self.seed, log=self.log
        ).write()
        counts.update(history)
        return StatewideResult(network=network, built=True, counts=counts, logins=logins)

    # --- organisations ----------------------------------------------------------------------

    def _libraries(self, network: Network, ladder: Ladder) -> list[_LibraryBuild]:
        regions = self._regions(network)
        builds = []
        for row, region in zip(self.rows, regions, strict=True):
            library = Library(
                name=row.name[:200],
                slug=f"{slugify(row.name)[:100]}-{row.fscs_key.lower()}",
                kind=Library.Kind.PUBLIC,
                region=region,
                city=row.city[:120],
                county=row.county[:120],
                state=self.state,
                fscs_key=row.fscs_key,
                population_served=row.population,
                locale=central_locale(self.data.outlets.get(row.fscs_key, [])),
                ladder=ladder,
            )
            rng = random.Random(f"{self.seed}:{row.fscs_key}")
            builds.append(_LibraryBuild(row=row, rng=rng, library=library))
        Library.objects.bulk_create([b.library for b in builds], batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(
                    network=network,
                    library=b.library,
                    joined_on=dt.date(self.anchor.year - b.rng.randint(1, 30), 1, 1),
                    annual_fee=Decimal(min(5_000, max(100, (b.row.population or 0) // 200))),
                )
                for b in builds
            ],
            batch_size=BATCH,
        )
        return builds

    def _regions(self, network: Network) -> list[Region]:
        """The region of each library: k-means on coordinates, named after its biggest city."""
        points: dict[int, tuple[float, float]] = {}
        for index, row in enumerate(self.rows):
            point = _point(row, self.data.outlets.get(row.fscs_key, []))
            if point:
                points[index] = point
        rng = random.Random(f"{self.seed}:{self.state}:regions")
        located = sorted(points)
        labels = dict(
            zip(located, kmeans([points[i] for i in located], self.region_count, rng), strict=True)
        )
        # Libraries without coordinates join the region most of their county is in.
        by_county: dict[str, Counter[int]] = defaultdict(Counter)
        for index, label in labels.items():
            by_county[self.rows[index].county][label] += 1
        for index, row in enumerate(self.rows):
            if index not in labels:
                county = by_county.get(row.county)
                labels[index] = county.most_common(1)[0][0] if county else 0
        names: dict[int, str] = {}
        for label in sorted(set(labels.values())):
            members = [self.rows[i] for i, lab in labels.items() if lab == label]
            # Named after its biggest city ('Cuy. Co.-Parma' is a survey spelling, not a name).
            plain = [row for row in members if CITY_NAME.fullmatch(row.city)] or members
            biggest = max(plain, key=lambda row: (row.population or 0, row.fscs_key))
            base = f"{biggest.city or biggest.county or 'Region'} area"
            candidate, n = base, 1
            while candidate in names.values():
                n += 1
                candidate = f"{base} {n}"
            names[label] = candidate
        regions = {label: Region(network=network, name=name) for label, name in names.items()}
        Region.objects.bulk_create(list(regions.values()))
        return [regions[labels[index]] for index in range(len(self.rows))]

    def _branches(self, builds: list[_LibraryBuild]) -> None:
        for b in builds:
            outlets = self.data.outlets.get(b.row.fscs_key)
            if not outlets:
                # A system the outlet file does not list: one central library at its address.
                self.without_outlets += 1
                hours = b.row.hours_open
                outlets = [
                    PlsOutlet(
                        fscs_key=b.row.fscs_key,
                        name=b.row.name,
                        kind="CE",
                        address=b.row.address,
                        city=b.row.city,
                        zip_code=b.row.zip_code,
                        latitude=b.row.latitude,
                        longitude=b.row.longitude,
                        hours_per_year=hours,
                        square_feet=None,
                    )
                ]
            seen: set[str] = set()
            for outlet in outlets:
                kind = (
                    Branch.Kind.BOOKMOBILE
                    if outlet.kind in BOOKMOBILE_KINDS
                    else OUTLET_KINDS.get(outlet.kind, Branch.Kind.OTHER)
                )
                weekly = _weekly_hours(outlet.hours_per_year)
                b.branches.append(
                    Branch(
                        library=b.library,
                        name=_unique_name(outlet.name[:180] or b.library.name[:180], kind, seen),
                        kind=kind,
                        address=outlet.address[:200],
                        city=outlet.city[:120],
                        postal_code=outlet.zip_code[:10],
                        latitude=_decimal(outlet.latitude),
                        longitude=_decimal(outlet.longitude),
                        weekly_hours=weekly,
                        square_feet=outlet.square_feet,
                    )
                )
                b.outlets.append(
                    OutletPlan(kind=kind, weekly_hours=float(weekly) if weekly else None)
                )
        Branch.objects.bulk_create([br for b in builds for br in b.branches], batch_size=BATCH)

    # --- people -----------------------------------------------------------------------------

    def _staff(self, builds: list[_LibraryBuild]) -> None:
        for b in builds:
            fte = StaffFte.from_survey(
                b.row.total_staff_fte, b.row.librarian_fte, b.row.mls_fte, b.row.population
            )
            b.staff = LibraryStaffer(
                fte=fte,
                outlets=b.outlets,
                rng=b.rng,
                anchor=self.anchor,
                domain=f"{b.row.fscs_key.lower()}.{SYNTHETIC_DOMAIN}",
            ).plan()
            b.amended = amend_plans(
                b.staff, random.Random(f"{self.seed}:{b.row.fscs_key}:history"), self.anchor
            )
            b.people = [
                Person(
                    email=plan.email,
                    first_name=plan.first_name,
                    last_name=plan.last_name,
                    password=self.password_hash,
                    is_mentor=plan.is_mentor,
                    feed_token=secrets.token_urlsafe(32),
                )
                for plan in b.staff
            ]
        people = [person for b in builds for person in b.people]
        self.log(f"Creating {len(people)} people ...")
        Person.objects.bulk_create(people, batch_size=BATCH)

    def _write_people(
        self,
        builds: list[_LibraryBuild],
        classes: dict[str, JobClass],
        lssc: CertificationType,
    ) -> None:
        employments: list[Employment] = []
        credentials: list[Credential] = []
        for b in builds:
            for plan, person in zip(b.staff, b.people, strict=True):
                hours = Decimal(str(plan.hours))
                b.earlier.append([])
                b.credentials.append([])
                b.jobs.append(
                    Employment(
                        person=person,
                        library=b.library,
                        branch=b.branches[plan.branch],
                        job_class=classes[plan.job],
                        title=plan.title,
                        weekly_hours=hours,
                        benefits_eligible=hours >= FULL_TIME,
                        supervisor=b.people[plan.supervisor]
                        if plan.supervisor is not None
                        else None,
                        start_date=plan.start,
                    )
                )
                employments.append(b.jobs[-1])
                for earlier in plan.history:
                    earlier_hours = Decimal(str(earlier.hours))
                    b.earlier[-1].append(
                        Employment(
                            person=person,
                            library=b.library,
                            branch=b.branches[plan.branch],
                            job_class=classes[earlier.job],
                            weekly_hours=earlier_hours,
                            benefits_eligible=earlier_hours >= FULL_TIME,
                            start_date=earlier.start,
                            end_date=earlier.end,
                        )
                    )
                    employments.append(b.earlier[-1][-1])
                for degree in plan.degrees:
                    b.credentials[-1].append(
                        Credential(
                            person=person,
                            kind=Credential.Kind.DEGREE,
                            status=(
                                Credential.Status.AWARDED
                                if degree.awarded
                                else Credential.Status.IN_PROGRESS
                            ),
                            degree_level=degree.level,
                            field=degree.field,
                            institution=degree.institution,
                            accredited=degree.accredited,
                            awarded_on=degree.awarded,
                            started_on=degree.started,
                        )
                    )
                    credentials.append(b.credentials[-1][-1])
                if plan.certification:
                    awarded, expires = plan.certification
                    credentials.append(
                        Credential(
                            person=person,
                            kind=Credential.Kind.CERTIFICATION,
                            certification_type=lssc,
                            issuer=lssc.issuer,
                            awarded_on=awarded,
                            expires_on=expires,
                            renewal_hours=Decimal("45"),
                        )
                    )
        self.log(f"Creating {len(employments)} employments and {len(credentials)} credentials ...")
        Employment.objects.bulk_create(employments, batch_size=BATCH)
        Credential.objects.bulk_create(credentials, batch_size=BATCH)

    def _roles_and_logins(
        self, network: Network, builds: list[_LibraryBuild]
    ) -> list[tuple[str, Person]]:
        # Each library's director administers it.
        Role.objects.bulk_create(
            [
                Role(person=b.people[0], kind=Role.Kind.LIBRARY_ADMIN, library=b.library)
                for b in builds
            ],
            batch_size=BATCH,
        )
        seeder = Seeder(password_hash=self.password_hash)
        seeder.person(
            "dana.whitaker@ladder.example",
            "Dana",
            "Whitaker",
            is_superuser=True,
            is_staff=True,
            login_as="site admin",
        )
        coordinator = seeder.person(
            f"coordinator@{self.state.lower()}.{SYNTHETIC_DOMAIN}",
            "Network",
            "Coordinator",
            login_as="network coordinator",
        )
        seeder.role(coordinator, Role.Kind.NETWORK_COORDINATOR, network=network)
        largest = max(builds, key=lambda b: (len(b.staff), b.row.fscs_key))
        logins = [*seeder.logins, ("library admin", largest.people[0])]
        supervisors = {plan.supervisor for plan in largest.staff if plan.supervisor is not None}
        wanted = [
            ("supervisor", lambda i, plan: i != 0 and i in supervisors),
            ("staff", lambda i, plan: plan.job == "library-assistant"),
            ("mentor", lambda i, plan: plan.is_mentor),
        ]
        for role, matches in wanted:
            found = next(
                (
                    b.people[i]
                    for b in [largest, *builds]
                    for i, p in enumerate(b.staff)
                    if matches(i, p)
                ),
                None,
            )
            if found is not None:
                logins.append((role, found))
        return logins

    def _counts(self, network: Network, builds: list[_LibraryBuild]) -> dict[str, int | str]:
        staff = [plan for b in builds for plan in b.staff]
        non_professional = [plan for plan in staff if not plan.is_professional]
        professional = [plan for plan in staff if plan.is_professional]

        def part_time(plans: list[StaffPlan]) -> str:
            share = sum(1 for p in plans if p.hours < float(FULL_TIME)) / len(plans) if plans else 0
            return f"{share:.0%}"

        return {
            "regions": network.regions.count(),
            "libraries": len(builds),
            "branches": sum(len(b.branches) for b in builds),
            "libraries without outlets (one central branch made)": self.without_outlets,
            "outlets without a library (skipped)": self.data.orphan_outlets,
            "people": len(staff),
            "employments (with earlier jobs)": len(staff) + sum(len(p.history) for p in staff),
            "credentials": sum(len(p.degrees) + bool(p.certification) for p in staff),
            "professional people": len(professional),
            "part-time share, non-professional": part_time(non_professional),
            "part-time share, professional": part_time(professional),
        }


def _point(row: PlsLibrary, outlets: list[PlsOutlet]) -> tuple[float, float] | None:
    if row.latitude is not None and row.longitude is not None:
        return (row.latitude, row.longitude)
    for outlet in outlets:
        if outlet.latitude is not None and outlet.longitude is not None:
            return (outlet.latitude, outlet.longitude)
    return None


def _weekly_hours(hours_per_year: float | None) -> Decimal | None:
    if not hours_per_year:
        return None
    return min(Decimal("168"), Decimal(str(round(hours_per_year / 52, 1))))


def _decimal(value: float | None) -> Decimal | None:
    return Decimal(f"{value:.6f}") if value is not None else None


def _unique_name(name: str, kind: str, seen: set[str]) -> str:
    """Outlet names repeat inside a system (a bookmobile is often named after it)."""
    label = Branch.Kind(kind).label
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{name} ({label})" if n == 2 else f"{name} ({label} {n - 1})"
    seen.add(candidate)
    return candidate
