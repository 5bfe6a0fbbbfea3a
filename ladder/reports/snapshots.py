"""The network's totals, computed ahead by a periodic job and read back in milliseconds.

A statewide network (Ohio: ~250 libraries, ~14,000 people) takes seconds to measure, mostly
in the eligibility of every staff member (ladder.careers.eligibility). So
:func:`refresh_network_totals` measures every member library for the default report (the
current fiscal year, the default comparison and stuck years) and stores the result
(:class:`~ladder.reports.models.NetworkTotals`); ``manage.py refresh_report_totals`` (run by
``run_periodic``) refreshes each network's totals when they are older than
:data:`REFRESH_AFTER`. The page and the API read the stored totals for the default report
when computing them takes :data:`LIVE_SECONDS` or more, and say how fresh they are; a small
network's totals, and any other period, are computed when asked.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ladder.core.tasks import Progress, task
from ladder.orgs.models import Library, Membership, Network, Region
from ladder.orgs.selectors import current_membership_q
from ladder.reports import pipeline
from ladder.reports.measures import Fill, LibraryMeasures, Measures, Money, measure_libraries
from ladder.reports.models import NetworkTotals
from ladder.reports.periods import (
    DEFAULT_COMPARE,
    Period,
    earlier_years,
    fiscal_year,
    fiscal_year_of,
)

REFRESH_AFTER = dt.timedelta(hours=1)
#: Totals that took less than this to compute are computed afresh on every request.
LIVE_SECONDS = 0.3
#: Without stored totals, a network of more libraries than this is computed and stored.
LIVE_LIBRARIES = 40
REFRESH_TASK = "reports.refresh_network_totals"


def default_key(start_month: int, today: dt.date) -> str:
    year = fiscal_year_of(today, start_month)
    return f"fy{year}-m{start_month}-c{DEFAULT_COMPARE}-s{pipeline.DEFAULT_STUCK_YEARS}"


def default_periods(start_month: int, today: dt.date) -> list[Period]:
    period = fiscal_year(fiscal_year_of(today, start_month), start_month)
    return [*earlier_years(period, DEFAULT_COMPARE, start_month), period]


# --- (de)serialising the measures ----------------------------------------------------------------


def _ids(people: Any) -> list[int]:
    return sorted(people)


def _dump(m: LibraryMeasures) -> dict[str, Any]:
    f = m.funnel
    return {
        "now": {stage: _ids(people) for stage, people in f.now.items()},
        "stuck": {stage: _ids(people) for stage, people in f.stuck.items()},
        "moved": [
            [stage, index, mv.person_id, mv.on.isoformat(), mv.months]
            for (stage, index), moves in f.moved.items()
            for mv in moves
        ],
        "eligible": {str(k): _ids(v) for k, v in m.eligible.items()},
        "one_away": {str(k): _ids(v) for k, v in m.one_away.items()},
        "money": {
            str(i): [None if x.budget is None else str(x.budget), str(x.committed), str(x.spent)]
            for i, x in m.money.items()
        },
        "commitments_ended": _ids(m.commitments_ended),
        "retained": _ids(m.retained),
        "repayments": {str(k): str(v) for k, v in m.repayments.items()},
        "fills": [
            [i, x.opening_id, x.person_id, x.internal, x.days]
            for i, fills in m.fills.items()
            for x in fills
        ],
        "conversions": {str(i): _ids(v) for i, v in m.conversions.items()},
        "expiring": _ids(m.expiring),
        "short_hours": _ids(m.short_hours),
    }


def _load(library_id: int, d: dict[str, Any]) -> LibraryMeasures:
    m = LibraryMeasures(library_id)
    f = m.funnel
    for stage, people in d["now"].items():
        f.now[stage] = set(people)
    for stage, people in d["stuck"].items():
        f.stuck[stage] = set(people)
    for stage, index, person_id, on, months in d["moved"]:
        f.moved[(stage, index)].append(
            pipeline.Move(person_id, stage, dt.date.fromisoformat(on), months)
        )
    m.eligible = defaultdict(set, {int(k): set(v) for k, v in d["eligible"].items()})
    m.one_away = defaultdict(set, {int(k): set(v) for k, v in d["one_away"].items()})
    for i, (budget, committed, spent) in d["money"].items():
        m.money[int(i)] = Money(
            None if budget is None else Decimal(budget), Decimal(committed), Decimal(spent)
        )
    m.commitments_ended = set(d["commitments_ended"])
    m.retained = set(d["retained"])
    m.repayments = {int(k): Decimal(v) for k, v in d["repayments"].items()}
    for i, opening_id, person_id, internal, days in d["fills"]:
        m.fills[i].append(Fill(opening_id, person_id, internal, days))
    m.conversions = defaultdict(set, {int(k): set(v) for k, v in d["conversions"].items()})
    m.expiring = set(d["expiring"])
    m.short_hours = set(d["short_hours"])
    return m


def dump_measures(measures: Measures) -> dict[str, Any]:
    return {
        "libraries": {str(pk): _dump(m) for pk, m in measures.libraries.items()},
        "job_classes": {str(k): v for k, v in measures.job_classes.items()},
    }


def load_measures(data: dict[str, Any]) -> Measures:
    return Measures(
        libraries={int(pk): _load(int(pk), d) for pk, d in data["libraries"].items()},
        job_classes={int(k): v for k, v in data["job_classes"].items()},
    )


# --- computing and reading ---------------------------------------------------------------------


def member_libraries(network: Network, region: Region | None, on: dt.date) -> list[Library]:
    """The network's members on the day (those of one region only, with a region)."""
    members = Membership.objects.filter(current_membership_q(on), network=network)
    libraries = Library.objects.filter(pk__in=members.values("library_id")).select_related("region")
    if region is not None:
        libraries = libraries.filter(region=region)
    return list(libraries.order_by("name"))


def start_month_of(libraries: list[Library]) -> int:
    """The fiscal year most of the libraries keep (July when there are none)."""
    months = Counter(lib.fiscal_year_start_month for lib in libraries)
    return months.most_common(1)[0][0] if months else 7


def store(
    network: Network, key: str, today: dt.date, measures: Measures, seconds: float
) -> NetworkTotals:
    totals, _ = NetworkTotals.objects.update_or_create(
        network=network,
        key=key,
        defaults={
            "as_of": today,
            "computed_at": timezone.now(),
            "seconds": round(seconds, 3),
            "data": dump_measures(measures),
        },
    )
    NetworkTotals.objects.filter(network=network).exclude(pk=totals.pk).delete()
    return totals


def compute_network_totals(network: Network, today: dt.date | None = None) -> NetworkTotals:
    """Measure every member library for the default report and store it."""
    today = today or timezone.localdate()
    began = time.perf_counter()
    libraries = member_libraries(network, None, today)
    start_month = start_month_of(libraries)
    measures = measure_libraries(
        [lib.pk for lib in libraries], default_periods(start_month, today), today
    )
    key = default_key(start_month, today)
    return store(network, key, today, measures, time.perf_counter() - began)


def stored_totals(network: Network, start_month: int, today: dt.date) -> NetworkTotals | None:
    return NetworkTotals.objects.filter(
        network=network, key=default_key(start_month, today)
    ).first()


def is_due(totals: NetworkTotals | None, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return totals is None or totals.computed_at <= now - REFRESH_AFTER


@task(REFRESH_TASK)
def refresh_network_totals(*, progress: Progress, network_id: int) -> dict[str, Any]:
    network = Network.objects.get(pk=network_id)
    totals = compute_network_totals(network)
    progress(1, 1, f"{network.name}: {totals.seconds:.1f} s")
    return {"network": network_id, "seconds": totals.seconds}
