"""Reads for the training catalogue, its calendar, offering and session pages, and the feeds.

Every list here is a bounded number of queries whatever its length: seats are counted in a
correlated subquery, the distance from the person's branch is an annotation, and dates,
competencies and facilitators are prefetched once per page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ASin, Cast, Coalesce, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from ladder.learning.audience import offerings_visible_to, owned_offerings_q
from ladder.learning.models import (
    Offering,
    OfferingCompetency,
    Registration,
    Session,
    SessionDate,
)
from ladder.learning.policies import can_run_session
from ladder.people.models import Employment

if TYPE_CHECKING:
    from ladder.core.access import Access
    from ladder.orgs.models import Region
    from ladder.people.models import Person
    from ladder.skills.models import Competency

EARTH_RADIUS_MILES = 3958.8
FORMAT_ONLINE = "online"
FORMAT_IN_PERSON = "in_person"
# A feed is fetched by calendar programs every few hours: keep it to what matters now.
FEED_PAST_DAYS = 60
FEED_MAX_SESSIONS = 500


# --- seats ------------------------------------------------------------------------------


def seats_taken(session_ref: str = "pk") -> Coalesce:
    """How many registrations hold a seat in the outer session (0 when there are none)."""
    seated = (
        Registration.objects.filter(
            session_id=OuterRef(session_ref), status__in=Registration.SEATED
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(seated, output_field=IntegerField()), 0)


def with_seats(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate seats_taken and seats_left (never below 0)."""
    return sessions.annotate(seats_taken=seats_taken()).annotate(
        seats_left=F("capacity") - F("seats_taken")
    )


def seats_left(session: Session) -> int:
    """Free seats of one session, from its annotation when the page already has it."""
    annotated = getattr(session, "seats_left", None)
    if annotated is not None:
        return max(int(annotated), 0)
    taken = session.registrations.filter(status__in=Registration.SEATED).count()
    return max(session.capacity - taken, 0)


# --- near me ----------------------------------------------------------------------------


def home_point(person: Person) -> tuple[float, float] | None:
    """Latitude and longitude of the branch of the person's main current job, if known."""
    job = (
        Employment.objects.current()
        .filter(
            person_id=person.pk, branch__latitude__isnull=False, branch__longitude__isnull=False
        )
        .select_related("branch")
        .order_by("-weekly_hours", "pk")
        .first()
    )
    if job is None or job.branch is None:
        return None
    return float(job.branch.latitude or 0), float(job.branch.longitude or 0)


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def _distance_expression(origin: tuple[float, float]) -> Any:
    """haversine_miles(origin, venue branch) as SQL, so ordering covers every result, not a
    page; NULL for sessions without a located branch. SQLite gets these functions from
    Django's backend, PostgreSQL has them built in."""
    lat0, lon0 = (math.radians(v) for v in origin)
    lat = Radians(Cast("venue_branch__latitude", FloatField()))
    lon = Radians(Cast("venue_branch__longitude", FloatField()))
    h = Power(Sin((lat - Value(lat0)) / 2), 2) + Value(math.cos(lat0)) * Cos(lat) * Power(
        Sin((lon - Value(lon0)) / 2), 2
    )
    # Rounding can push h a hair above 1, where asin fails on PostgreSQL. PostgreSQL's LEAST
    # ignores NULL (LEAST(NULL, 1) is 1), so an unlocated venue must stay NULL explicitly.
    distance = Value(2 * EARTH_RADIUS_MILES) * ASin(Sqrt(Least(h, Value(1.0))))
    located = Q(venue_branch__latitude__isnull=False, venue_branch__longitude__isnull=False)
    return Case(When(located, then=distance), default=None, output_field=FloatField())


# --- the catalogue ----------------------------------------------------------------------


def _with_offering_details(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.select_related(
        "offering__provider_library",
        "offering__provider_network",
        "venue_branch__library",
        "region",
    ).prefetch_related(
        "dates",
        Prefetch(
            "offering__competencies",
            queryset=OfferingCompetency.objects.select_related("competency"),
        ),
    )


def sessions_visible_to(access: Access) -> QuerySet[Session]:
    """Sessions of the offerings in the user's catalogue."""
    return Session.objects.filter(offering__in=offerings_visible_to(access))


def feedback_session(access: Access, pk: int) -> Session | None:
    """A session whose feedback the user may open: in their catalogue, registered for, or
    run by them (the feedback rules then say whether they may give or read it)."""
    session = Session.objects.select_related("offering").filter(pk=pk).first()
    if session is None:
        return None
    visible = (
        offerings_visible_to(access).filter(pk=session.offering_id).exists()
        or (
            access.person_id is not None
            and Registration.objects.filter(session=session, person_id=access.person_id).exists()
        )
        or can_run_session(access, session)
    )
    return session if visible else None


def catalogue_sessions(
    access: Access,
    *,
    q: str = "",
    kind: str = "",
    competency: Competency | None = None,
    region: Region | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    free: bool = False,
    format: str = "",
    seats: bool = False,
    near: tuple[float, float] | None = None,
    include_past: bool = False,
) -> QuerySet[Session]:
    """Sessions of the offerings the user may see, filtered, with seats and (near) distance.

    Upcoming sessions only unless include_past or date_from says otherwise; cancelled ones
    stay listed (marked) so that those registered can see it, except when asking for seats.
    """
    sessions = sessions_visible_to(access)
    if q:
        topic = OfferingCompetency.objects.filter(
            Q(competency__name__icontains=q) | Q(competency__area__name__icontains=q),
            offering_id=OuterRef("offering_id"),
        )
        sessions = sessions.filter(
            Q(offering__title__icontains=q)
            | Q(offering__description__icontains=q)
            | Q(offering__provider_name__icontains=q)
            | Q(title__icontains=q)
            | Exists(topic)
        )
    if kind:
        sessions = sessions.filter(offering__kind=kind)
    if competency is not None:
        sessions = sessions.filter(
            Exists(
                OfferingCompetency.objects.filter(
                    offering_id=OuterRef("offering_id"), competency=competency
                )
            )
        )
    if region is not None:
        sessions = sessions.filter(region=region)
    if date_from is not None:
        sessions = sessions.filter(ends_at__gte=_day_start(date_from))
    elif not include_past:
        sessions = sessions.filter(ends_at__gte=timezone.now())
    if date_to is not None:
        sessions = sessions.filter(starts_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if free:
        sessions = sessions.filter(offering__fee=0)
    in_person = Q(venue_branch__isnull=False) | ~Q(venue_address="")
    if format == FORMAT_ONLINE:
        sessions = sessions.filter(~Q(online_url="")).exclude(in_person)
    elif format == FORMAT_IN_PERSON:
        sessions = sessions.filter(in_person)
    sessions = with_seats(sessions)
    if seats:
        sessions = sessions.filter(status=Session.Status.SCHEDULED, capacity__gt=seats_taken())
    sessions = _with_offering_details(sessions)
    if near is not None:
        return sessions.annotate(distance=_distance_expression(near)).order_by(
            F("distance").asc(nulls_last=True), "starts_at", "pk"
        )
    return sessions.order_by("starts_at", "pk")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- the calendar -----------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: dt.date
    in_month: bool
    is_today: bool
    entries: list[SessionDate] = field(default_factory=list)


def calendar_month(sessions: QuerySet[Session], year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Sunday first) of a month, each day with the session dates on it.

    A series shows on each of its dates. A date is placed on its day in the session's own
    time zone, which is where people will be.
    """
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    # A day's margin either side covers every time zone's idea of the grid's first and last day.
    dates = (
        SessionDate.objects.filter(
            session__in=sessions.order_by().values("pk"),
            starts_at__gte=_day_start(first - dt.timedelta(days=1)),
            starts_at__lt=_day_start(last + dt.timedelta(days=2)),
        )
        .select_related("session__offering")
        .annotate(seats_left=F("session__capacity") - seats_taken("session_id"))
        .order_by("starts_at", "pk")
    )
    today = timezone.localdate()
    days = {d: CalendarDay(d, d.month == month, d == today) for week in weeks for d in week}
    for entry in dates:
        local = entry.starts_at.astimezone(_zone(entry.session.timezone))
        if local.date() in days:
            days[local.date()].entries.append(entry)
    return [[days[d] for d in week] for week in weeks]


def _zone(name: str) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


# --- one offering, one session ----------------------------------------------------------


def offering_detail(access: Access, pk: int) -> Offering | None:
    return (
        offerings_visible_to(access)
        .select_related("provider_library", "provider_network", "created_by")
        .prefetch_related(
            "audience_job_classes",
            "audience_libraries",
            Prefetch(
                "competencies",
                queryset=OfferingCompetency.objects.select_related("competency__framework"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def offering_sessions(offering: Offering, *, include_past: bool = False) -> list[Session]:
    sessions = with_seats(offering.sessions.all())
    if not include_past:
        sessions = sessions.filter(ends_at__gte=timezone.now())
    return list(
        sessions.select_related("venue_branch__library", "region")
        .prefetch_related("dates")
        .order_by("starts_at", "pk")
    )


def session_detail(access: Access, pk: int) -> Session | None:
    sessions = sessions_visible_to(access)
    return (
        with_seats(sessions)
        .select_related(
            "offering__provider_library",
            "offering__provider_network",
            "venue_branch__library",
            "region",
        )
        .prefetch_related(
            "dates",
            "facilitators",
            "offering__audience_job_classes",
            "offering__audience_libraries",
        )
        .filter(pk=pk)
        .first()
    )


def unscheduled_offerings(access: Access, limit: int = 20) -> list[Offering]:
    """The user's own offerings with no upcoming session, newest first, so that an organiser
    finds the ones still to schedule (the catalogue itself lists sessions)."""
    upcoming = Session.objects.filter(
        offering_id=OuterRef("pk"), status=Session.Status.SCHEDULED, ends_at__gte=timezone.now()
    )
    offerings = Offering.objects.filter(owned_offerings_q(access)).exclude(Exists(upcoming))
    return list(offerings.order_by("-created_at", "-pk")[:limit])


# --- feeds ------------------------------------------------------------------------------


def _feed_sessions(sessions: QuerySet[Session]) -> QuerySet[Session]:
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return (
        sessions.filter(ends_at__gte=since)
        .select_related("offering", "venue_branch__library")
        .prefetch_related("dates")
        .order_by("starts_at", "pk")
    )


def public_feed_sessions(*, kind: str = "", region: Region | None = None) -> list[Session]:
    """Sessions of published offerings, recent and upcoming, cancelled ones included."""
    sessions = Session.objects.filter(offering__is_published=True)
    if kind:
        sessions = sessions.filter(offering__kind=kind)
    if region is not None:
        sessions = sessions.filter(region=region)
    return list(_feed_sessions(sessions)[:FEED_MAX_SESSIONS])


def person_feed_registrations(person: Person) -> list[Registration]:
    """The person's live registrations (waitlisted and requested too), recent and upcoming."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    registrations = (
        Registration.objects.filter(
            person_id=person.pk, status__in=Registration.ACTIVE, session__ends_at__gte=since
        )
        .select_related("session__offering", "session__venue_branch__library")
        .prefetch_related("session__dates")
        .order_by("session__starts_at", "pk")
    )
    return list(registrations[:FEED_MAX_SESSIONS])
