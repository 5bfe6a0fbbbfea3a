"""The training catalogue: offerings and their sessions. Everyone sees the offerings of their
catalogue (their library's, their network's, and those they run); the provider library's
admins or the network's coordinators create and change them."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many, resolve_fields
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.learning import (
    CatalogueFilter,
    CompetencyLevelOut,
    OfferingCompetenciesPut,
    OfferingCreate,
    OfferingDetail,
    OfferingFilter,
    OfferingOut,
    OfferingUpdate,
    SessionCancel,
    SessionCreate,
    SessionDetail,
    SessionFilter,
    SessionOut,
    SessionUpdate,
)
from ladder.core.access import Access
from ladder.core.policies import admin_or_coordinator, api_permission, require, signed_in
from ladder.learning import selectors
from ladder.learning.audience import (
    in_audience,
    offerings_visible_to,
    provider_label,
    provider_library_ids,
)
from ladder.learning.models import Offering, OfferingCompetency, Registration, Session
from ladder.learning.offerings import (
    offering_competency_set,
    offering_create,
    offering_update,
    session_cancel,
    session_create,
    session_update,
)
from ladder.learning.policies import can_manage_offering, can_run_session
from ladder.learning.registrations import closed_reason, waitlist
from ladder.learning.selectors import sessions_visible_to
from ladder.orgs.models import Branch, Library, Network, Region
from ladder.people.models import JobClass, Person
from ladder.skills.models import Competency

router = Router(tags=["training catalogue"])


def _attach(obj: Any, **values: Any) -> Any:
    """Set what the schema shows beside the model's own fields (computed for this reader)."""
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def _competencies() -> Prefetch[str, QuerySet[Any]]:
    return Prefetch(
        "competencies",
        queryset=OfferingCompetency.objects.select_related("competency").order_by(
            "competency__name", "pk"
        ),
    )


def _upcoming() -> QuerySet[Session]:
    return Session.objects.filter(
        offering_id=OuterRef("pk"),
        status=Session.Status.SCHEDULED,
        ends_at__gte=timezone.now(),
    )


def _with_schedule(offerings: QuerySet[Offering]) -> QuerySet[Offering]:
    """Annotate how many sessions are still to come and when the next one starts."""
    count = _upcoming().order_by().values("offering_id").annotate(n=Count("pk")).values("n")
    first = _upcoming().order_by("starts_at", "pk").values("starts_at")[:1]
    return offerings.annotate(
        upcoming_sessions=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        next_starts_at=Subquery(first),
    )


def _objects(filters: CatalogueFilter) -> dict[str, Any] | None:
    """The filters as catalogue_sessions takes them; None when an id names nothing."""
    chosen: dict[str, Any] = {}
    for name, model in (("competency", Competency), ("region", Region)):
        pk = getattr(filters, name)
        if pk is not None:
            chosen[name] = model._default_manager.filter(pk=pk).first()
            if chosen[name] is None:
                return None
    for name in ("q", "kind", "date_from", "date_to", "free"):
        value = getattr(filters, name)
        if value:
            chosen[name] = value
    if filters.online is not None:
        chosen["format"] = selectors.FORMAT_ONLINE if filters.online else selectors.FORMAT_IN_PERSON
    if filters.seats_left:
        chosen["seats"] = True
    return chosen


SESSION_FILTERS = ("region", "date_from", "date_to", "format", "seats")


def catalogue_offerings(caller: Access, filters: OfferingFilter) -> QuerySet[Offering]:
    """Offerings of the caller's catalogue; session filters ask for a matching session."""
    chosen = _objects(filters)
    if chosen is None:
        return Offering.objects.none()
    offerings = offerings_visible_to(caller)
    if "kind" in chosen:
        offerings = offerings.filter(kind=chosen["kind"])
    if chosen.get("free"):
        offerings = offerings.filter(fee=0)
    if "competency" in chosen:
        offerings = offerings.filter(
            Exists(
                OfferingCompetency.objects.filter(
                    offering_id=OuterRef("pk"), competency=chosen["competency"]
                )
            )
        )
    if "q" in chosen:
        q = chosen["q"]
        topic = OfferingCompetency.objects.filter(
            Q(competency__name__icontains=q) | Q(competency__area__name__icontains=q),
            offering_id=OuterRef("pk"),
        )
        offerings = offerings.filter(
            Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(provider_name__icontains=q)
            | Exists(topic)
        )
    session_filters = {k: v for k, v in chosen.items() if k in SESSION_FILTERS}
    if session_filters or filters.scheduled:
        sessions = selectors.catalogue_sessions(caller, **session_filters)
        if not session_filters.get("seats"):
            sessions = sessions.filter(status=Session.Status.SCHEDULED)
        offerings = offerings.filter(pk__in=sessions.order_by().values("offering_id"))
    return (
        _with_schedule(offerings)
        .select_related("provider_library", "provider_network")
        .prefetch_related(_competencies())
        .order_by("title", "pk")
    )


def catalogue_sessions(request: HttpRequest, filters: SessionFilter) -> QuerySet[Session]:
    caller = access(request)
    chosen = _objects(filters)
    if chosen is None:
        return Session.objects.none()
    near = selectors.home_point(person(request)) if filters.order == "near" else None
    sessions = selectors.catalogue_sessions(caller, near=near, include_past=filters.past, **chosen)
    if filters.offering is not None:
        sessions = sessions.filter(offering_id=filters.offering)
    return sessions


def visible_offering(request: HttpRequest, offering_id: int) -> Offering:
    offering = selectors.offering_detail(access(request), offering_id)
    if offering is None:
        raise Http404("No such offering")
    return offering


def offering_page(request: HttpRequest, offering_id: int) -> Offering:
    """The offering with its sessions to come and what the reader may do with it."""
    fresh = visible_offering(request, offering_id)
    sessions = selectors.offering_sessions(fresh)
    scheduled = [s for s in sessions if s.status == Session.Status.SCHEDULED]
    ok, reason = in_audience(person(request), fresh)
    return _attach(
        fresh,
        listed_sessions=sessions,
        upcoming_sessions=len(scheduled),
        next_starts_at=scheduled[0].starts_at if scheduled else None,
        audience=provider_label(fresh),
        in_audience=ok,
        audience_reason=reason,
        can_manage=can_manage_offering(access(request), fresh),
    )


def visible_session(request: HttpRequest, session_id: int) -> Session:
    session = selectors.session_detail(access(request), session_id)
    if session is None:
        raise Http404("No such session")
    return session


def session_page(request: HttpRequest, session_id: int) -> Session:
    """The session with the reader's own registration, audience and rights attached."""
    caller, me = access(request), person(request)
    session = visible_session(request, session_id)
    mine = Registration.objects.filter(
        session=session, person_id=me.pk, status__in=Registration.ACTIVE
    ).first()
    ok, reason = in_audience(me, session.offering)
    can_run = can_run_session(caller, session)
    # As on the page: the link to join is for those registered and those who run it.
    link = session.online_url if session.online_url and (mine or can_run) else None
    return _attach(
        session,
        visible_online_url=link,
        waitlisted=waitlist(session).count(),
        closed_reason=closed_reason(session),
        in_audience=ok,
        audience_reason=reason,
        my_registration=mine,
        can_manage=can_manage_offering(caller, session.offering),
        can_run=can_run,
    )


def _offering_fields(data: dict[str, Any]) -> dict[str, Any]:
    resolve_fields(
        data,
        {"provider_library": Library.objects.all(), "provider_network": Network.objects.all()},
    )
    if data.get("audience_job_classes") is not None:
        data["audience_job_classes"] = many(
            JobClass.objects.all(), data["audience_job_classes"], "audience_job_classes"
        )
    if data.get("audience_libraries") is not None:
        data["audience_libraries"] = many(
            Library.objects.all(), data["audience_libraries"], "audience_libraries"
        )
    return data


def _session_fields(offering: Offering, data: dict[str, Any]) -> dict[str, Any]:
    branches = Branch.objects.select_related("library__region")
    provider = provider_library_ids(offering)
    if provider is not None:
        # As the page's branch list: a venue among the provider's own libraries.
        branches = branches.filter(library_id__in=provider)
    resolve_fields(data, {"venue_branch": branches, "region": Region.objects.all()})
    if data.get("facilitators") is not None:
        people = Person.objects.filter(is_active=True)
        data["facilitators"] = many(people, data["facilitators"], "facilitators")
    if data.get("dates") is not None:
        data["dates"] = [(date["starts_at"], date["ends_at"]) for date in data["dates"]]
    return data


# --- offerings ------------------------------------------------------------------------------


@router.get(
    "/offerings",
    response=list[OfferingOut],
    summary="The offerings of your training catalogue",
    description=(
        "Offerings open to your library's staff or your network's member libraries, and those "
        "you run. `region`, the dates, `online` and `seats_left` ask for a session to come "
        "that matches; an unknown id matches nothing."
    ),
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=offerings_visible_to)
def list_offerings(request: HttpRequest, filters: Query[OfferingFilter]) -> QuerySet[Offering]:
    return catalogue_offerings(access(request), filters)


@router.get(
    "/offerings/{offering_id}",
    response=OfferingDetail,
    summary="An offering with its competencies, audience and sessions to come",
)
@api_permission(signed_in, scope=offerings_visible_to)
def get_offering(request: HttpRequest, offering_id: int) -> Offering:
    return offering_page(request, offering_id)


@router.post(
    "/offerings",
    response={201: OfferingDetail},
    summary="Add an offering (a library's admins, a network's coordinators)",
    description=(
        "The audience is the provider's whole staff, pages included. Restricting it to some "
        "job classes or libraries needs `restriction_reason`, which the people left out see."
    ),
)
@api_permission(admin_or_coordinator)
def create_offering(request: HttpRequest, payload: OfferingCreate) -> Status[Any]:
    data = _offering_fields(payload.model_dump(exclude_unset=True))
    offering = offering_create(by=person(request), **data)
    return Status(201, offering_page(request, offering.pk))


@router.patch("/offerings/{offering_id}", response=OfferingDetail)
@api_permission(can_manage_offering, scope=offerings_visible_to)
def update_offering(request: HttpRequest, offering_id: int, payload: OfferingUpdate) -> Offering:
    offering = visible_offering(request, offering_id)
    data = _offering_fields(payload.model_dump(exclude_unset=True))
    offering_update(by=person(request), offering=offering, **data)
    return offering_page(request, offering.pk)


@router.put(
    "/offerings/{offering_id}/competencies",
    response=list[CompetencyLevelOut],
    summary="Replace the competencies an offering addresses and the level each reaches",
    description="Send the whole set: competencies left out are removed (all or nothing).",
)
@api_permission(can_manage_offering, scope=offerings_visible_to)
def set_offering_competencies(
    request: HttpRequest, offering_id: int, payload: OfferingCompetenciesPut
) -> list[OfferingCompetency]:
    offering = visible_offering(request, offering_id)
    # Checked here too: an unchanged empty set calls no service that would check it.
    message = "Only the offering's provider may edit its competencies."
    require(can_manage_offering, access(request), offering, message=message)
    wanted = [item.competency for item in payload.competencies]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"competencies": ["Name each competency once."]})
    found = many(Competency.objects.select_related("framework"), wanted, "competencies")
    dropped = OfferingCompetency.objects.filter(offering=offering).exclude(competency_id__in=wanted)
    me = person(request)
    with transaction.atomic():
        for line in dropped.select_related("competency"):
            offering_competency_set(
                by=me, offering=offering, competency=line.competency, level=None
            )
        for competency, item in zip(found, payload.competencies, strict=True):
            offering_competency_set(
                by=me, offering=offering, competency=competency, level=item.level
            )
    return list(
        OfferingCompetency.objects.filter(offering=offering)
        .select_related("competency")
        .order_by("competency__name", "pk")
    )


# --- sessions -------------------------------------------------------------------------------


@router.get(
    "/sessions",
    response=list[SessionOut],
    summary="The catalogue: sessions you may see, soonest first",
    description=(
        "Sessions not over yet (with `past`, those over too; `date_from` sets the start), "
        "cancelled ones included so that those registered see it, except with `seats_left`. "
        "`order=near` puts the sessions nearest your branch first."
    ),
)
@paginate(LimitOffset)
@api_permission(signed_in, scope=sessions_visible_to)
def list_sessions(request: HttpRequest, filters: Query[SessionFilter]) -> QuerySet[Session]:
    return catalogue_sessions(request, filters)


@router.get(
    "/sessions/{session_id}",
    response=SessionDetail,
    summary="A session: its dates, venue, seats left, and whether you may register",
)
@api_permission(signed_in, scope=sessions_visible_to)
def get_session(request: HttpRequest, session_id: int) -> Session:
    return session_page(request, session_id)


@router.post(
    "/offerings/{offering_id}/sessions",
    response={201: SessionDetail},
    summary="Schedule a session: one date, or a series under one registration",
)
@api_permission(can_manage_offering, scope=offerings_visible_to)
def create_session(request: HttpRequest, offering_id: int, payload: SessionCreate) -> Status[Any]:
    offering = visible_offering(request, offering_id)
    data = _session_fields(offering, payload.model_dump(exclude_unset=True))
    session = session_create(
        by=person(request),
        offering=offering,
        dates=data.pop("dates"),
        capacity=data.pop("capacity"),
        **data,
    )
    return Status(201, session_page(request, session.pk))


@router.patch(
    "/sessions/{session_id}",
    response=SessionDetail,
    summary="Edit a session; those registered hear of a change of when or where",
)
@api_permission(can_manage_offering, scope=sessions_visible_to)
def update_session(request: HttpRequest, session_id: int, payload: SessionUpdate) -> Session:
    session = visible_session(request, session_id)
    data = _session_fields(session.offering, payload.model_dump(exclude_unset=True))
    session_update(by=person(request), session=session, **data)
    return session_page(request, session.pk)


@router.post(
    "/sessions/{session_id}/cancel",
    response=SessionDetail,
    summary="Cancel a session; those registered are told the reason",
)
@api_permission(can_manage_offering, scope=sessions_visible_to)
def cancel_session(request: HttpRequest, session_id: int, payload: SessionCancel) -> Session:
    session = visible_session(request, session_id)
    session_cancel(by=person(request), session=session, reason=payload.reason)
    return session_page(request, session.pk)
