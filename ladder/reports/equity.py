"""The equity report: do part-time staff, and pages and assistants at small or rural
libraries, get the same access to training, tuition and openings as everyone else?

Three comparisons, each of the same measures:

- **part-time vs full-time** staff (all staff; the tuition measures over the staff who are
  not yet professionals, whom library-school tuition is for);
- **pages and assistants at town and rural libraries vs at city and suburban ones** (by the
  library's NCES locale; libraries whose locale is not known are left out);
- **pages and assistants at small libraries (serving fewer than 25,000 people) vs larger
  ones** (by the population served, where known).

The measures: training hours per person (Mann-Whitney U), the share with any training, the
share with tuition support during the period, the share of those who applied for tuition
whose application was approved, the share who applied for an opening, and the share of
applicants hired (chi-square, or Fisher's exact test for small tables). Each gap gets a
sentence: its size, and whether chance would explain it (:mod:`ladder.reports.stats`).

Scope (the ``library``, ``network`` and ``region`` parameters, at most one): a library
admin sees their library; a coordinator their network, one of its regions, or one member
library; a site admin any, and every library without a parameter. Only a library's own
admins see a report that could drill down to people; everything else counts 1 to 4 people
as "<5" and names no one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404

from ladder.core.access import Access
from ladder.openings.models import Application
from ladder.orgs.models import Library, Membership, Network, Region
from ladder.orgs.selectors import current_membership_q
from ladder.reports import stats
from ladder.reports.figures import Column, Figure
from ladder.reports.periods import ParameterError, Period, id_parameter, parse_period
from ladder.reports.privacy import SMALL_CELL, suppressed
from ladder.reports.reach import Staffer, employments_during, number, reach_figures_for, staff_of
from ladder.tuition.models import Enrolment

SCOPE_PARAMETERS = frozenset({"library", "network", "region"})
SMALL_POPULATION = 25_000
SUPPORTED = (
    Enrolment.Status.LIBRARY_APPROVED,
    Enrolment.Status.ENROLLED,
    Enrolment.Status.COMPLETED,
    Enrolment.Status.ENDED,
)

ScopeKind = Literal["library", "network", "region", "site"]


# --- scope ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    id: int | None
    name: str
    libraries: tuple[Library, ...]
    viewer_may_see_people: bool

    @property
    def private(self) -> bool:
        return not self.viewer_may_see_people

    @property
    def start_month(self) -> int:
        months = Counter(library.fiscal_year_start_month for library in self.libraries)
        return months.most_common(1)[0][0] if months else 7

    @property
    def query(self) -> dict[str, str]:
        return {self.kind: str(self.id)} if self.id is not None else {}


def _member_libraries(network_ids: Sequence[int], on: dt.date) -> Any:
    members = Membership.objects.filter(
        current_membership_q(on), network_id__in=network_ids
    ).values("library_id")
    return Library.objects.filter(pk__in=members)


def resolve_scope(access: Access, params: Mapping[str, str], *, today: dt.date) -> Scope:
    """The libraries a report covers, from its parameters and who asks (404: not theirs)."""
    given = [name for name in ("library", "network", "region") if params.get(name, "") != ""]
    if len(given) > 1:
        raise ParameterError(
            given[1], f"give only one of library, network or region, not {given[1]} as well."
        )
    chosen = 0
    if given:
        found = id_parameter(params, given[0])
        if found is None:
            raise ParameterError(given[0], "give an id (a whole number).")
        chosen = found
    if given == ["library"]:
        library = Library.objects.filter(pk=chosen).first()
        if library is None:
            raise Http404("No such library.")
        if access.can_admin_library(library.pk):
            return Scope("library", library.pk, library.name, (library,), True)
        coordinated = _member_libraries(list(access.coordinator_network_ids), today)
        if coordinated.filter(pk=library.pk).exists():
            return Scope("library", library.pk, library.name, (library,), False)
        raise Http404("No such library.")
    if given == ["network"]:
        network = Network.objects.filter(pk=chosen).first()
        if network is None or not access.can_coordinate(network.pk):
            raise Http404("No such network.")
        libraries = tuple(_member_libraries([network.pk], today).order_by("name"))
        return Scope("network", network.pk, network.name, libraries, False)
    if given == ["region"]:
        region = Region.objects.select_related("network").filter(pk=chosen).first()
        if region is None or not access.can_coordinate(region.network_id):
            raise Http404("No such region.")
        libraries = tuple(
            _member_libraries([region.network_id], today).filter(region=region).order_by("name")
        )
        return Scope(
            "region", region.pk, f"{region.name} ({region.network.name})", libraries, False
        )
    if access.admin_library_ids and not access.is_site_admin:
        library = Library.objects.filter(pk__in=access.admin_library_ids).order_by("name").first()
        if library is not None:
            return Scope("library", library.pk, library.name, (library,), True)
    if access.coordinator_network_ids and not access.is_site_admin:
        network = (
            Network.objects.filter(pk__in=access.coordinator_network_ids).order_by("name").first()
        )
        if network is not None:
            libraries = tuple(_member_libraries([network.pk], today).order_by("name"))
            return Scope("network", network.pk, network.name, libraries, False)
    if access.is_site_admin:
        libraries = tuple(Library.objects.order_by("name"))
        return Scope("site", None, "All libraries", libraries, False)
    raise Http404("No report for you to read.")


def scope_choices(access: Access) -> list[tuple[str, dict[str, str]]]:
    """The other reports the caller may open: their libraries, networks and regions."""
    choices: list[tuple[str, dict[str, str]]] = []
    if access.admin_library_ids and not access.is_site_admin:
        for pk, name in (
            Library.objects.filter(pk__in=access.admin_library_ids)
            .order_by("name")
            .values_list("pk", "name")
        ):
            choices.append((name, {"library": str(pk)}))
    networks = Network.objects.order_by("name")
    if not access.is_site_admin:
        networks = networks.filter(pk__in=access.coordinator_network_ids)
    if access.is_site_admin or access.coordinator_network_ids:
        regions: dict[int, list[tuple[int, str]]] = {}
        for pk, name, network_id in Region.objects.filter(network__in=networks).values_list(
            "pk", "name", "network_id"
        ):
            regions.setdefault(network_id, []).append((pk, name))
        for network in networks:
            choices.append((network.name, {"network": str(network.pk)}))
            for pk, name in regions.get(network.pk, []):
                choices.append((f"{network.name}: {name}", {"region": str(pk)}))
    return choices


# --- the measures -----------------------------------------------------------------------------


def add_tuition_and_openings(staff: dict[int, Staffer], period: Period) -> None:
    """Flags per person: tuition support, tuition applied/approved, opening applied/hired."""
    library_ids = {s.library.pk for s in staff.values()}
    people = employments_during(library_ids, period).values("person_id")
    supported_until = Coalesce("completed_on", "ended_on", "expected_end")
    enrolments = (
        Enrolment.objects.filter(person_id__in=people)
        .filter(
            Q(status__in=SUPPORTED, expected_start__lte=period.end)
            | Q(applied_at__date__gte=period.start, applied_at__date__lte=period.end)
        )
        .annotate(until=supported_until)
        .values_list("person_id", "status", "expected_start", "until", "applied_at")
    )
    for person_id, status, start, until, applied_at in enrolments:
        staffer = staff.get(person_id)
        if staffer is None:
            continue
        flags = staffer.extra
        if status in SUPPORTED and start <= period.end and until >= period.start:
            flags["tuition"] = True
        if period.start <= applied_at.date() <= period.end:
            flags["tuition_applied"] = True
            if status in SUPPORTED:
                flags["tuition_approved"] = True
    applications = Application.objects.filter(
        person_id__in=people,
        applied_at__date__gte=period.start,
        applied_at__date__lte=period.end,
    ).values_list("person_id", "status")
    for person_id, status in applications:
        staffer = staff.get(person_id)
        if staffer is None:
            continue
        staffer.extra["applied"] = True
        if status == Application.Status.HIRED:
            staffer.extra["hired"] = True


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    kind: Literal["amount", "share"]
    #: what it counts, for the sentence: "{group} {phrase}"
    phrase: str
    of: Callable[[Staffer], bool]  # who counts in the denominator
    value: Callable[[Staffer], float]  # hours, or 1/0 for a share


def _flag(name: str) -> Callable[[Staffer], float]:
    return lambda s: 1.0 if s.extra.get(name) else 0.0


def _everyone(s: Staffer) -> bool:
    return True


MEASURES = (
    Measure(
        "hours", "Training hours per person", "amount", "trained", _everyone, lambda s: s.hours
    ),
    Measure(
        "trained",
        "Had any training",
        "share",
        "had any training",
        _everyone,
        lambda s: 1.0 if s.trained else 0.0,
    ),
    Measure(
        "tuition",
        "Had tuition support",
        "share",
        "had tuition support for library school",
        lambda s: s.page_or_assistant,
        _flag("tuition"),
    ),
    Measure(
        "tuition_approved",
        "Tuition applications approved",
        "share",
        "who applied for tuition support were approved",
        lambda s: bool(s.extra.get("tuition_applied")),
        _flag("tuition_approved"),
    ),
    Measure(
        "applied",
        "Applied for an opening",
        "share",
        "applied for an opening",
        _everyone,
        _flag("applied"),
    ),
    Measure(
        "hired",
        "Applicants hired",
        "share",
        "who applied for an opening were hired",
        lambda s: bool(s.extra.get("applied")),
        _flag("hired"),
    ),
)


@dataclass(frozen=True)
class Finding:
    measure: Measure
    gap: stats.Gap
    sentence: str
    a_count: int  # people counted (a share's numerator; an amount's: people with any)
    b_count: int
    private: bool

    def cells(self) -> list[Any]:
        """Figure cells: measure, a, b, gap, people a, people b, what it means, p-value."""
        gap = self.gap
        hide_a = self.private and (gap.n_a < SMALL_CELL or 0 < self.a_count < SMALL_CELL)
        hide_b = self.private and (gap.n_b < SMALL_CELL or 0 < self.b_count < SMALL_CELL)
        a = None if hide_a or not gap.n_a else _value(self.measure, gap.a)
        b = None if hide_b or not gap.n_b else _value(self.measure, gap.b)
        difference = None if a is None or b is None else round(a - b, 1)
        n_a = suppressed(gap.n_a) if self.private else gap.n_a
        n_b = suppressed(gap.n_b) if self.private else gap.n_b
        p = None if gap.p_value is None else round(gap.p_value, 4)
        return [
            self.measure.label,
            a,
            b,
            difference,
            n_a,
            n_b,
            stats.SHORT_VERDICTS[gap.verdict],
            p,
        ]


def _value(measure: Measure, value: float) -> float:
    return round(value if measure.kind == "amount" else 100 * value, 1)


@dataclass(frozen=True)
class Comparison:
    key: str
    question: str
    a_label: str  # "part-time staff"
    b_label: str
    findings: list[Finding]
    figure: Figure
    left_out: int  # people whose group is not known
    empty: str = ""  # why there is nothing to compare (a group with no one in it)


def _display(measure: Measure, gap_value: float) -> str:
    if measure.kind == "amount":
        return f"{number(gap_value)} hours per person"
    return f"{round(100 * gap_value)}%"


def sentence(
    measure: Measure,
    gap: stats.Gap,
    a_label: str,
    b_label: str,
    *,
    a_count: int,
    b_count: int,
    private: bool,
) -> str:
    """One plain sentence: each group's figure, the gap, and whether chance explains it."""
    if gap.verdict == "too_small":
        small = [
            (label, n)
            for label, n in ((a_label, gap.n_a), (b_label, gap.n_b))
            if n < stats.MIN_GROUP
        ]
        parts = " and ".join(
            f"{'no' if n == 0 else ('fewer than 5' if private else f'only {n}')} {label}"
            for label, n in small
        )
        return f"{measure.label}: {parts} — too few to tell whether there is a gap."
    if private and (0 < a_count < SMALL_CELL or 0 < b_count < SMALL_CELL):
        few = " and ".join(
            label
            for label, count in ((a_label, a_count), (b_label, b_count))
            if 0 < count < SMALL_CELL
        )
        return (
            f"{measure.label}: fewer than 5 {few} count here; the figures are hidden so that no "
            f"one can be singled out. {gap.words[0].upper()}{gap.words[1:]}."
        )
    a, b = _display(measure, gap.a), _display(measure, gap.b)
    if gap.verdict == "no_gap":
        return f"{measure.label}: no gap — {a} for {a_label} and for {b_label} alike."
    if measure.kind == "amount":
        size = f"{number(abs(gap.difference))} hours {'more' if gap.difference > 0 else 'fewer'}"
        head = (
            f"{a_label.capitalize()} trained {a}, {b_label} {number(gap.b)}: {size} for {a_label}."
        )
    else:
        points = abs(round(100 * gap.a) - round(100 * gap.b))
        more = "more" if gap.difference > 0 else "fewer"
        size = (
            f"{points} percentage point{'s' if points != 1 else ''} {more}"
            if points
            else "less than 1 point"
        )
        head = f"{a} of {a_label} {measure.phrase}, against {b} of {b_label}: {size}."
    return f"{head} {gap.words[0].upper()}{gap.words[1:]}."


def compare(
    key: str,
    question: str,
    staff: Sequence[Staffer],
    group: Callable[[Staffer], str | None],
    a_label: str,
    b_label: str,
    *,
    private: bool,
    note: str,
) -> Comparison:
    """The measures for two groups of staff ("a"/"b"; None: left out) and their gaps."""
    groups: dict[str, list[Staffer]] = {"a": [], "b": []}
    left_out = 0
    for staffer in staff:
        side = group(staffer)
        if side is None:
            left_out += 1
        else:
            groups[side].append(staffer)
    findings = []
    for measure in MEASURES:
        a_people = [s for s in groups["a"] if measure.of(s)]
        b_people = [s for s in groups["b"] if measure.of(s)]
        a_values = [measure.value(s) for s in a_people]
        b_values = [measure.value(s) for s in b_people]
        a_count = sum(1 for v in a_values if v)
        b_count = sum(1 for v in b_values if v)
        if measure.kind == "amount":
            gap = stats.compare_amounts(a_values, b_values)
        else:
            gap = stats.compare_shares(a_count, len(a_values), b_count, len(b_values))
        findings.append(
            Finding(
                measure,
                gap,
                sentence(
                    measure,
                    gap,
                    a_label,
                    b_label,
                    a_count=a_count,
                    b_count=b_count,
                    private=private,
                ),
                a_count,
                b_count,
                private,
            )
        )
    a_title, b_title = a_label.capitalize(), b_label.capitalize()
    empty = ""
    if not groups["a"] and not groups["b"]:
        empty = f"Nothing to compare: no {a_label} and no {b_label} in this report."
    elif not groups["a"] or not groups["b"]:
        missing = a_label if not groups["a"] else b_label
        empty = f"Nothing to compare: no {missing} in this report."
    figure = Figure(
        key=f"equity-{key}",
        title=question,
        summary=empty or findings[0].sentence,
        columns=[
            Column("measure", "Measure", numeric=False),
            Column("group_a", a_title),
            Column("group_b", b_title),
            Column("gap", "Gap"),
            Column("people_a", f"{a_title} (people)"),
            Column("people_b", f"{b_title} (people)"),
            Column("chance", "Bigger than chance?", numeric=False),
            Column("p_value", "p-value"),
        ],
        rows=[] if empty else [finding.cells() for finding in findings],
        chart="hbar",
        series=["group_a", "group_b"],
        note=note,
    )
    return Comparison(key, question, a_label, b_label, findings, figure, left_out, empty)


MEASURE_NOTE = (
    "Hours per person in hours; the other measures in % of the people they count: "
    "tuition support of pages and assistants (not yet professionals), approvals of those who "
    "applied for tuition in the period, hires of those who applied for an opening. "
    "Gaps are tested with the Mann-Whitney U test (hours) and the chi-square or Fisher's "
    "exact test (shares); the p-value is how often chance alone would give a gap this size."
)


def _locale(staffer: Staffer) -> str | None:
    if not staffer.page_or_assistant:
        return None
    group = staffer.library.locale_group
    if not group:
        return None
    return "a" if group in ("town", "rural") else "b"


def _population(staffer: Staffer) -> str | None:
    served = staffer.library.population_served
    if not staffer.page_or_assistant or served is None:
        return None
    return "a" if served < SMALL_POPULATION else "b"


@dataclass
class EquityReport:
    scope: Scope
    period: Period
    staff_count: int
    comparisons: list[Comparison]
    reach: list[Figure]

    @property
    def figures(self) -> list[Figure]:
        return [c.figure for c in self.comparisons] + self.reach


def equity_report(scope: Scope, period: Period) -> EquityReport:
    staff = staff_of(scope.libraries, period)
    add_tuition_and_openings(staff, period)
    everyone = list(staff.values())
    private = scope.private
    comparisons = [
        compare(
            "part-time",
            "Do part-time staff get the same as full-time staff?",
            everyone,
            lambda s: "b" if s.full_time else "a",
            "part-time staff",
            "full-time staff",
            private=private,
            note=MEASURE_NOTE,
        )
    ]
    if len(scope.libraries) > 1:
        comparisons.append(
            compare(
                "rural",
                "Do pages and assistants at town and rural libraries get the same as those at "
                "city and suburban ones?",
                everyone,
                _locale,
                "pages and assistants in towns and rural areas",
                "pages and assistants in cities and suburbs",
                private=private,
                note=MEASURE_NOTE + " Locale: the NCES locale code of the library; libraries "
                "whose locale is not known are left out.",
            )
        )
        comparisons.append(
            compare(
                "small",
                f"Do pages and assistants at small libraries (serving fewer than "
                f"{SMALL_POPULATION:,} people) get the same as those at larger ones?",
                everyone,
                _population,
                "pages and assistants at small libraries",
                "pages and assistants at larger libraries",
                private=private,
                note=MEASURE_NOTE + " Libraries whose population served is not known are left out.",
            )
        )
    reach = reach_figures_for(
        staff, scope.libraries, period, viewer_may_see_people=scope.viewer_may_see_people
    )
    return EquityReport(scope, period, len(everyone), comparisons, reach)


def report_from_params(
    access: Access,
    params: Mapping[str, str],
    *,
    today: dt.date,
    extra: frozenset[str] = frozenset(),
) -> EquityReport:
    """Parse the parameters (ParameterError names a bad one; Http404 a scope not theirs)."""
    for name in params:
        if name not in SCOPE_PARAMETERS | extra | {"year", "start", "end", "compare"}:
            raise ParameterError(name, "unknown parameter.")
    scope = resolve_scope(access, params, today=today)
    period, _ = parse_period(
        params, start_month=scope.start_month, today=today, extra=SCOPE_PARAMETERS | extra
    )
    return equity_report(scope, period)
