"""History panels: the audit log's entries about a record, on the record's page, for those who
may see the record; one query whatever the number of entries."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.templatetags.ladder_history import LIMIT, entries_for
from ladder.people.services import employment_update
from tests.tuition.conftest import enrolled


def test_the_enrolment_page_shows_who_approved_it_and_strangers_see_nothing(
    world, grow, client_for
):
    enrolment = enrolled(world, grow)
    page = client_for(grow.tina).get(enrolment.get_absolute_url()).content.decode()
    assert '<h2 id="history-history">History</h2>' in page
    assert world.alice.get_full_name() in page  # the library's approval
    assert client_for(world.carol).get(enrolment.get_absolute_url()).status_code == 404


def test_the_profile_shows_the_employment_history_to_the_library_admin_only(world, client_for):
    job = world.bob.employments.get()
    employment_update(by=world.alice, employment=job, weekly_hours=Decimal("21"))
    url = reverse("people:profile", args=[world.bob.pk])
    page = client_for(world.alice).get(url).content.decode()
    assert "Employment history" in page
    assert "Weekly hours:" in page and "→ 21" in page
    colleague_view = client_for(world.dave).get(url)
    assert "Employment history" not in colleague_view.content.decode()


def test_one_query_and_a_limit(world):
    job = world.bob.employments.get()
    for hours in range(LIMIT + 3):
        employment_update(by=world.alice, employment=job, weekly_hours=Decimal(10 + hours % 20))
    with CaptureQueriesContext(connection) as queries:
        rows, more = entries_for([job, world.bob])
    assert len(queries) == 1
    assert len(rows) == LIMIT and more
    assert rows[0]["actor"] == world.alice.get_full_name()
