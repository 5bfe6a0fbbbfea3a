"""The library's progress dashboard and the network's totals: scope, period and figures.

Pages (views_library, views_network) and the API (api/routers/reports.py) call the same
functions, so they answer the same numbers to the same people:

- :func:`library_scope` / :func:`network_scope` read and check the query parameters (a bad
  one raises :class:`~ladder.reports.periods.ParameterError` naming it; a library or network
  the caller may not read is a 404);
- :func:`library_figures` builds the dashboard's figures, each number linking to the people
  behind it (:func:`people_behind` answers the drill-down);
- :func:`network_figures` sums the same measures per library and region, names nobody, and
  shows counts of 1 to 4 as "<5".
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.urls import reverse

from ladder.core.access import Access
from ladder.orgs.models import Library, Network, Region
from ladder.reports import pipeline, snapshots
from ladder.reports.figures import Column, Figure, Link
from ladder.reports.measures import LibraryMeasures, Measures, Money, measure_libraries
from ladder.reports.models import NetworkTotals
from ladder.reports.periods import (
    ParameterError,
    Period,
    earlier_years,
    id_parameter,
    parse_period,
)
from ladder.reports.privacy import SMALL_CELL, suppressed
from ladder.reports.snapshots import (
    compute_network_totals,
    load_measures,
    member_libraries,
    start_month_of,
    stored_totals,
)
from ladder.tuition.models import ZERO

LIBRARY_PARAMETERS = frozenset({"library", "stuck"})
NETWORK_PARAMETERS = frozenset({"network", "region", "stuck"})
MAX_STUCK_YEARS = 20

Drill = Callable[[str], str]


@dataclass
class Scope:
    period: Period
    periods: list[Period]  # oldest first; the chosen period last
    as_of: dt.date
    stuck_years: int
    library: Library | None = None
    network: Network | None = None
    region: Region | None = None
    start_month: int = 7
    #: no period or stuck parameter given: the report the network totals are stored for
    default: bool = False

    @property
    def chosen(self) -> int:
        return len(self.periods) - 1


def _stuck(params: Mapping[str, str]) -> int:
    raw = params.get("stuck", "").strip()
    if raw == "":
        return pipeline.DEFAULT_STUCK_YEARS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_STUCK_YEARS:
        raise ParameterError(
            "stuck", f"must be a whole number of years from 1 to {MAX_STUCK_YEARS}."
        )
    return int(raw)


def _period(
    params: Mapping[str, str], start_month: int, today: dt.date, extra: frozenset[str]
) -> tuple[Period, list[Period], dt.date]:
    period, compare = parse_period(params, start_month=start_month, today=today, extra=extra)
    periods = [*earlier_years(period, compare, start_month), period]
    return period, periods, min(today, period.end)


def readable_libraries(access: Access) -> Any:
    if access.is_site_admin:
        return Library.objects.all()
    return Library.objects.filter(pk__in=access.admin_library_ids)


def library_scope(
    access: Access,
    params: Mapping[str, str],
    today: dt.date,
    *,
    extra: frozenset[str] = frozenset(),
) -> Scope | None:
    """The library and period asked for; None when the caller must first choose a library."""
    allowed = extra | LIBRARY_PARAMETERS
    for name in params:  # named first, before anything else is read
        if name not in allowed and name not in {"year", "start", "end", "compare"}:
            raise ParameterError(name, "unknown parameter.")
    library_id = id_parameter(params, "library")
    libraries = readable_libraries(access)
    if library_id is None:
        if access.is_site_admin or len(access.admin_library_ids) != 1:
            return None
        library_id = next(iter(access.admin_library_ids))
    library = libraries.filter(pk=library_id).first()
    if library is None:
        raise Http404("No such library, or not one whose reports you read.")
    stuck = _stuck(params)
    period, periods, as_of = _period(params, library.fiscal_year_start_month, today, allowed)
    return Scope(period, periods, as_of, stuck, library=library)


def readable_networks(access: Access) -> Any:
    if access.is_site_admin:
        return Network.objects.all()
    return Network.objects.filter(pk__in=access.coordinator_network_ids)


def network_scope(
    access: Access,
    params: Mapping[str, str],
    today: dt.date,
    *,
    extra: frozenset[str] = frozenset(),
) -> tuple[Scope, list[Library]] | None:
    """The network (and region) and period asked for, with the member libraries in scope."""
    allowed = extra | NETWORK_PARAMETERS
    for name in params:
        if name not in allowed and name not in {"year", "start", "end", "compare"}:
            raise ParameterError(name, "unknown parameter.")
    network_id = id_parameter(params, "network")
    region_id = id_parameter(params, "region")
    networks = readable_networks(access)
    region = None
    if region_id is not None:
        region = Region.objects.filter(pk=region_id).select_related("network").first()
        if region is None:
            raise ParameterError("region", "no such region.")
        if network_id is not None and region.network_id != network_id:
            raise ParameterError("region", "is not a region of that network.")
        network_id = region.network_id
    if network_id is None:
        if access.is_site_admin or len(access.coordinator_network_ids) != 1:
            return None
        network_id = next(iter(access.coordinator_network_ids))
    network = networks.filter(pk=network_id).first()
    if network is None:
        raise Http404("No such network, or not one you coordinate.")
    stuck = _stuck(params)
    libraries = member_libraries(network, region, today)
    members = libraries if region is None else member_libraries(network, None, today)
    start_month = start_month_of(members)
    period, periods, as_of = _period(params, start_month, today, allowed)
    scope = Scope(period, periods, as_of, stuck, network=network, region=region)
    scope.start_month = start_month
    scope.default = not any(
        params.get(name) for name in ("year", "start", "end", "compare", "stuck")
    )
    return scope, libraries


def network_measures(
    scope: Scope, libraries: Sequence[Library], today: dt.date
) -> tuple[Measures, NetworkTotals | None]:
    """The measures of the network's libraries, with the stored totals they came from.

    A network whose totals take :data:`~ladder.reports.snapshots.LIVE_SECONDS` or more to
    compute (a statewide one) reads its default report from the totals the periodic job
    stores (computing and storing them now if there are none yet); a smaller network, and
    any other period, is measured when asked (None: computed now)."""
    network = scope.network
    assert network is not None
    if not scope.default:
        return measure([lib.pk for lib in libraries], scope), None
    totals = stored_totals(network, scope.start_month, today)
    if totals is not None and totals.seconds >= snapshots.LIVE_SECONDS:
        return load_measures(totals.data), totals
    if totals is None and len(libraries) > snapshots.LIVE_LIBRARIES:
        totals = compute_network_totals(network, today)
        return load_measures(totals.data), totals
    return measure([lib.pk for lib in libraries], scope), None


def measure(library_ids: Iterable[int], scope: Scope) -> Measures:
    return measure_libraries(library_ids, scope.periods, scope.as_of, stuck_years=scope.stuck_years)


# --- the library dashboard ---------------------------------------------------------------------


def _count(people: Iterable[int] | Sequence[Any], measure_key: str, drill: Drill | None) -> Any:
    n = len(list(people))
    if drill is None or n == 0:
        return n
    return Link(n, drill(measure_key))


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _median(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def library_figures(
    m: LibraryMeasures,
    measures: Measures,
    scope: Scope,
    drill: Drill | None,
    names: Mapping[int, str] | None = None,
) -> list[Figure]:
    """The dashboard's figures for one library; numbers link through ``drill(measure)``;
    with ``names`` (person id -> name) the repayments owed are listed by person."""
    funnel = m.funnel
    labels = [p.label for p in scope.periods]
    chosen = scope.chosen
    figures: list[Figure] = []
    now_total = sum(len(people) for people in funnel.now.values())
    figures.append(
        Figure(
            key="funnel",
            title="Pipeline: where staff stand now",
            summary=(
                f"On {scope.as_of:%-d %B %Y}, {now_total} people are in the pipeline: "
                + ", ".join(
                    f"{len(funnel.now[stage])} {label.lower()}" for stage, label in pipeline.STAGES
                )
                + "."
            ),
            columns=[
                Column("stage", "Stage", numeric=False),
                Column("people", "People now"),
                Column("stuck", f"No movement for {scope.stuck_years}+ years"),
            ],
            rows=[
                [
                    label,
                    _count(funnel.now[stage], f"stage:{stage}", drill),
                    _count(funnel.stuck[stage], f"stuck:{stage}", drill)
                    if stage != pipeline.PROMOTED
                    else None,
                ]
                for stage, label in pipeline.STAGES
            ],
            chart="hbar",
            series=["people"],
            unit="people",
            note=pipeline.HOW_WE_COUNT,
        )
    )
    move_rows = []
    for stage, label in pipeline.MOVE_LABELS.items():
        row: list[Any] = [label]
        for index in range(len(scope.periods)):
            row.append(
                _count(funnel.moved.get((stage, index), []), f"moved:{stage}:{index}", drill)
            )
        row.append(_median(funnel.median_months(stage, chosen)))
        move_rows.append(row)
    moved_now = sum(len(funnel.moved.get((s, chosen), [])) for s in pipeline.MOVE_LABELS)
    figures.append(
        Figure(
            key="flows",
            title="Pipeline: moves per year",
            summary=f"In {scope.period.label}, {moved_now} moves up the pipeline.",
            columns=[
                Column("move", "Move", numeric=False),
                *[Column(f"moved_{i}", label) for i, label in enumerate(labels)],
                Column("median_months", f"Median months it took ({scope.period.label})"),
            ],
            rows=move_rows,
            chart="bar",
            series=[f"moved_{i}" for i in range(len(labels))],
            unit="people",
            note="Months it took: the time spent in the stage before the move.",
        )
    )
    eligible_rows = []
    for job_class_id, name in sorted(measures.job_classes.items(), key=lambda kv: kv[1]):
        eligible, one_away = (
            m.eligible.get(job_class_id, set()),
            m.one_away.get(job_class_id, set()),
        )
        if not eligible and not one_away:
            continue
        eligible_rows.append(
            [
                name,
                _count(eligible, f"eligible:{job_class_id}", drill),
                _count(one_away, f"one_away:{job_class_id}", drill),
            ]
        )
    total_eligible = len(set().union(*m.eligible.values())) if m.eligible else 0
    figures.append(
        Figure(
            key="eligible",
            title="Eligible now or one requirement away, per professional job class",
            summary=f"{total_eligible} staff meet every requirement of a professional post "
            "above theirs.",
            columns=[
                Column("job_class", "Job class", numeric=False),
                Column("eligible", "Eligible now"),
                Column("one_away", "One requirement away"),
            ],
            rows=eligible_rows,
            chart="hstacked",
            unit="people",
            note="From each person's next step on the library's ladder (the careers pages' rule).",
        )
    )
    money_rows = []
    for index, label in enumerate(labels):
        money = m.money.get(index, Money())
        money_rows.append(
            [label, _money(money.budget), _money(money.committed), _money(money.spent)]
        )
    chosen_money = m.money.get(chosen, Money())
    figures.append(
        Figure(
            key="tuition",
            title="Grow your own: tuition committed and spent against budget",
            summary=(
                f"In {scope.period.label}, ${chosen_money.committed:,.2f} committed and "
                f"${chosen_money.spent:,.2f} paid"
                + (
                    f" against a budget of ${chosen_money.budget:,.2f}."
                    if chosen_money.budget is not None
                    else " (no budget of the library's own programmes)."
                )
            ),
            columns=[
                Column("year", "Year", numeric=False),
                Column("budget", "Budget ($)"),
                Column("committed", "Committed ($)"),
                Column("spent", "Paid ($)"),
            ],
            rows=money_rows,
            chart="bar",
            unit="$",
            note="Budget: the programmes the library sponsors. Committed: claims of its staff "
            "approved or paid in the year; paid: those paid.",
        )
    )
    owed_total = sum(m.repayments.values(), ZERO)
    figures.append(
        Figure(
            key="commitments",
            title="Grow your own: graduates retained after their commitment",
            summary=(
                f"{len(m.retained)} of {len(m.commitments_ended)} graduates whose service "
                f"commitment has ended stayed through it; {len(m.repayments)} owe a repayment "
                f"(${owed_total:,.2f})."
            ),
            columns=[Column("measure", "Graduates", numeric=False), Column("people", "People")],
            rows=[
                ["Commitment ended", _count(m.commitments_ended, "commitment_ended", drill)],
                ["Stayed through it", _count(m.retained, "retained", drill)],
                ["Left early and owe a repayment", _count(m.repayments, "repayments", drill)],
            ],
            chart="hbar",
            unit="people",
        )
    )
    if names is not None:
        owing = sorted(m.repayments.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))
        figures.append(
            Figure(
                key="repayments",
                title="Repayments owed",
                summary=f"{len(m.repayments)} people owe ${owed_total:,.2f} in all.",
                columns=[Column("person", "Person", numeric=False), Column("owed", "Owed ($)")],
                rows=[
                    [Link(names.get(pk, "?"), reverse("people:profile", args=[pk])), _money(owed)]
                    for pk, owed in owing
                ],
                chart="hbar",
                unit="$",
                note="Pro rata for the part of the commitment not served, or in full, as the "
                "programme says.",
            )
        )
    opening_rows = []
    for index, label in enumerate(labels):
        opening_rows.append(
            [
                label,
                _count([f.person_id for f in m.internal(index)], f"hired_internal:{index}", drill),
                _count([f.person_id for f in m.external(index)], f"hired_external:{index}", drill),
                _median(m.median_days_to_fill(index)),
                _count(m.conversions.get(index, set()), f"conversions:{index}", drill),
            ]
        )
    figures.append(
        Figure(
            key="openings",
            title="Openings: filled internally and externally",
            summary=(
                f"In {scope.period.label}, {len(m.internal(chosen))} openings filled from inside "
                f"the network and {len(m.external(chosen))} from outside; "
                f"{len(m.conversions.get(chosen, set()))} part-time jobs became full-time."
            ),
            columns=[
                Column("year", "Year", numeric=False),
                Column("internal", "Filled internally"),
                Column("external", "Filled externally"),
                Column("median_days", "Median days to fill"),
                Column("conversions", "Part-time → full-time"),
            ],
            rows=opening_rows,
            chart="bar",
            series=["internal", "external", "conversions"],
            unit="openings",
            note="Internally: the person hired already worked at the library or another library "
            "of its networks when the opening was published. Days to fill: from publication to "
            "the hired person's first day (or the day it was marked filled).",
        )
    )
    figures.append(
        Figure(
            key="certifications",
            title="Certifications: expiring soon, short of renewal hours",
            summary=(
                f"{len(m.expiring)} staff hold a certification expiring within 90 days; "
                f"{len(m.short_hours)} are short of the hours to renew."
            ),
            columns=[
                Column("measure", "Certifications", numeric=False),
                Column("people", "People"),
            ],
            rows=[
                ["Expiring within 90 days", _count(m.expiring, "expiring", drill)],
                ["Short of renewal hours", _count(m.short_hours, "short_hours", drill)],
            ],
            chart="hbar",
            unit="people",
        )
    )
    return figures


def people_behind(m: LibraryMeasures, measure_key: str, scope: Scope) -> dict[int, str] | None:
    """person id -> a detail, for a drill-down measure; None for a measure that does not exist."""
    kind, _, rest = measure_key.partition(":")
    funnel = m.funnel
    stages = dict(pipeline.STAGES)
    try:
        if kind in ("stage", "stuck") and rest in stages:
            people = funnel.now[rest] if kind == "stage" else funnel.stuck.get(rest, set())
            return {pk: f"in this stage since {funnel.since[pk]:%-d %b %Y}" for pk in people}
        if kind == "moved":
            stage, _, index = rest.partition(":")
            if (
                stage in pipeline.MOVE_LABELS
                and index.isdigit()
                and int(index) < len(scope.periods)
            ):
                return {
                    move.person_id: f"{move.on:%-d %b %Y}, after {move.months} months"
                    for move in funnel.moved.get((stage, int(index)), [])
                }
            return None
        if kind in ("eligible", "one_away") and rest.isdigit():
            table = m.eligible if kind == "eligible" else m.one_away
            return dict.fromkeys(table.get(int(rest), set()), "")
        if kind in ("hired_internal", "hired_external", "conversions") and rest.isdigit():
            year = int(rest)
            if year >= len(scope.periods):
                return None
            if kind == "conversions":
                return dict.fromkeys(m.conversions.get(year, set()), "")
            fills = m.internal(year) if kind == "hired_internal" else m.external(year)
            return {
                f.person_id: f"{f.days} days to fill" if f.days is not None else ""
                for f in fills
                if f.person_id is not None
            }
    except (KeyError, ValueError):
        return None
    if rest:
        return None
    simple: dict[str, Iterable[int]] = {
        "commitment_ended": m.commitments_ended,
        "retained": m.retained,
        "expiring": m.expiring,
        "short_hours": m.short_hours,
    }
    if kind == "repayments":
        return {pk: f"owes ${amount:,.2f}" for pk, amount in m.repayments.items()}
    if kind in simple:
        return dict.fromkeys(simple[kind], "")
    return None


def measure_title(measure_key: str, scope: Scope, job_classes: Mapping[int, str]) -> str:
    kind, _, rest = measure_key.partition(":")
    stages = dict(pipeline.STAGES)
    labels = [p.label for p in scope.periods]
    if kind == "stage":
        return f"{stages[rest]} now"
    if kind == "stuck":
        return f"{stages[rest]}: no movement for {scope.stuck_years}+ years"
    if kind == "moved":
        stage, _, index = rest.partition(":")
        return f"{pipeline.MOVE_LABELS[stage]} in {labels[int(index)]}"
    if kind == "eligible":
        return f"Eligible now for {job_classes.get(int(rest), 'the job class')}"
    if kind == "one_away":
        return f"One requirement away from {job_classes.get(int(rest), 'the job class')}"
    if kind in ("hired_internal", "hired_external"):
        where = "internally" if kind == "hired_internal" else "externally"
        return f"Hired {where} in {labels[int(rest)]}"
    if kind == "conversions":
        return f"Part-time → full-time in {labels[int(rest)]}"
    return {
        "commitment_ended": "Graduates whose service commitment has ended",
        "retained": "Graduates who stayed through their commitment",
        "repayments": "Graduates who owe a repayment",
        "expiring": "Certifications expiring within 90 days",
        "short_hours": "Short of renewal hours",
    }.get(kind, measure_key)


# --- the network's totals ------------------------------------------------------------------------

NETWORK_COLUMNS = [
    *[Column(stage, label) for stage, label in pipeline.STAGES],
    Column("stuck", "Stuck"),
    Column("eligible", "Eligible now"),
    Column("one_away", "One requirement away"),
    Column("retained", "Graduates retained"),
    Column("owing", "Owe a repayment"),
    Column("internal", "Filled internally"),
    Column("external", "Filled externally"),
    Column("conversions", "Part-time → full-time"),
    Column("expiring", "Certifications expiring in 90 days"),
    Column("short_hours", "Short of renewal hours"),
]


def _counts(group: Sequence[LibraryMeasures], chosen: int) -> list[int]:
    """The people-counts of a group of libraries, in NETWORK_COLUMNS order."""

    def people(get: Callable[[LibraryMeasures], Iterable[int]]) -> int:
        return sum(len(set(get(m))) for m in group)

    def in_stage(stage: str) -> int:
        return sum(len(m.funnel.now[stage]) for m in group)

    return [
        *[in_stage(stage) for stage, _ in pipeline.STAGES],
        people(lambda m: set().union(*m.funnel.stuck.values())),
        people(lambda m: set().union(*m.eligible.values()) if m.eligible else set()),
        people(lambda m: set().union(*m.one_away.values()) if m.one_away else set()),
        people(lambda m: m.retained),
        people(lambda m: m.repayments),
        sum(len(m.internal(chosen)) for m in group),
        sum(len(m.external(chosen)) for m in group),
        people(lambda m: m.conversions.get(chosen, set())),
        people(lambda m: m.expiring),
        people(lambda m: m.short_hours),
    ]


def _safe_median(values: list[int]) -> float | str | None:
    if not values:
        return None
    if len(values) < SMALL_CELL:
        return f"<{SMALL_CELL} cases"
    return round(float(statistics.median(values)), 1)


def network_figures(measures: Measures, libraries: Sequence[Library], scope: Scope) -> list[Figure]:
    """Sums over the member libraries: per library, per region, per stage — no names."""
    chosen = scope.chosen
    labels = [p.label for p in scope.periods]
    present = [lib for lib in libraries if lib.pk in measures.libraries]
    every = [measures.libraries[lib.pk] for lib in present]
    totals = _counts(every, chosen)
    figures: list[Figure] = []
    stage_total = sum(totals[: len(pipeline.STAGES)])
    stuck_by_stage = {
        stage: sum(len(m.funnel.stuck[stage]) for m in every) for stage, _ in pipeline.STAGES
    }
    figures.append(
        Figure(
            key="network-funnel",
            title="Pipeline: where staff stand now",
            summary=f"{stage_total} staff of {len(present)} libraries are in the pipeline.",
            columns=[
                Column("stage", "Stage", numeric=False),
                Column("people", "People now"),
                Column("stuck", f"No movement for {scope.stuck_years}+ years"),
            ],
            rows=[
                [
                    label,
                    suppressed(totals[i]),
                    suppressed(stuck_by_stage[stage]) if stage != pipeline.PROMOTED else None,
                ]
                for i, (stage, label) in enumerate(pipeline.STAGES)
            ],
            chart="hbar",
            series=["people"],
            unit="people",
            note=pipeline.HOW_WE_COUNT,
        )
    )
    flow_rows = []
    for stage, label in pipeline.MOVE_LABELS.items():
        row: list[Any] = [label]
        for index in range(len(scope.periods)):
            row.append(suppressed(sum(len(m.funnel.moved.get((stage, index), [])) for m in every)))
        months = [mv.months for m in every for mv in m.funnel.moved.get((stage, chosen), [])]
        row.append(_safe_median(months))
        flow_rows.append(row)
    figures.append(
        Figure(
            key="network-flows",
            title="Pipeline: moves per year",
            summary=f"Moves up the pipeline in the member libraries, {labels[0]} to {labels[-1]}.",
            columns=[
                Column("move", "Move", numeric=False),
                *[Column(f"moved_{i}", label) for i, label in enumerate(labels)],
                Column("median_months", f"Median months it took ({scope.period.label})"),
            ],
            rows=flow_rows,
            series=[f"moved_{i}" for i in range(len(labels))],
            unit="people",
        )
    )
    by_region: dict[str, list[LibraryMeasures]] = defaultdict(list)
    for lib in present:
        by_region[lib.region.name if lib.region else "No region"].append(measures.libraries[lib.pk])
    columns = [Column("name", "Region", numeric=False), *NETWORK_COLUMNS]
    stage_keys = [stage for stage, _ in pipeline.STAGES]
    figures.append(
        Figure(
            key="network-regions",
            title="Per region",
            summary=f"The measures of {len(by_region)} regions, summed over their libraries.",
            columns=columns,
            rows=[
                [name, *[suppressed(n) for n in _counts(group, chosen)]]
                for name, group in sorted(by_region.items())
            ]
            + [["All", *[suppressed(n) for n in totals]]],
            chart="hstacked",
            series=stage_keys,
            unit="people",
            wide=True,
            note="Openings and part-time → full-time: in "
            + scope.period.label
            + "; the rest: now. Counts of 1 to 4 are shown as “<5”.",
        )
    )
    figures.append(
        Figure(
            key="network-libraries",
            title="Per library",
            summary=f"The same measures for each of {len(present)} member libraries.",
            columns=[
                Column("name", "Library", numeric=False),
                Column("region", "Region", numeric=False),
                *NETWORK_COLUMNS,
            ],
            rows=[
                [
                    lib.name,
                    lib.region.name if lib.region else "",
                    *[suppressed(n) for n in _counts([measures.libraries[lib.pk]], chosen)],
                ]
                for lib in present
            ],
            chart="hstacked",
            series=stage_keys,
            unit="people",
            wide=True,
            note="Counts of 1 to 4 are shown as “<5” so that no one can be singled out.",
        )
    )
    money_rows = []
    for index, label in enumerate(labels):
        moneys = [m.money.get(index, Money()) for m in every]
        budgets = [x.budget for x in moneys if x.budget is not None]
        money_rows.append(
            [
                label,
                _money(sum(budgets, ZERO)) if budgets else None,
                _money(sum((x.committed for x in moneys), ZERO)),
                _money(sum((x.spent for x in moneys), ZERO)),
            ]
        )
    owing = sum(len(m.repayments) for m in every)
    owed = sum((sum(m.repayments.values(), ZERO) for m in every), ZERO)
    figures.append(
        Figure(
            key="network-tuition",
            title="Grow your own: tuition committed and spent against budget",
            summary=(
                f"{suppressed(totals[NETWORK_KEYS['retained']])} graduates stayed through their "
                f"commitment; {suppressed(owing)} owe a repayment"
                + (f" (${owed:,.2f} in all)." if owing >= SMALL_CELL else ".")
            ),
            columns=[
                Column("year", "Year", numeric=False),
                Column("budget", "Budget ($)"),
                Column("committed", "Committed ($)"),
                Column("spent", "Paid ($)"),
            ],
            rows=money_rows,
            unit="$",
        )
    )
    open_rows = []
    for index, label in enumerate(labels):
        days = [f.days for m in every for f in m.fills.get(index, []) if f.days is not None]
        open_rows.append(
            [
                label,
                suppressed(sum(len(m.internal(index)) for m in every)),
                suppressed(sum(len(m.external(index)) for m in every)),
                _safe_median(days),
                suppressed(sum(len(m.conversions.get(index, set())) for m in every)),
            ]
        )
    figures.append(
        Figure(
            key="network-openings",
            title="Openings: filled internally and externally",
            summary="Openings filled per year from inside the network and from outside.",
            columns=[
                Column("year", "Year", numeric=False),
                Column("internal", "Filled internally"),
                Column("external", "Filled externally"),
                Column("median_days", "Median days to fill"),
                Column("conversions", "Part-time → full-time"),
            ],
            rows=open_rows,
            series=["internal", "external", "conversions"],
            unit="openings",
        )
    )
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for m in every:
        for job_class_id, people in m.eligible.items():
            by_class[measures.job_classes[job_class_id]][0] += len(people)
        for job_class_id, people in m.one_away.items():
            by_class[measures.job_classes[job_class_id]][1] += len(people)
    figures.append(
        Figure(
            key="network-eligible",
            title="Eligible now or one requirement away, per professional job class",
            summary="Staff of the member libraries who could step up to a professional post.",
            columns=[
                Column("job_class", "Job class", numeric=False),
                Column("eligible", "Eligible now"),
                Column("one_away", "One requirement away"),
            ],
            rows=[
                [name, suppressed(a), suppressed(b)] for name, (a, b) in sorted(by_class.items())
            ],
            chart="hstacked",
            unit="people",
        )
    )
    figures.append(
        Figure(
            key="network-certifications",
            title="Certifications: expiring soon, short of renewal hours",
            summary="Staff of the member libraries whose certifications need attention.",
            columns=[
                Column("measure", "Certifications", numeric=False),
                Column("people", "People"),
            ],
            rows=[
                ["Expiring within 90 days", suppressed(totals[NETWORK_KEYS["expiring"]])],
                ["Short of renewal hours", suppressed(totals[NETWORK_KEYS["short_hours"]])],
            ],
            chart="hbar",
            unit="people",
        )
    )
    return figures


NETWORK_KEYS = {column.key: index for index, column in enumerate(NETWORK_COLUMNS)}
