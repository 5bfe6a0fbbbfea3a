"""The regional workshop planner: where to repeat an offering k times so its audience travels least.

The optimisation itself lives in ladder.optimize.pmedian (no Django). This module gathers the
candidate branches (those of the offering's audience libraries that have coordinates) and
their weights (people of the audience with a current employment there), turns the solver's
answer into rows for the page and an SVG map, and creates the sessions in one transaction.

Queries are bounded: a handful for any number of branches and staff.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.policies import require
from ladder.learning.audience import provider_library_ids
from ladder.learning.models import Offering, Session
from ladder.learning.offerings import session_create
from ladder.network.policies import can_plan_offering
from ladder.optimize import pmedian
from ladder.orgs.models import Branch
from ladder.people.models import Employment

if TYPE_CHECKING:
    from ladder.people.models import Person

TARGET_GAP = 0.005
TIME_BUDGET = 1.5


@dataclass
class Site:
    branch_id: int
    name: str
    library_name: str
    region_id: int | None
    region_name: str
    latitude: float
    longitude: float
    weight: int
    # Filled in by a plan.
    host_id: int | None = None
    distance_km: float = 0.0
    x: float = 0.0
    y: float = 0.0


@dataclass
class HostRow:
    number: int
    site: Site
    served: list[Site] = field(default_factory=list)
    weight: int = 0
    farthest_km: float = 0.0


@dataclass
class RegionalPlan:
    k: int
    sites: list[Site]
    hosts: list[HostRow]
    result: pmedian.Plan
    width: int
    height: int

    @property
    def staff(self) -> int:
        return sum(site.weight for site in self.sites)

    @property
    def average_km(self) -> float:
        return self.result.cost / self.staff if self.staff else 0.0

    @property
    def farthest_site(self) -> Site | None:
        staffed = [s for s in self.sites if s.weight > 0]
        return max(staffed, key=lambda s: s.distance_km) if staffed else None

    @property
    def lines(self) -> list[tuple[Site, Site]]:
        by_id = {row.site.branch_id: row.site for row in self.hosts}
        return [
            (site, by_id[site.host_id])
            for site in self.sites
            if site.host_id is not None and site.host_id != site.branch_id
        ]


def candidate_sites(offering: Offering) -> list[Site]:
    """The audience's branches that have coordinates, each weighted by its audience staff."""
    libraries = provider_library_ids(offering)
    only_libraries = {lib.pk for lib in offering.audience_libraries.all()}
    only_classes = {jc.pk for jc in offering.audience_job_classes.all()}
    if only_libraries:
        libraries = only_libraries if libraries is None else libraries & only_libraries
    branches = Branch.objects.filter(latitude__isnull=False, longitude__isnull=False)
    jobs = Employment.objects.current().filter(branch__isnull=False)
    if libraries is not None:
        branches = branches.filter(library_id__in=libraries)
        jobs = jobs.filter(library_id__in=libraries)
    if only_classes:
        jobs = jobs.filter(job_class_id__in=only_classes)
    counts = dict(
        jobs.values("branch_id")
        .annotate(people=Count("person_id", distinct=True))
        .values_list("branch_id", "people")
    )
    rows = branches.order_by("pk").values_list(
        "pk",
        "name",
        "library__name",
        "library__region_id",
        "library__region__name",
        "latitude",
        "longitude",
    )
    return [
        Site(
            branch_id=pk,
            name=name,
            library_name=library_name,
            region_id=region_id,
            region_name=region_name or "",
            latitude=float(lat or 0),
            longitude=float(lon or 0),
            weight=counts.get(pk, 0),
        )
        for pk, name, library_name, region_id, region_name, lat, lon in rows
    ]


def check_k(k: int | None, candidates: int) -> None:
    """ValidationError on the field "k" for a number of hosts that cannot be planned."""
    if k is None or k < 1:
        raise ValidationError({"k": "Choose at least 1 host branch."})
    if candidates == 0:
        raise ValidationError(
            {"k": "None of this offering's audience branches has coordinates to plan with."}
        )
    if k > candidates:
        raise ValidationError(
            {
                "k": f"Choose at most {candidates} host branches: only {candidates} branches "
                "of this offering's audience have coordinates."
            }
        )


def _project(sites: list[Site], width: int) -> int:
    """Place sites in an SVG box (equirectangular, scaled for latitude); returns its height."""
    pad = 12.0
    lats = [s.latitude for s in sites]
    lons = [s.longitude for s in sites]
    scale_x = math.cos(math.radians((max(lats) + min(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * scale_x, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    unit = (width - 2 * pad) / span_x
    height = int(min(max(span_y * unit + 2 * pad, 120), width * 1.5))
    unit = min(unit, (height - 2 * pad) / span_y)
    for site in sites:
        site.x = round(pad + (site.longitude - min(lons)) * scale_x * unit, 1)
        site.y = round(pad + (max(lats) - site.latitude) * unit, 1)
    return height


def plan_sites(sites: list[Site], k: int, *, width: int = 640) -> RegionalPlan:
    """Solve the weighted p-median for these sites (ValidationError on "k" for a bad k)."""
    check_k(k, len(sites))
    result = pmedian.solve(
        [s.latitude for s in sites],
        [s.longitude for s in sites],
        np.array([s.weight for s in sites], dtype=np.float64),
        k,
        target_gap=TARGET_GAP,
        time_budget=TIME_BUDGET,
    )
    rows = {
        index: HostRow(number=number, site=sites[index])
        for number, index in enumerate(result.hosts, start=1)
    }
    for site, host, distance in zip(sites, result.assignment, result.distances, strict=True):
        row = rows[host]
        site.host_id = row.site.branch_id
        site.distance_km = distance
        row.served.append(site)
        row.weight += site.weight
        if site.weight > 0:
            row.farthest_km = max(row.farthest_km, distance)
    height = _project(sites, width)
    hosts = sorted(rows.values(), key=lambda r: r.number)
    return RegionalPlan(k=k, sites=sites, hosts=hosts, result=result, width=width, height=height)


def plan_offering(offering: Offering, k: int) -> RegionalPlan:
    return plan_sites(candidate_sites(offering), k)


def _session_title(site: Site) -> str:
    title = f"{site.region_name}: {site.name}" if site.region_name else site.name
    return title[:200]


def upcoming_sessions(offering: Offering) -> list[Session]:
    """The offering's scheduled sessions that have not ended: what a new plan would add to."""
    return list(
        Session.objects.filter(
            offering=offering, status=Session.Status.SCHEDULED, ends_at__gte=timezone.now()
        )
        .select_related("venue_branch")
        .order_by("starts_at", "pk")
    )


def _session_line(session: Session) -> str:
    where = session.venue_branch.name if session.venue_branch else session.title or "online"
    return f"{timezone.localtime(session.starts_at):%-d %b %Y} at {where}"


def planned_sessions_create(
    *,
    by: Person,
    offering: Offering,
    k: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    also_when_scheduled: bool = False,
) -> list[Session]:
    """Plan k hosts and schedule one session at each (all or none), on the same date.

    Where the offering already has upcoming sessions, nothing is created unless the caller
    says so (``also_when_scheduled``): planning twice must not double the sessions unnoticed.
    """
    require(can_plan_offering, access_for(by), offering)
    existing = upcoming_sessions(offering)
    if existing and not also_when_scheduled:
        shown = "; ".join(_session_line(s) for s in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        raise ValidationError(
            {
                "also_when_scheduled": (
                    f"{offering} already has {len(existing)} upcoming "
                    f"session{'s' if len(existing) != 1 else ''} ({shown}{more}). "
                    f"Confirm to add {k} more."
                )
            }
        )
    plan = plan_offering(offering, k)
    branches = Branch.objects.select_related("library__region").in_bulk(
        [row.site.branch_id for row in plan.hosts]
    )
    sessions = []
    with transaction.atomic():
        for row in plan.hosts:
            branch = branches[row.site.branch_id]
            sessions.append(
                session_create(
                    by=by,
                    offering=offering,
                    dates=[(starts_at, ends_at)],
                    capacity=capacity,
                    title=_session_title(row.site),
                    venue_branch=branch,
                    region=branch.library.region,
                )
            )
        log_action(
            actor=by,
            action="network.plan.sessions_created",
            obj=offering,
            summary=f"Planned {k} regional sessions of {offering}",
            changes={
                "hosts": [None, [row.site.branch_id for row in plan.hosts]],
                "cost": [None, round(plan.result.cost, 1)],
                "lower_bound": [None, round(plan.result.lower_bound, 1)],
            },
        )
    return sessions
