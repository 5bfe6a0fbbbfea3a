"""The staff directory as CSV or XLSX: exactly the people and fields the user may see.

One row per current employment of each person the directory shows (the directory's own
selector and filters). Weekly hours, dates, benefits and supervisor are HR details: they are
filled in only for employments the user may see in full (EmploymentQuerySet.visible_to) and
left blank otherwise. The columns are the import's, so an export can be edited and imported
again. Queries are bounded: a few per chunk of people, however many rows there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import timezone

from ladder.core.access import Access
from ladder.people.forms import DirectoryFilterForm
from ladder.people.models import Employment, Person
from ladder.people.selectors import directory_people, employments_visible_to, jobs_matching

FORMATS = ("csv", "xlsx")
COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "phone",
    "library",
    "branch",
    "job_class",
    "job_class_name",
    "title",
    "schedule",
    "weekly_hours",
    "start_date",
    "end_date",
    "benefits_eligible",
    "supervisor_email",
]
CHUNK = 1000


class ExportFilters:
    """The directory's filters from a query string, read by the directory's own form.

    As on the directory page, a filter naming something the user cannot choose is dropped,
    so the export always lists what the page lists. `hours=part|full` is accepted as another
    name for the directory's `schedule`.
    """

    def __init__(self, access: Access, params: QueryDict | dict[str, str]) -> None:
        data = dict(params.items())
        if "hours" in data and not data.get("schedule"):
            data["schedule"] = data.pop("hours")
        self.form = DirectoryFilterForm(data, access=access)

    def as_kwargs(self) -> dict[str, Any]:
        self.form.is_valid()
        data = self.form.cleaned_data
        kwargs = {name: data.get(name) for name in ("library", "branch", "region", "job_class")}
        return {**kwargs, "q": data.get("q") or "", "schedule": data.get("schedule") or ""}


def _jobs(
    access: Access,
    *,
    library: Any = None,
    branch: Any = None,
    region: Any = None,
    job_class: Any = None,
    schedule: str = "",
) -> QuerySet[Employment]:
    """The current employments to list, narrowed by the same filters as the people."""
    jobs = jobs_matching(
        Employment.objects.current(),
        library=library,
        branch=branch,
        region=region,
        job_class=job_class,
        schedule=schedule,
    )
    in_full = employments_visible_to(access).filter(pk=OuterRef("pk"))
    return (
        jobs.annotate(in_full=Exists(in_full))
        .select_related("library", "branch", "job_class", "supervisor")
        .order_by("library__name", "job_class__name", "pk")
    )


def export_people(access: Access, *, q: str = "", **filters: Any) -> QuerySet[Person]:
    """The directory's people, each with `export_jobs`: the employments to list."""
    return (
        directory_people(access, q=q, **filters)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("employments", queryset=_jobs(access, **filters), to_attr="export_jobs")
        )
    )


def export_rows(access: Access, **filters: Any) -> Iterator[list[Any]]:
    """The header, then one list of cell values per row in COLUMNS order."""
    yield COLUMNS
    for person in export_people(access, **filters).iterator(chunk_size=CHUNK):
        for job in person.export_jobs:  # type: ignore[attr-defined]
            yield _row(person, job)


def _row(person: Person, job: Employment) -> list[Any]:
    in_full = bool(getattr(job, "in_full", False))
    hr: list[Any] = [None] * 5
    if in_full:
        hr = [
            job.weekly_hours,
            job.start_date,
            job.end_date,
            "yes" if job.benefits_eligible else "no",
            job.supervisor.email if job.supervisor else "",
        ]
    return [
        person.email,
        person.first_name,
        person.last_name,
        person.phone,
        job.library.name,
        job.branch.name if job.branch else "",
        job.job_class.code,
        job.job_class.name,
        job.title,
        "full-time" if job.is_full_time else "part-time",
        *hr,
    ]


def export_filename(fmt: str) -> str:
    return f"staff-directory-{timezone.localdate():%Y-%m-%d}.{fmt}"
