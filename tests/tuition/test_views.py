"""Pages: who sees what (404), who may change what (403), and bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.tuition import claims, enrolments
from ladder.tuition.models import Enrolment, Promotion
from tests import factories as f
from tests.tuition.conftest import apply, enrolled, submit


def test_staff_apply_through_the_page(world, grow, client_for):
    client = client_for(grow.tina)
    page = client.get(reverse("tuition:mine"))
    assert page.status_code == 200 and b"Grow Your Own Librarians" in page.content
    response = client.post(
        reverse("tuition:apply"),
        {
            "programme": grow.programme.pk,
            "institution": "Kent State University",
            "degree_level": "50",
            "accredited": "on",
            "expected_start": "2024-08-25",
            "expected_end": "2026-05-15",
        },
    )
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302 and response.url == enrolment.get_absolute_url()


def test_apply_page_shows_the_rule_that_refuses(world, grow, client_for):
    grow.programme.min_tenure_months = 500
    grow.programme.save()
    response = client_for(grow.tina).post(
        reverse("tuition:apply"),
        {
            "programme": grow.programme.pk,
            "institution": "Kent State",
            "degree_level": "50",
            "expected_start": "2024-08-25",
            "expected_end": "2026-05-15",
        },
    )
    assert response.status_code == 200 and "Minimum tenure rule" in response.content.decode()


def test_enrolment_privacy(world, grow, client_for):
    enrolment = enrolled(world, grow)
    url = enrolment.get_absolute_url()
    for allowed in (grow.tina, world.sam, world.alice, grow.stella, world.root):
        assert client_for(allowed).get(url).status_code == 200, allowed
    for stranger in (world.carol, world.dave, world.bob, world.nina):
        assert client_for(stranger).get(url).status_code == 404, stranger


def test_the_approval_buttons_work_in_turn_and_others_get_403(world, grow, client_for):
    enrolment = apply(grow)
    url = enrolment.get_absolute_url()
    assert client_for(grow.tina).post(url, {"action": "approve"}).status_code == 403
    assert client_for(world.alice).post(url, {"action": "approve"}).status_code == 302
    assert client_for(grow.stella).post(url, {"action": "approve"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_claim_page_decides_and_refuses_others(world, grow, client_for):
    claim = submit(enrolled(world, grow))
    url = claim.get_absolute_url()
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(grow.tina).get(url).status_code == 200
    assert client_for(grow.tina).post(url, {"action": "approve"}).status_code == 403
    assert client_for(world.alice).post(url, {"action": "approve"}).status_code == 403
    assert client_for(grow.stella).post(url, {"action": "approve"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"


def test_sponsor_admin_sees_the_programme_but_not_other_staff(world, grow, client_for):
    enrolled(world, grow)
    client = client_for(grow.stella)
    assert (
        client.get(reverse("tuition:programme_detail", args=[grow.programme.pk])).status_code == 200
    )
    assert client.get(reverse("people:profile", args=[world.bob.pk])).status_code == 404
    assert (
        client_for(world.carol)
        .get(reverse("tuition:programme_detail", args=[grow.programme.pk]))
        .status_code
        == 404
    )
    assert client_for(grow.tina).get(reverse("tuition:programme_list")).status_code == 403


def test_promotion_pages_accept_and_print_the_letter(world, grow, client_for):
    enrolment = enrolled(world, grow)
    _, promotion = enrolments.enrolment_complete(
        by=world.alice, enrolment=enrolment, awarded_on=dt.date(2025, 5, 15)
    )
    url = promotion.get_absolute_url()
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(grow.stella).post(url, {"action": "accept"}).status_code == 403
    listing = client_for(world.alice).get(reverse("tuition:promotion_list"))
    assert b"Tina" in listing.content
    response = client_for(world.alice).post(
        url, {"action": "accept", "effective_date": "2030-01-01"}
    )
    assert response.status_code == 302
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.ACCEPTED
    letter = client_for(grow.tina).get(reverse("tuition:promotion_letter", args=[promotion.pk]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF-")


def _people(world, grow, n: int) -> None:
    for i in range(n):
        person = f.PersonFactory(email=f"p{i}-{n}@riverside.example")
        f.EmploymentFactory(person=person, library=world.riverside, job_class=world.assistant)
        enrolment = enrolled(world, grow, person)
        claim = submit(enrolment, tuition="100")
        claims.claim_approve(by=grow.stella, claim=claim)
        if i % 2:
            enrolments.enrolment_complete(
                by=world.alice, enrolment=enrolment, awarded_on=dt.date(2025, 5, 15)
            )


@pytest.mark.parametrize(
    "name", ["tuition:programme_detail", "tuition:programme_list", "tuition:promotion_list"]
)
def test_list_pages_run_the_same_queries_for_5_and_for_15(world, grow, client_for, name):
    args = [grow.programme.pk] if name == "tuition:programme_detail" else []
    client = client_for(world.alice)
    _people(world, grow, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name, args=args)).status_code == 200
    _people(world, grow, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(name, args=args)).status_code == 200
    assert len(large) == len(small)
