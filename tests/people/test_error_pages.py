"""404, 403 and 500 answer in the site's layout, say what happened and offer a way on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_a_mistyped_address_gives_the_404_page_with_the_navigation(world, client_for) -> None:
    client = client_for(world.bob)

    response = client.get(
        "/peeple/directory/", HTTP_REFERER="http://testserver/learning/catalogue/"
    )

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'aria-label="Primary navigation"' in page
    assert "My profile" in page  # the menu of a signed-in person
    assert 'href="http://testserver/learning/catalogue/"' in page  # the way back
    assert "/peeple/directory/" in page


def test_a_404_never_links_back_to_another_site(world, client_for) -> None:
    response = client_for(world.bob).get("/nowhere/", HTTP_REFERER="https://evil.example/x")

    assert response.status_code == 404
    assert "evil.example" not in response.content.decode()


def test_an_api_404_stays_json(world, client_for) -> None:
    response = client_for(world.bob).get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_403_page_says_why_and_whom_to_ask(world, client_for) -> None:
    response = client_for(world.bob).get("/openings/manage/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not do this" in page
    assert 'aria-label="Primary navigation"' in page
    # The rule's own message, and Riverside's library admin by name and address.
    assert "library admin" in page.lower()
    assert "Alice Admin" in page
    assert "mailto:alice@riverside.example" in page
    assert "Go to your home page" in page


def test_the_403_page_names_no_admin_of_another_library(world, client_for) -> None:
    page = client_for(world.bob).get("/openings/manage/").content.decode()

    assert "Carol" not in page


@pytest.mark.urls("tests.people.error_urls")
def test_the_500_page_renders_and_issues_no_query(world, settings) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'aria-label="Primary navigation"' in page
    assert 'href="/"' in page
    assert queries.captured_queries == []


@pytest.mark.urls("tests.people.error_urls")
def test_the_500_page_of_a_signed_in_person_reads_nothing_itself(
    world, settings, django_assert_num_queries
) -> None:
    """The handler renders with no request: the navigation (which reads roles) is not built."""
    from django.test import RequestFactory

    from ladder.people.views_errors import server_error

    request = RequestFactory().get("/boom/")
    request.user = world.bob

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
