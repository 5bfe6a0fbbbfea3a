"""A library's headline numbers for its admin's home page (reports/_library_headline.html):
in library school now, promoted this fiscal year, eligible now for a professional post,
certifications expiring within 90 days — the same counts as the progress dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse

from ladder.orgs.models import Library
from ladder.reports import pipeline
from ladder.reports.measures import EXPIRING_DAYS, measure_libraries
from ladder.reports.periods import fiscal_year, fiscal_year_of


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: int
    url: str  # the people behind the number (the dashboard's drill-down)


@dataclass(frozen=True)
class LibraryHeadline:
    library: Library
    period_label: str
    items: list[Headline]
    dashboard_url: str


def library_headline(library: Library, today: dt.date) -> LibraryHeadline:
    """Four numbers for the library's current fiscal year, in a bounded number of queries."""
    start_month = library.fiscal_year_start_month
    period = fiscal_year(fiscal_year_of(today, start_month), start_month)
    m = measure_libraries([library.pk], [period], today).libraries[library.pk]
    people = reverse("reports:library_people")
    query = {"library": library.pk, "year": period.fiscal_year, "compare": 0}

    def url(measure: str) -> str:
        return f"{people}?{urlencode({**query, 'measure': measure})}"

    eligible = set().union(*m.eligible.values()) if m.eligible else set()
    items = [
        Headline(
            "school",
            "in library school",
            len(m.funnel.now[pipeline.SCHOOL]),
            url(f"stage:{pipeline.SCHOOL}"),
        ),
        Headline(
            "promoted",
            f"promoted in {period.label}",
            len(m.funnel.moved.get((pipeline.PROMOTED, 0), [])),
            url(f"moved:{pipeline.PROMOTED}:0"),
        ),
        Headline(
            "eligible",
            "eligible now for a professional post",
            len(eligible),
            f"{reverse('careers:library_eligibility')}?"
            + urlencode({"library": library.pk, "status": "eligible"}),
        ),
        Headline(
            "expiring",
            f"with a certification expiring within {EXPIRING_DAYS} days",
            len(m.expiring),
            url("expiring"),
        ),
    ]
    dashboard = f"{reverse('reports:library')}?{urlencode({'library': library.pk})}"
    return LibraryHeadline(library, period.label, items, dashboard)


#: How long a home page reuses a library's headline figures (they change with records, not by
#: the minute; computing them for a large library takes a few hundred milliseconds).
HEADLINE_CACHE_SECONDS = 600


def cached_library_headline(library: Library, today: dt.date) -> LibraryHeadline:
    """The headline, kept in the shared cache for a few minutes (the home page's copy; the
    dashboard itself always computes afresh)."""
    key = f"reports.headline:{library.pk}:{today.isoformat()}"
    found = cache.get(key)
    if isinstance(found, LibraryHeadline):
        return found
    headline = library_headline(library, today)
    cache.set(key, headline, HEADLINE_CACHE_SECONDS)
    return headline
