"""One-on-one teaching pages: who sees what, the forms, and the bad-input messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.shared_learning import coaching
from ladder.shared_learning.models import CoachingRequest, CoachingSession
from tests import factories as f
from tests.shared_learning.coaching_helpers import accepted_with_held_session, ask, mentors

pytestmark = pytest.mark.django_db
S = CoachingRequest.Status


@pytest.fixture
def m(world, framework):
    return mentors(world, framework)


def test_new_page_preselects_competency_and_lists_mentors_nearest_first(world, m, client_for):
    url = reverse("shared_learning:coaching_new")
    response = client_for(world.bob).get(url, {"competency": m.circulation.pk, "mentor": m.erin.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Sam Super") < html.index("Erin East") < html.index("Dave Assist")
    assert f'value="{m.erin.pk}" selected' in html
    assert "Wes Weak" not in html


def test_ask_through_the_page(world, m, client_for):
    response = client_for(world.bob).post(
        reverse("shared_learning:coaching_new"),
        {"action": "ask", "competency": m.circulation.pk, "mentor": m.sam.pk, "topic": ""},
    )
    request = CoachingRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.mentor == m.sam and request.learner == world.bob


def test_ask_a_mentor_not_suggested_shows_the_message(world, m, client_for):
    response = client_for(world.bob).post(
        reverse("shared_learning:coaching_new"),
        {"action": "ask", "competency": m.circulation.pk, "mentor": m.weak.pk},
    )
    assert response.status_code == 200
    assert "not among the mentors suggested" in response.content.decode()
    assert not CoachingRequest.objects.exists()


def test_detail_visibility(world, m, client_for):
    request = ask(world, m)
    url = request.get_absolute_url()
    for person in (world.bob, m.sam, world.alice):
        assert client_for(person).get(url).status_code == 200
    for person in (world.carol, m.erin, world.nina):
        assert client_for(person).get(url).status_code == 404


def test_mentor_accepts_on_the_page(world, m, client_for):
    request = ask(world, m)
    response = client_for(m.sam).post(request.get_absolute_url(), {"action": "accept", "note": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.ACCEPTED


def test_a_supervisor_who_sees_the_request_may_not_accept_it(world, m, client_for):
    # alice supervises sam (the mentor) and admins bob's library: she sees it, may not answer.
    request = ask(world, m, mentor=m.erin)
    response = client_for(world.alice).post(request.get_absolute_url(), {"action": "accept"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == S.REQUESTED


def test_another_mentor_cannot_reach_the_request(world, m, client_for):
    request = ask(world, m)
    response = client_for(m.erin).post(request.get_absolute_url(), {"action": "accept"})
    assert response.status_code == 404
    assert CoachingRequest.objects.get(pk=request.pk).status == S.REQUESTED


def test_schedule_log_and_complete_on_the_page(world, m, client_for):
    request = ask(world, m)
    coaching.coaching_accept(by=m.sam, request=request)
    client = client_for(m.sam)
    start = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    url = request.get_absolute_url()
    response = client.post(
        url, {"action": "schedule", "starts_at": start, "minutes": 45, "place": "Workroom"}
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get(request=request)
    CoachingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = client.post(
        url, {"action": "log", "session": session.pk, "held": "on", "minutes": 45, "notes": "ok"}
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "complete", "level_reached": 2, "note": "Good."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.COMPLETED
    assert request.training_record.hours == pytest.approx(0.75)


def test_complete_without_a_held_session_shows_the_message(world, m, client_for):
    request = ask(world, m)
    coaching.coaching_accept(by=m.sam, request=request)
    response = client_for(m.sam).post(
        request.get_absolute_url(), {"action": "complete", "level_reached": 2}
    )
    assert response.status_code == 400
    assert "at least one session as held" in response.content.decode()


def test_mine_lists_both_sides(world, m, client_for):
    accepted_with_held_session(world, m)
    html = client_for(m.sam).get(reverse("shared_learning:coaching_mine")).content.decode()
    assert "Requests to me as a mentor" in html and "Bob Page" in html
    html = client_for(world.bob).get(reverse("shared_learning:coaching_mine")).content.decode()
    assert "Sam Super" in html


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("shared_learning:coaching_mine"))
    assert response.status_code == 302 and "login" in response["Location"]


def _requests(world, m, n):
    for _ in range(n):
        learner = f.PersonFactory()
        f.EmploymentFactory(
            person=learner,
            library=world.riverside,
            branch=world.riverside_main,
            job_class=world.page,
        )
        CoachingRequest.objects.create(
            learner=learner, library=world.riverside, topic="Holds", mentor=m.sam
        )


@pytest.mark.parametrize("n", [5, 50])
def test_mine_query_count_does_not_grow(world, m, client_for, n, django_assert_max_num_queries):
    _requests(world, m, n)
    client = client_for(m.sam)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("shared_learning:coaching_mine"))
    assert response.content.decode().count("Holds") == n


def test_an_unknown_action_is_bad_input_not_a_refusal(world, m, client_for):
    request = ask(world, m)
    response = client_for(m.sam).post(request.get_absolute_url(), {"action": "frobnicate"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == S.REQUESTED
