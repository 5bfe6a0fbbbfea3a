"""The advisory desk's pages: asking, my requests, the queue, one request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.network.models import AdvisoryRequest


def make(world, person, n=1, **kwargs) -> list[AdvisoryRequest]:
    library = world.riverside if person == world.bob else world.hillcrest
    return [
        AdvisoryRequest.objects.create(
            network=world.network,
            library=library,
            asked_by=person,
            channel=kwargs.get("channel", "email"),
            topic=f"Topic {i}",
            question="What now?",
        )
        for i in range(n)
    ]


def test_bob_asks_and_sees_his_request(world, client_for):
    client = client_for(world.bob)
    response = client.post(
        reverse("network:advisory_ask"),
        {"network": world.network.pk, "channel": "phone", "topic": "Storytime", "question": "?"},
    )
    request = AdvisoryRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("network:advisory_detail", args=[request.pk])
    page = client.get(reverse("network:advisory_mine"))
    assert "Storytime" in page.content.decode()


def test_empty_question_shows_on_the_field_and_saves_nothing(world, client_for):
    response = client_for(world.bob).post(
        reverse("network:advisory_ask"),
        {"network": world.network.pk, "channel": "email", "topic": "Storytime", "question": ""},
    )
    assert response.status_code == 200
    assert "question" in response.context["form"].errors
    assert not AdvisoryRequest.objects.exists()


def test_bob_sees_only_his_own_requests(world, client_for):
    (mine,) = make(world, world.bob)
    (daves,) = make(world, world.dave)
    client = client_for(world.bob)
    listing = client.get(reverse("network:advisory_mine")).content.decode()
    assert mine.topic in listing
    assert client.get(reverse("network:advisory_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("network:advisory_detail", args=[daves.pk])).status_code == 404


def test_queue_is_for_coordinators_only(world, client_for):
    make(world, world.bob)
    assert client_for(world.nina).get(reverse("network:advisory_queue")).status_code == 200
    for person in (world.bob, world.carol, world.alice):
        assert client_for(person).get(reverse("network:advisory_queue")).status_code == 403


def test_queue_filter_by_channel(world, client_for):
    make(world, world.bob, channel="email")
    make(world, world.dave, channel="in_person")
    response = client_for(world.nina).get(
        reverse("network:advisory_queue"), {"channel": "in_person"}
    )
    assert [r.channel for r in response.context["object_list"]] == ["in_person"]


def test_staff_cannot_answer_even_their_own_request(world, client_for):
    (request,) = make(world, world.bob)
    url = reverse("network:advisory_detail", args=[request.pk])
    response = client_for(world.bob).post(url, {"action": "answer", "answer": "Myself."})
    assert response.status_code == 403
    assert client_for(world.carol).post(url, {"action": "answer", "answer": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.answer == ""


def test_coordinator_assigns_and_answers(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    (request,) = make(world, world.bob)
    url = reverse("network:advisory_detail", args=[request.pk])
    client = client_for(world.nina)
    assert client.post(url, {"action": "assign", "consultant": world.nina.pk}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "answer", "answer": "Read the policy."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == AdvisoryRequest.Status.ANSWERED
    assert request.first_response_at is not None
    assert [m.to for m in mailoutbox] == [[world.bob.email]]


def test_empty_answer_shows_on_the_field(world, client_for):
    (request,) = make(world, world.bob)
    url = reverse("network:advisory_detail", args=[request.pk])
    response = client_for(world.nina).post(url, {"action": "answer", "answer": ""})
    assert response.status_code == 200
    assert "answer" in response.context["answer_form"].errors


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["network:advisory_mine", "network:advisory_queue"])
def test_lists_run_the_same_queries_for_5_and_50_rows(world, client_for, name):
    person = world.nina if name.endswith("queue") else world.bob
    client = client_for(person)
    make(world, world.bob, 5)
    AdvisoryRequest.objects.update(first_response_at=AdvisoryRequest.objects.first().created_at)
    few = _count(client, reverse(name))
    make(world, world.bob, 45)
    many = _count(client, reverse(name))
    assert few == many


def test_pages_render_for_the_asker_and_the_consultant(world, client_for):
    (request,) = make(world, world.bob)
    detail = reverse("network:advisory_detail", args=[request.pk])
    nina = client_for(world.nina).get(detail).content.decode()
    assert "Answer the request" in nina and "Assign a consultant" in nina
    bob = client_for(world.bob).get(detail).content.decode()
    assert "Answer the request" not in bob
    assert client_for(world.bob).get(reverse("network:advisory_ask")).status_code == 200


def test_advisory_queue_is_in_the_menu_of_coordinators_only(world, client_for):
    home = reverse("network:advisory_mine")
    assert "Advisory queue" in client_for(world.nina).get(home).content.decode()
    bob_page = client_for(world.bob).get(home).content.decode()
    assert "Ask the network" in bob_page
    assert "Advisory queue" not in bob_page
