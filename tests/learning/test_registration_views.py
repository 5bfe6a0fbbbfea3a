"""Registration pages: register (with and without HTMX), cancel, seat offers, my registrations."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Registration
from ladder.learning.views_registration import register_box_context
from tests import factories as f
from tests.learning.conftest import future, make_session, register

S = Registration.Status


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_registering_from_the_session_page_confirms_and_returns_there(world, catalogue, client_for):
    session = catalogue.workshop_north

    response = client_for(world.bob).post(
        reverse("learning:register", args=[session.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("learning:session_detail", args=[session.pk])
    assert "You are registered" in response.content.decode()
    assert Registration.objects.get(person=world.bob).status == S.CONFIRMED


def test_registering_with_htmx_swaps_the_box(world, catalogue, client_for):
    session = catalogue.workshop_south_full

    response = client_for(world.carol).post(
        reverse("learning:register", args=[session.pk]), HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<section id="register-box-{session.pk}"')
    assert "number 1</strong> on the waitlist" in body
    assert "Leave the waitlist" in body


def test_a_refused_registration_says_why_and_changes_nothing(world, catalogue, client_for):
    session = catalogue.workshop_north
    register(world.bob, session)

    response = client_for(world.bob).post(
        reverse("learning:register", args=[session.pk]), follow=True
    )

    assert any("already registered" in m for m in messages_of(response))
    assert Registration.objects.filter(person=world.bob).count() == 1


def test_a_refused_htmx_registration_shows_the_reason_in_the_box(world, catalogue, client_for):
    offering = catalogue.riverside_training
    offering.restriction_reason = "For pages only."
    offering.save()
    offering.audience_job_classes.set([world.page])

    response = client_for(world.sam).post(
        reverse("learning:register", args=[catalogue.riverside_series.pk]),
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert "For pages only." in body
    assert 'role="alert"' in body
    assert not Registration.objects.filter(person=world.sam).exists()


def test_registering_for_a_session_one_cannot_see_is_not_found(world, catalogue, client_for):
    # Riverside's in-house training is not in carol's (Hillcrest) catalogue at all
    response = client_for(world.carol).post(
        reverse("learning:register", args=[catalogue.riverside_series.pk])
    )

    assert response.status_code == 404
    assert not Registration.objects.filter(person=world.carol).exists()


def test_register_is_post_only(world, catalogue, client_for):
    url = reverse("learning:register", args=[catalogue.workshop_north.pk])

    assert client_for(world.bob).get(url).status_code == 405


def test_registering_needs_a_login(catalogue, client):
    response = client.post(reverse("learning:register", args=[catalogue.workshop_north.pk]))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_box_offers_the_right_button(world, catalogue):
    open_box = register_box_context(world.bob, catalogue.workshop_north)["register_box"]
    full_box = register_box_context(world.carol, catalogue.workshop_south_full)["register_box"]
    excluded = register_box_context(world.dave, catalogue.riverside_series)["register_box"]

    assert (open_box["seats_left"], open_box["in_audience"]) == (10, True)
    assert (full_box["seats_left"], full_box["in_audience"]) == (0, True)
    assert excluded["in_audience"] is False and "Riverside" in excluded["audience_reason"]


def test_the_box_renders_each_state(world, catalogue, client_for, rf):
    from django.template.loader import render_to_string

    session = catalogue.workshop_south_full
    request = rf.get("/")
    request.user = world.carol

    def box(person):
        request.user = person
        context = {"session": session, **register_box_context(person, session)}
        return render_to_string("learning/_register_box.html", context, request=request)

    assert "Join the waitlist" in box(world.carol)
    assert "You are registered." in box(world.dave)
    offered = register(world.bob, session, status=S.OFFERED)
    Registration.objects.filter(pk=offered.pk).update(offered_until=future(1))
    assert "Accept the seat" in box(world.bob)


# --- cancel and offers --------------------------------------------------------------------


def test_cancelling_asks_first_then_cancels(world, catalogue, client_for):
    registration = register(world.bob, catalogue.workshop_north)
    client = client_for(world.bob)
    url = reverse("learning:registration_cancel", args=[registration.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Cancel your registration?" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED

    response = client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


def test_cancelling_someone_elses_registration_from_the_page_is_refused(
    world, catalogue, client_for
):
    registration = register(world.bob, catalogue.workshop_north)
    url = reverse("learning:registration_cancel", args=[registration.pk])

    # alice administers bob's library, so she sees it but may not cancel it; carol sees nothing
    assert client_for(world.alice).post(url).status_code == 403
    assert client_for(world.carol).post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_accepting_an_offer_from_the_email_link(world, catalogue, client_for):
    registration = register(world.bob, catalogue.workshop_north, status=S.OFFERED)
    Registration.objects.filter(pk=registration.pk).update(offered_until=future(1))
    client = client_for(world.bob)
    url = reverse("learning:offer_accept", args=[registration.pk])

    assert "Accept the seat?" in client.get(url).content.decode()
    client.post(url)

    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_accepting_an_expired_offer_from_the_page_says_so(world, catalogue, client_for):
    registration = register(world.bob, catalogue.workshop_north, status=S.OFFERED)
    Registration.objects.filter(pk=registration.pk).update(
        offered_until=timezone.now() - dt.timedelta(hours=1)
    )

    response = client_for(world.bob).post(reverse("learning:offer_accept", args=[registration.pk]))

    assert any("expired" in m for m in messages_of(response))
    registration.refresh_from_db()
    assert registration.status == S.OFFERED


def test_declining_an_offer_from_the_email_link(world, catalogue, client_for):
    registration = register(world.bob, catalogue.workshop_north, status=S.OFFERED)
    url = reverse("learning:offer_decline", args=[registration.pk])

    client_for(world.bob).post(url)

    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


# --- my registrations ---------------------------------------------------------------------


def test_my_registrations_lists_mine_with_waitlist_positions(world, catalogue, client_for):
    register(world.bob, catalogue.workshop_north)
    register(world.carol, catalogue.workshop_south_full, status=S.WAITLISTED)
    register(world.bob, catalogue.workshop_south_full, status=S.WAITLISTED)

    page = client_for(world.bob).get(reverse("learning:my_registrations"))

    body = page.content.decode()
    assert page.status_code == 200
    assert "Interlibrary loan basics — North" in body
    assert "Waitlisted (number 2)" in body
    assert "Leave the waitlist" in body


def test_my_registrations_shows_no_one_elses(world, catalogue, client_for):
    register(world.dave, catalogue.workshop_north)

    body = client_for(world.bob).get(reverse("learning:my_registrations")).content.decode()

    assert "Interlibrary loan basics" not in body


def test_past_registrations_are_a_filter_away(world, catalogue, client_for):
    now = timezone.now()
    past = make_session(
        catalogue.network_workshop,
        [(now - dt.timedelta(days=30), now - dt.timedelta(days=30) + dt.timedelta(hours=2))],
        title="Last month",
    )
    register(world.bob, past, status=S.ATTENDED)
    client = client_for(world.bob)

    assert "Last month" not in client.get(reverse("learning:my_registrations")).content.decode()
    page = client.get(reverse("learning:my_registrations") + "?when=past")
    assert "Last month" in page.content.decode()
    assert "Attended" in page.content.decode()


def _sessions_with_bob(world, catalogue, n):
    for i in range(n):
        session = make_session(
            catalogue.network_workshop,
            [(future(30 + i), future(30 + i, 16))],
            venue_branch=world.riverside_main,
        )
        register(world.bob, session, status=S.WAITLISTED if i % 2 else S.CONFIRMED)


def test_my_registrations_runs_the_same_queries_for_5_and_50(world, catalogue, client_for):
    client = client_for(world.bob)
    url = reverse("learning:my_registrations")
    _sessions_with_bob(world, catalogue, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _sessions_with_bob(world, catalogue, 45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(five) == len(fifty)


def test_another_person_can_register_on_a_shared_session(world, catalogue, client_for):
    person = f.PersonFactory()
    f.EmploymentFactory(
        person=person, library=world.hillcrest, job_class=world.page, start_date=dt.date(2020, 1, 6)
    )

    client_for(person).post(reverse("learning:register", args=[catalogue.workshop_north.pk]))

    assert Registration.objects.get(person=person).status == S.CONFIRMED
