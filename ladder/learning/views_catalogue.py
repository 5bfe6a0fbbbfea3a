"""The training catalogue (list and month calendar), offering and session pages, the pages
organisers use to create, edit and cancel them, and the iCalendar feeds.

What a user may not see is a 404 (an offering outside their catalogue); what they may see
but not change is a 403. Views parse, call a service, and render; the services hold the rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from ladder.core.access import Access, access_for
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import (
    admin_or_coordinator,
    allowed,
    permission,
    public,
    require,
    signed_in,
)
from ladder.core.submission import saved
from ladder.core.throttle import public_link
from ladder.learning import ical, offerings, selectors
from ladder.learning.audience import in_audience, offerings_visible_to, provider_label
from ladder.learning.forms_catalogue import (
    CatalogueFilterForm,
    OfferingCompetencyForm,
    OfferingForm,
    SessionCancelForm,
    SessionForm,
    date_formset,
    formset_dates,
)
from ladder.learning.models import Offering, Session
from ladder.learning.policies import can_manage_offering
from ladder.learning.views_registration import register_box_context
from ladder.orgs.forms import show_errors
from ladder.people.models import Person

GET_POST = require_http_methods(["GET", "POST"])


def _status(*forms: Any) -> int:
    """A POST that failed validation answers 400, so tools and tests can tell."""
    return 400 if any(f.is_bound and not f.is_valid() for f in forms) else 200


def _offering(access: Access, pk: int) -> Offering:
    offering = selectors.offering_detail(access, pk)
    if offering is None:
        raise Http404("No such offering")
    return offering


def _managed_offering(access: Access, pk: int) -> Offering:
    offering = _offering(access, pk)
    require(can_manage_offering, access, offering)
    return offering


def _managed_session(access: Access, pk: int) -> Session:
    session = selectors.session_detail(access, pk)
    if session is None:
        raise Http404("No such session")
    message = "Only the offering's provider may change its sessions."
    require(can_manage_offering, access, session.offering, message=message)
    return session


def _feed_urls(request: AuthedRequest) -> dict[str, str]:
    return {
        "public_feed_url": request.build_absolute_uri(reverse("learning:feed_public")),
        "person_feed_url": request.build_absolute_uri(
            reverse("learning:feed_person", args=[request.user.feed_token])
        ),
    }


# --- the catalogue ----------------------------------------------------------------------


@permission(signed_in, scope=offerings_visible_to)
def catalogue(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = CatalogueFilterForm(request.GET)
    near = selectors.home_point(request.user) if form.near else None
    if form.near and near is None:
        messages.info(request, "Your branch's location is not known, so the soonest come first.")
    sessions = selectors.catalogue_sessions(access, near=near, **form.filters())
    can_create = allowed(admin_or_coordinator, access)
    context = {
        "form": form,
        "show_distance": near is not None,
        "can_create": can_create,
        "unscheduled": selectors.unscheduled_offerings(access) if can_create else [],
        **_feed_urls(request),
        **paginate(request, sessions),
    }
    is_fragment = request.headers.get("HX-Target") == "catalogue-results"
    template = "learning/catalogue_results.html" if is_fragment else "learning/catalogue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _month(request: HttpRequest) -> dt.date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


@permission(signed_in, scope=offerings_visible_to)
def calendar(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = CatalogueFilterForm(request.GET, calendar=True)
    sessions = selectors.catalogue_sessions(access, include_past=True, **form.filters())
    first = _month(request)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    params = request.GET.copy()
    params.pop("month", None)
    weeks = selectors.calendar_month(sessions, first.year, first.month)
    context = {
        "form": form,
        "month": first,
        "weeks": weeks,
        "has_entries": any(day.entries for week in weeks for day in week if day.in_month),
        "previous_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "querystring": f"{params.urlencode()}&" if params else "",
        "can_create": allowed(admin_or_coordinator, access),
        **_feed_urls(request),
    }
    return render(request, "learning/calendar.html", context)


# --- offerings --------------------------------------------------------------------------


@permission(signed_in, scope=offerings_visible_to)
def offering_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    offering = _offering(access, pk)
    ok, reason = in_audience(request.user, offering)
    context = {
        "offering": offering,
        "sessions": selectors.offering_sessions(offering),
        "in_audience": ok,
        "audience_reason": reason,
        "provider_audience": provider_label(offering),
        "can_manage": can_manage_offering(access, offering),
    }
    return render(request, "learning/offering_detail.html", context)


@permission(admin_or_coordinator)
@GET_POST
def offering_create(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = OfferingForm(request.POST or None, access=access)
    offering: Offering | None = None

    def save() -> str:
        nonlocal offering
        offering = offerings.offering_create(by=request.user, **form.service_fields())
        return f"Added {offering}. Now schedule a session."

    if saved(request, form, save, show_errors=show_errors) and offering is not None:
        return redirect(offering)
    context = {"form": form, "title": "Add training", "cancel_url": reverse("learning:catalogue")}
    return render(request, "learning/offering_form.html", context, status=_status(form))


@permission(can_manage_offering)
@GET_POST
def offering_update(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    offering = _managed_offering(access, pk)
    form = OfferingForm(request.POST or None, instance=offering, access=access)

    def save() -> str:
        offerings.offering_update(by=request.user, offering=offering, **form.service_fields())
        return f"Saved {offering}."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(offering)
    context = {"form": form, "title": f"Edit {offering}", "cancel_url": offering.get_absolute_url()}
    return render(request, "learning/offering_form.html", context, status=_status(form))


@permission(can_manage_offering)
@GET_POST
def offering_competencies(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    offering = _managed_offering(access, pk)
    form = OfferingCompetencyForm(request.POST or None)

    def save() -> str:
        offerings.offering_competency_set(
            by=request.user,
            offering=offering,
            competency=form.cleaned_data["competency"],
            level=form.cleaned_data["level"],
        )
        return "Saved the competencies."

    if saved(request, form, save, show_errors=show_errors):
        return redirect("learning:offering_competencies", pk=offering.pk)
    context = {
        "offering": offering,
        "form": form,
        "competencies": offering.competencies.select_related("competency__area").order_by(
            "competency__area__position", "competency__position"
        ),
    }
    return render(request, "learning/offering_competencies.html", context, status=_status(form))


# --- sessions ---------------------------------------------------------------------------


@permission(signed_in, scope=offerings_visible_to)
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    session = selectors.session_detail(access, pk)
    if session is None:
        raise Http404("No such session")
    # The register box (the registration work's) checks the audience and finds the person's
    # registration; the page reuses its answers rather than asking twice.
    box = register_box_context(request.user, session)
    now = timezone.now()
    deadline = session.registration_deadline or session.starts_at
    context = {
        **box,
        "session": session,
        "offering": session.offering,
        "dates": list(session.dates.all()),
        "seats_left": selectors.seats_left(session),
        "in_audience": box["register_box"]["in_audience"],
        "audience_reason": box["register_box"]["audience_reason"],
        "registration": box["register_box"]["registration"],
        "registration_open": session.status == Session.Status.SCHEDULED and now < deadline,
        "can_manage": can_manage_offering(access, session.offering),
    }
    return render(request, "learning/session_detail.html", context)


def _session_form_page(
    request: AuthedRequest,
    offering: Offering,
    session: Session | None,
    *,
    title: str,
    submit: str,
) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=session, offering=offering)
    dates = date_formset(request.POST or None, session=session)
    date_errors: list[str] = []

    def save() -> str:
        nonlocal session
        fields = form.service_fields()
        pairs = formset_dates(dates, form.zone) if form.zone else []
        if session is None:
            session = offerings.session_create(
                by=request.user,
                offering=offering,
                dates=pairs,
                capacity=fields.pop("capacity"),
                **fields,
            )
        else:
            offerings.session_update(by=request.user, session=session, dates=pairs, **fields)
        return f"Saved {session}."

    def show_session_errors(target: SessionForm, exc: ValidationError) -> None:
        """The service's errors on the dates show above the date rows; all go on the form."""
        nonlocal date_errors
        if hasattr(exc, "error_dict"):
            date_errors = exc.message_dict.get("dates", [])
        show_errors(target, exc)

    # The date rows must be valid too: a valid form alone is not a valid submission.
    saving = dates.is_valid() and saved(request, form, save, show_errors=show_session_errors)
    if saving and session is not None:
        return redirect(session)
    context = {
        "offering": offering,
        "session": session,
        "form": form,
        "dates": dates,
        "date_errors": date_errors,
        "title": title,
        "submit": submit,
        "cancel_url": session.get_absolute_url() if session else offering.get_absolute_url(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "learning/session_form.html", context, status=status)


@permission(can_manage_offering)
@GET_POST
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    offering = _managed_offering(access_for(request.user), pk)
    return _session_form_page(
        request, offering, None, title=f"Schedule {offering}", submit="Schedule session"
    )


@permission(can_manage_offering)
@GET_POST
def session_update(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _managed_session(access_for(request.user), pk)
    if session.status == Session.Status.CANCELLED:
        messages.error(request, "A cancelled session cannot be changed.")
        return redirect(session)
    return _session_form_page(
        request, session.offering, session, title=f"Edit {session}", submit="Save session"
    )


@permission(can_manage_offering)
@GET_POST
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _managed_session(access_for(request.user), pk)
    form = SessionCancelForm(request.POST or None)

    def save() -> str:
        offerings.session_cancel(
            by=request.user, session=session, reason=form.cleaned_data["reason"]
        )
        return f"Cancelled {session}. The people registered are told."

    if saved(request, form, save, show_errors=show_errors):
        return redirect(session)
    context = {"session": session, "form": form}
    return render(request, "learning/session_cancel.html", context, status=_status(form))


@permission(signed_in, scope=offerings_visible_to)
def session_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    """One session's dates to add to a calendar (with the link, for those registered)."""
    session = selectors.session_detail(access_for(request.user), pk)
    if session is None:
        raise Http404("No such session")
    response = HttpResponse(
        ical.session_ics(session, for_person=request.user), content_type=ical.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


# --- feeds ------------------------------------------------------------------------------


def _feed(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=900"
    return response


@permission(public)
@public_link
def feed_public(request: HttpRequest) -> HttpResponse:
    """The public catalogue: every published session, for anyone's calendar program."""
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    sessions = selectors.public_feed_sessions(
        kind=filters.get("kind", ""), region=filters.get("region")
    )
    return _feed(ical.calendar_bytes(sessions, "Ladder training catalogue"))


@permission(public)
@public_link
def feed_person(request: HttpRequest, token: str) -> HttpResponse:
    """A person's registrations at a secret address: the token is the only credential."""
    # A short token would be guessable; real ones are 43 characters.
    person = (
        Person.objects.filter(feed_token=token, is_active=True).first()
        if len(token) >= 20
        else None
    )
    if person is None:
        raise Http404("No such feed")
    registrations = selectors.person_feed_registrations(person)
    response = _feed(ical.registrations_calendar(registrations, f"Training: {person}"))
    response["X-Robots-Tag"] = "noindex"
    return response


@permission(signed_in)
@require_POST
def feed_reset(request: AuthedRequest) -> HttpResponse:
    ical.feed_token_reset(by=request.user, person=request.user)
    messages.success(
        request, "Your calendar feed has a new address. Subscribe again with the new one."
    )
    return redirect("learning:catalogue")
