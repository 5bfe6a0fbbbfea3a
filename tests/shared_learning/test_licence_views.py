"""Licence pool pages: who sees what, asking and giving up from the page, bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.shared_learning.licences import day, licence_request
from ladder.shared_learning.models import LicencePool, LicenceRequest, LicenceWindow
from tests import factories as f
from tests.shared_learning import make_pool, past_window, staff


def _url(name: str, pool: LicencePool) -> str:
    return reverse(f"shared_learning:{name}", args=[pool.pk])


def test_the_list_shows_the_networks_pools_with_the_persons_status(world, client_for):
    pool = make_pool(world, seats=1)
    licence_request(by=world.bob, pool=pool)

    page = client_for(world.bob).get(reverse("shared_learning:pool_list"))

    assert page.status_code == 200
    assert "Lynda.com" in page.text
    assert "Your window: until" in page.text
    assert _url("pool_report", pool) not in page.text


def test_the_coordinator_sees_a_link_to_the_report(world, client_for):
    pool = make_pool(world)
    page = client_for(world.nina).get(reverse("shared_learning:pool_list"))
    assert _url("pool_report", pool) in page.text


def test_a_library_pool_is_hidden_from_other_libraries(world, client_for):
    pool = make_pool(world, library=world.riverside, name="Riverside's own")
    assert (
        "Riverside&#x27;s own"
        not in client_for(world.carol).get(reverse("shared_learning:pool_list")).text
    )
    for name in ("pool_detail", "pool_report"):
        assert client_for(world.carol).get(_url(name, pool)).status_code == 404
    assert client_for(world.carol).post(_url("pool_request", pool)).status_code == 404
    assert not LicenceWindow.objects.exists()


def test_a_pool_of_another_network_is_a_404(world, client_for):
    other = f.NetworkFactory(name="Other network", slug="other")
    pool = make_pool(world, network=other)
    assert client_for(world.bob).get(_url("pool_detail", pool)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    pool = make_pool(world)
    response = client.get(_url("pool_detail", pool))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["bob", "alice", "carol", "dave"])
def test_only_the_owning_networks_coordinators_see_the_report(world, client_for, persona):
    pool = make_pool(world)
    assert client_for(getattr(world, persona)).get(_url("pool_report", pool)).status_code == 403


@pytest.mark.parametrize("persona", ["nina", "root"])
def test_coordinators_and_site_admins_see_use_and_waiting_times(world, client_for, persona):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    licence_request(by=world.bob, pool=pool)
    page = client_for(getattr(world, persona)).get(_url("pool_report", pool))
    assert page.status_code == 200
    assert "Alice Admin" in page.text and "Bob Page" in page.text
    assert "Queue: 1" in page.text
    assert "Longest wait now: 0 days" in page.text


def test_the_libraries_admin_sees_the_report_of_their_library_pool(world, client_for):
    pool = make_pool(world, library=world.riverside)
    assert client_for(world.alice).get(_url("pool_report", pool)).status_code == 200
    assert client_for(world.nina).get(_url("pool_report", pool)).status_code == 404


def test_a_person_sees_only_their_own_window(world, client_for):
    pool = make_pool(world)
    licence_request(by=world.dave, pool=pool)
    licence_request(by=world.bob, pool=pool)

    page = client_for(world.bob).get(_url("pool_detail", pool))

    assert "Your window is open" in page.text
    assert "Dave" not in page.text


def test_asking_from_the_page_starts_a_window(world, client_for):
    pool = make_pool(world)
    client = client_for(world.bob)
    response = client.post(_url("pool_request", pool), {"start_on": ""})
    assert response.status_code == 302
    assert LicenceWindow.objects.get(pool=pool).person == world.bob
    page = client.get(response["Location"])
    assert "Your window on Lynda.com runs from" in page.text


def test_a_person_in_the_queue_sees_their_place(world, client_for):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    client_for(world.sam).post(_url("pool_request", pool))
    page = client_for(world.bob).post(_url("pool_request", pool), follow=True)
    assert "you are in the queue, number 2" in page.text
    assert "You are number 2 in the queue" in page.text


def test_a_start_date_beyond_the_limit_shows_on_the_field(world, client_for):
    pool = make_pool(world, max_start_delay_days=7)
    late = dt.date.today() + dt.timedelta(days=8)
    page = client_for(world.bob).post(_url("pool_request", pool), {"start_on": late.isoformat()})
    assert page.status_code == 400
    assert "usa-form-group--error" in page.text
    assert "at most 7 days ahead" in page.text
    assert not LicenceWindow.objects.exists()


def test_the_page_tells_the_person_when_they_may_ask_again(world, client_for):
    pool = make_pool(world, cooldown_days=90)
    last = past_window(pool, world.bob, ended_days_ago=10)
    page = client_for(world.bob).get(_url("pool_detail", pool))
    again = last.ends_on + dt.timedelta(days=90)
    assert f"you may ask again from {day(again)}" in page.text
    assert "Ask for access" not in page.text
    response = client_for(world.bob).post(_url("pool_request", pool))
    assert response.status_code == 400
    assert not LicenceWindow.objects.filter(status__in=LicenceWindow.OPEN).exists()


def test_an_ineligible_person_sees_why(world, client_for):
    pool = make_pool(world)
    world.hillcrest.memberships.update(
        joined_on=dt.date(2015, 1, 1), left_on=dt.date.today() - dt.timedelta(days=1)
    )
    page = client_for(world.carol).get(_url("pool_detail", pool))
    assert "is not a current member" in page.text
    assert "Ask for access" not in page.text


def test_withdrawing_from_the_page_leaves_the_queue(world, client_for):
    pool = make_pool(world, seats=1)
    licence_request(by=world.alice, pool=pool)
    licence_request(by=world.bob, pool=pool)
    page = client_for(world.bob).post(_url("pool_withdraw", pool), follow=True)
    assert "You left the queue" in page.text
    assert LicenceRequest.objects.get(person=world.bob).status == LicenceRequest.Status.WITHDRAWN


def test_withdrawing_with_nothing_shows_a_message(world, client_for):
    pool = make_pool(world)
    page = client_for(world.bob).post(_url("pool_withdraw", pool), follow=True)
    assert "no window or place in the queue" in page.text


def test_request_and_withdraw_need_post(world, client_for):
    pool = make_pool(world)
    assert client_for(world.bob).get(_url("pool_request", pool)).status_code == 405
    assert client_for(world.bob).get(_url("pool_withdraw", pool)).status_code == 405


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_the_same_queries_for_5_and_50_pools(world, client_for, settings):
    settings.PAGE_SIZE = 100
    client = client_for(world.bob)
    url = reverse("shared_learning:pool_list")
    pools = [make_pool(world, name=f"Pool {i}", seats=1) for i in range(5)]
    for pool in pools:
        licence_request(by=world.bob, pool=pool)
    few = _queries(client, url)
    for i in range(45):
        pool = make_pool(world, name=f"More {i}", seats=1)
        licence_request(by=world.bob, pool=pool)
    assert _queries(client, url) == few


def test_the_report_runs_the_same_queries_for_5_and_50_people(world, client_for):
    pool = make_pool(world, seats=3)
    client = client_for(world.nina)
    url = _url("pool_report", pool)
    for person in staff(world, 5):
        licence_request(by=person, pool=pool)
    few = _queries(client, url)
    for person in staff(world, 45):
        licence_request(by=person, pool=pool)
    assert LicenceRequest.objects.filter(pool=pool).count() == 47
    assert _queries(client, url) == few
