"""Feedback: attendees, and only attendees, rate and comment on a session, once; organisers
(the offering's owners and the session's facilitators) see a summary with a chart and a table."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.core.models import AuditEntry
from ladder.learning.feedback import feedback_create, feedback_summary
from ladder.learning.models import Feedback, Registration
from ladder.learning.registrations import attendance_mark
from tests import factories as f
from tests.learning import test_transcript_records as shared
from tests.learning.conftest import register

ils, ran, attend = shared.ils, shared.ran, shared.attend


@pytest.fixture
def attended(world, ran):
    attend(ran.bob, world.sam)
    return ran


def form_url(session):
    return reverse("learning:feedback", args=[session.pk])


def summary_url(session):
    return reverse("learning:feedback_summary", args=[session.pk])


# --- giving feedback -----------------------------------------------------------------------


def test_an_attendee_rates_and_comments(world, attended, client_for):
    client = client_for(world.bob)
    assert client.get(form_url(attended.session)).status_code == 200

    response = client.post(
        form_url(attended.session), {"rating": "4", "comment": "Clear and practical."}
    )

    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.registration, feedback.rating, feedback.comment) == (
        attended.bob,
        4,
        "Clear and practical.",
    )
    assert AuditEntry.objects.filter(action="learning.feedback.created").exists()


def test_a_non_attendee_gets_403_with_a_message_and_nothing_is_saved(world, attended, client_for):
    # dave holds a seat but was never marked attended; carol can see the session in her
    # catalogue but never registered.
    for person in (world.dave, world.carol):
        response = client_for(person).post(form_url(attended.session), {"rating": "5"})
        assert response.status_code == 403
        assert "Only people who attended this session" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_no_show_cannot_give_feedback(world, attended):
    attendance_mark(by=world.sam, registration=attended.dave, attended=False)

    with pytest.raises(PermissionDenied):
        feedback_create(by=world.dave, session=attended.session, rating=1)
    assert not Feedback.objects.exists()


def test_a_session_outside_ones_catalogue_is_404(world, catalogue, client_for):
    # Riverside's in-house training is not in Hillcrest's catalogue.
    assert client_for(world.dave).get(form_url(catalogue.riverside_series)).status_code == 404


def test_feedback_is_given_once(world, attended, client_for):
    client = client_for(world.bob)
    client.post(form_url(attended.session), {"rating": "4"})

    again = client.post(form_url(attended.session), {"rating": "1", "comment": "Changed mind"})

    assert again.status_code == 400
    assert "already given feedback" in again.content.decode()
    assert [fb.rating for fb in Feedback.objects.all()] == [4]
    with pytest.raises(ValidationError):
        feedback_create(by=world.bob, session=attended.session, rating=2)
    # The page then shows what was given instead of the form.
    shown = client.get(form_url(attended.session)).content.decode()
    assert "You rated this session 4 out of 5" in shown


@pytest.mark.parametrize("rating", ["0", "6", "", "great"])
def test_a_rating_outside_1_to_5_is_refused_on_the_field(world, attended, client_for, rating):
    response = client_for(world.bob).post(form_url(attended.session), {"rating": rating})

    assert response.status_code == 400
    assert "rating" in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_the_service_checks_the_rating_and_the_comment_too(world, attended):
    with pytest.raises(ValidationError) as exc:
        feedback_create(by=world.bob, session=attended.session, rating=9, comment="x" * 5000)

    assert set(exc.value.message_dict) == {"rating", "comment"}
    assert not Feedback.objects.exists()


def test_the_transcript_offers_feedback_until_it_is_given(world, attended, client_for):
    client = client_for(world.bob)
    transcript = f"/learning/transcripts/{world.bob.pk}/"
    assert form_url(attended.session) in client.get(transcript).content.decode()

    client.post(form_url(attended.session), {"rating": "5"})

    assert form_url(attended.session) not in client.get(transcript).content.decode()


# --- the summary ---------------------------------------------------------------------------


def _feedback(world, session, ratings):
    for rating, comment in ratings:
        person = f.PersonFactory(first_name="Zebulon")
        registration = register(person, session, status=Registration.Status.ATTENDED)
        Feedback.objects.create(registration=registration, rating=rating, comment=comment)


def test_organisers_see_count_average_distribution_and_comments(world, attended, client_for):
    _feedback(world, attended.session, [(5, "Great"), (4, ""), (4, "Good pace"), (2, "Too fast")])

    for organiser in (world.sam, world.nina, world.root):  # facilitator, owner, site admin
        response = client_for(organiser).get(summary_url(attended.session))
        assert response.status_code == 200

    summary = response.context["summary"]
    assert summary.count == 4
    assert str(summary.average) == "3.8"
    assert [(r, n) for r, _, n, _ in summary.distribution] == [
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 2),
        (5, 1),
    ]
    assert [c for _, c, _ in summary.comments] == ["Too fast", "Good pace", "Great"]
    page = response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in page
    assert "/static/ladder/feedback-chart.js" in page
    assert "cdn" not in page.lower()
    data = json.loads(
        page.split('id="feedback-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert data["counts"] == [0, 1, 0, 2, 1]
    assert '<th scope="row">4 — Very good</th><td>2</td>' in page
    # Comments are shown without names.
    assert "Zebulon" not in page


def test_attendees_and_others_are_refused_the_summary(world, attended, client_for):
    assert client_for(world.bob).get(summary_url(attended.session)).status_code == 403
    assert client_for(world.carol).get(summary_url(attended.session)).status_code == 403
    with pytest.raises(PermissionDenied):
        feedback_summary(by=world.dave, session=attended.session)


def test_the_summary_of_a_library_session_is_404_outside_its_audience(world, catalogue, client_for):
    assert client_for(world.carol).get(summary_url(catalogue.riverside_series)).status_code == 404
    assert client_for(world.alice).get(summary_url(catalogue.riverside_series)).status_code == 200


def test_an_empty_summary_says_so(world, attended, client_for):
    page = client_for(world.sam).get(summary_url(attended.session)).content.decode()

    assert "No feedback yet." in page
    assert "No comments yet." in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_summary_runs_the_same_queries_for_5_and_50_answers(world, attended, client_for):
    client = client_for(world.sam)
    _feedback(world, attended.session, [(3, "ok")] * 5)
    few = _queries(client, summary_url(attended.session))
    Feedback.objects.all().delete()
    _feedback(world, attended.session, [(4, "fine")] * 50)
    many = _queries(client, summary_url(attended.session))
    assert few == many
