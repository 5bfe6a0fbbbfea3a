"""The coordinator's dashboard: members, upcoming network sessions by region with fill rates,
the advisory queue and its response times, and the temp agency's open requests.

Aggregates only (DESIGN.md: coordinators see network-wide aggregates of a library's staff).
A fixed number of queries whatever the size of the network.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ladder.learning.models import Registration, Session
from ladder.network import membership
from ladder.network.advisory import average_first_response
from ladder.network.models import AdvisoryRequest, TempPlacement, TempRequest
from ladder.orgs.models import Network

OPEN_ADVISORY = (AdvisoryRequest.Status.NEW, AdvisoryRequest.Status.ASSIGNED)
UPCOMING_DAYS = 180
NO_REGION = "No region (online)"


@dataclass
class RegionFill:
    region: str
    sessions: int
    seats: int
    taken: int

    @property
    def fill_percent(self) -> int:
        return round(100 * self.taken / self.seats) if self.seats else 0


@dataclass
class Dashboard:
    network: Network
    today: dt.date
    members_by_kind: list[membership.KindCount]
    former_members: int
    regions: list[RegionFill]
    advisory_by_status: list[tuple[str, int]]
    advisory_by_channel: list[tuple[str, int]]
    advisory_open: int
    advisory_oldest_open: dt.datetime | None
    advisory_average: dt.timedelta | None
    open_temp_requests: list[TempRequest]
    temp_open_count: int
    temps_working: int
    charts: dict[str, Any] = field(default_factory=dict)

    @property
    def members(self) -> int:
        return sum(k.members for k in self.members_by_kind)

    @property
    def annual_fees(self) -> Decimal:
        return sum((k.fees for k in self.members_by_kind), Decimal("0"))

    @property
    def sessions(self) -> int:
        return sum(r.sessions for r in self.regions)

    @property
    def members_summary(self) -> str:
        parts = [f"{k.members} {k.label.lower()}" for k in self.members_by_kind if k.members]
        return f"{self.members} current members: " + (", ".join(parts) or "none") + "."

    @property
    def regions_summary(self) -> str:
        parts = [f"{r.region} {r.fill_percent}% of {r.seats} seats" for r in self.regions]
        return "Seats taken in upcoming sessions by region: " + ("; ".join(parts) or "none") + "."


def _regions(network: Network, now: dt.datetime) -> list[RegionFill]:
    window = Q(
        status=Session.Status.SCHEDULED,
        starts_at__gte=now,
        starts_at__lt=now + dt.timedelta(days=UPCOMING_DAYS),
    )
    sessions = (
        Session.objects.filter(window, offering__provider_network=network)
        .order_by()
        .values("region__name")
        .annotate(n=Count("pk"), seats=Sum("capacity"))
        .values_list("region__name", "n", "seats")
    )
    taken = dict(
        Registration.objects.filter(
            session__in=Session.objects.filter(window, offering__provider_network=network),
            status__in=Registration.SEATED,
        )
        .order_by()
        .values("session__region__name")
        .annotate(n=Count("pk"))
        .values_list("session__region__name", "n")
    )
    rows = [
        RegionFill(region or NO_REGION, n, seats or 0, taken.get(region, 0))
        for region, n, seats in sessions
    ]
    return sorted(rows, key=lambda r: (r.region == NO_REGION, r.region))


def dashboard(network: Network, *, now: dt.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    kinds = membership.members_by_kind(network, today)
    former = membership.former_members(network, today).count()
    advisory = AdvisoryRequest.objects.filter(network=network)
    by_status = Counter(dict(advisory.order_by().values_list("status").annotate(n=Count("pk"))))
    by_channel = Counter(dict(advisory.order_by().values_list("channel").annotate(n=Count("pk"))))
    open_advisory = advisory.filter(status__in=OPEN_ADVISORY)
    oldest = open_advisory.order_by("created_at").values_list("created_at", flat=True).first()
    temp_open = (
        TempRequest.objects.filter(network=network, status=TempRequest.Status.OPEN)
        .select_related("library", "branch", "requested_by")
        .prefetch_related("competencies")
        .order_by("starts_on", "pk")
    )
    temp_list = list(temp_open[:10])
    temp_count = temp_open.count() if len(temp_list) == 10 else len(temp_list)
    working = (
        TempPlacement.objects.filter(
            request__network=network, is_cancelled=False, starts_on__lte=today, ends_on__gte=today
        )
        .values("worker_id")
        .distinct()
        .count()
    )
    regions = _regions(network, now)
    board = Dashboard(
        network=network,
        today=today,
        members_by_kind=kinds,
        former_members=former,
        regions=regions,
        advisory_by_status=[
            (str(label), by_status.get(value, 0)) for value, label in AdvisoryRequest.Status.choices
        ],
        advisory_by_channel=[
            (str(label), by_channel.get(value, 0))
            for value, label in AdvisoryRequest.Channel.choices
        ],
        advisory_open=sum(by_status.get(s, 0) for s in OPEN_ADVISORY),
        advisory_oldest_open=oldest,
        advisory_average=average_first_response(advisory),
        open_temp_requests=temp_list,
        temp_open_count=temp_count,
        temps_working=working,
    )
    board.charts = {
        "members": {
            "labels": [k.label for k in kinds],
            "label": "Current members",
            "data": [k.members for k in kinds],
            "unit": "",
        },
        "regions": {
            "labels": [r.region for r in regions],
            "label": "Seats taken (%)",
            "data": [r.fill_percent for r in regions],
            "unit": "%",
            "max": 100,
        },
    }
    return board


def coordinated_networks(access: Any) -> Any:
    """The networks the person coordinates (all, for a site admin)."""
    qs = Network.objects.order_by("name")
    if access.is_site_admin:
        return qs
    return qs.filter(Q(pk__in=access.coordinator_network_ids))
