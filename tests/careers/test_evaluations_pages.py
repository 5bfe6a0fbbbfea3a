"""Evaluation pages: lists, start, write/comment/sign/addendum, print and PDF, privacy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.careers import evaluations as svc
from ladder.careers.models import Evaluation
from ladder.learning.models import TrainingRecord
from tests import factories as f


def create(world, person=None, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)):
    return svc.evaluation_create(
        by=world.alice if person is not None else world.sam,
        person=person or world.bob,
        period_start=start,
        period_end=end,
    )


def signed(world):
    evaluation = create(world)
    svc.evaluation_update(by=world.sam, evaluation=evaluation, narrative="A good year.")
    svc.evaluation_sign(by=world.sam, evaluation=evaluation)
    svc.evaluation_sign(by=world.bob, evaluation=evaluation)
    return evaluation


@pytest.mark.parametrize("who", ["bob", "sam", "alice", "root"])
def test_detail_print_and_pdf_for_person_chain_and_admin(world, client_for, who):
    TrainingRecord.objects.create(
        person=world.bob,
        title="Tech Tuesday",
        kind="in_house",
        completed_on=dt.date(2025, 3, 1),
        hours=Decimal("2"),
        above_and_beyond=True,
        above_and_beyond_reason="Technology training outside a page's duties",
    )
    evaluation = create(world)
    client = client_for(getattr(world, who))
    page = client.get(evaluation.get_absolute_url())
    assert page.status_code == 200
    assert b"Technology training outside a page" in page.content
    printed = client.get(reverse("careers:evaluation_print", args=[evaluation.pk]))
    assert printed.status_code == 200 and b'media="print"' in printed.content
    pdf = client.get(reverse("careers:evaluation_pdf", args=[evaluation.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_others_get_404_everywhere(world, client_for, who):
    evaluation = signed(world)
    client = client_for(getattr(world, who))
    for name in ("evaluation_detail", "evaluation_print", "evaluation_pdf"):
        assert client.get(reverse(f"careers:{name}", args=[evaluation.pk])).status_code == 404
    response = client.post(evaluation.get_absolute_url(), {"action": "addendum", "body": "x"})
    assert response.status_code == 404


def test_reviewer_writes_and_signs_then_person_comments_and_signs(world, client_for):
    evaluation = create(world)
    sam, bob = client_for(world.sam), client_for(world.bob)
    url = evaluation.get_absolute_url()
    assert (
        sam.post(url, {"action": "write", "narrative": "Great", "goals": "More"}).status_code == 302
    )
    assert sam.post(url, {"action": "sign"}).status_code == 302
    assert bob.post(url, {"action": "comment", "comment": "Thank you"}).status_code == 302
    assert bob.post(url, {"action": "sign"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_signed
    assert evaluation.narrative == "Great" and evaluation.person_comment == "Thank you"
    page = bob.get(url)
    assert b"read-only" in page.content


def test_signing_twice_shows_the_message(world, client_for):
    evaluation = signed(world)
    response = client_for(world.sam).post(
        evaluation.get_absolute_url(), {"action": "sign"}, follow=True
    )
    assert b"already signed" in response.content


def test_editing_after_signing_is_refused_with_the_message(world, client_for):
    evaluation = signed(world)
    response = client_for(world.sam).post(
        evaluation.get_absolute_url(), {"action": "write", "narrative": "Changed"}, follow=True
    )
    assert b"add an addendum instead" in response.content
    evaluation.refresh_from_db()
    assert evaluation.narrative == "A good year."


def test_addendum_after_signing(world, client_for):
    evaluation = signed(world)
    response = client_for(world.alice).post(
        evaluation.get_absolute_url(), {"action": "addendum", "body": "Hours corrected."}
    )
    assert response.status_code == 302
    assert evaluation.addenda.get().body == "Hours corrected."
    pdf = client_for(world.bob).get(reverse("careers:evaluation_pdf", args=[evaluation.pk]))
    assert pdf.status_code == 200


def test_person_cannot_write_the_narrative(world, client_for):
    evaluation = create(world)
    response = client_for(world.bob).post(
        evaluation.get_absolute_url(), {"action": "write", "narrative": "I'm great"}
    )
    assert response.status_code == 403


def test_start_page_creates_and_refuses_someone_not_yours(world, client_for):
    client = client_for(world.sam)
    assert client.get(reverse("careers:evaluation_create")).status_code == 200
    response = client.post(
        reverse("careers:evaluation_create"),
        {"person": world.bob.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().reviewer == world.sam
    # alice is not offered to sam (not his report): the form refuses the choice.
    response = client.post(
        reverse("careers:evaluation_create"),
        {"person": world.alice.pk, "period_start": "2024-01-01", "period_end": "2024-12-31"},
    )
    assert response.status_code == 200
    assert Evaluation.objects.count() == 1


def test_start_page_is_for_supervisors_and_admins(world, client_for):
    assert client_for(world.bob).get(reverse("careers:evaluation_create")).status_code == 403
    assert client_for(world.nina).get(reverse("careers:evaluation_list")).status_code == 403


def test_my_evaluations_lists_only_mine(world, client_for):
    create(world)
    create(world, person=world.sam)
    response = client_for(world.bob).get(reverse("careers:my_evaluations"))
    assert response.status_code == 200
    assert response.content.count(b"/careers/evaluations/") >= 1
    assert b"Sam Super" not in response.content.split(b"<tbody>")[1].split(b"</tbody>")[0].replace(
        b"Sam Super</td>", b""
    )


def test_manager_list_scopes(world, client_for):
    bob_eval = create(world)
    sam_eval = create(world, person=world.sam)
    sam_page = client_for(world.sam).get(reverse("careers:evaluation_list")).content
    assert bob_eval.get_absolute_url().encode() in sam_page
    assert sam_eval.get_absolute_url().encode() not in sam_page  # his own is under "mine"
    alice_page = client_for(world.alice).get(reverse("careers:evaluation_list")).content
    assert bob_eval.get_absolute_url().encode() in alice_page
    assert sam_eval.get_absolute_url().encode() in alice_page
    carol_page = client_for(world.carol).get(reverse("careers:evaluation_list")).content
    assert bob_eval.get_absolute_url().encode() not in carol_page


def _staff(world, n: int, offset: int):
    people = []
    for i in range(n):
        person = f.PersonFactory(email=f"p{offset + i}@riverside.example")
        f.EmploymentFactory(
            person=person,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
            supervisor=world.sam,
            start_date=dt.date(2020, 1, 1),
        )
        people.append(person)
    return people


def test_manager_list_query_count_is_the_same_for_5_and_50(world, client_for, settings):
    settings.PAGE_SIZE = 100
    url = reverse("careers:evaluation_list")

    def count() -> int:
        client = client_for(world.alice)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    for person in _staff(world, 5, 0):
        create(world, person=person)
    few = count()
    for person in _staff(world, 45, 100):
        create(world, person=person)
    assert Evaluation.objects.count() == 50
    assert count() == few
