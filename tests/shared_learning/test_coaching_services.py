"""One-on-one teaching: suggestions, asking, accepting, sessions, completion, mentoring given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.links import absolute_url
from ladder.core.models import AuditEntry
from ladder.learning.models import TrainingRecord
from ladder.shared_learning import coaching
from ladder.shared_learning.models import CoachingRequest
from ladder.skills.models import Evidence, Rating
from tests import factories as f
from tests.shared_learning.coaching_helpers import accepted_with_held_session, ask, mentors

pytestmark = pytest.mark.django_db
S = CoachingRequest.Status


@pytest.fixture
def m(world, framework):
    return mentors(world, framework)


def test_suggestions_nearest_first_then_most_skilled(world, m):
    found = coaching.suggest_mentors(world.bob, competency=m.circulation)
    assert [s.person for s in found] == [m.sam, m.erin, m.dave]
    assert [s.scope for s in found] == ["same branch", "same library", "in the network"]
    assert [s.level for s in found] == [3, 4, 4]


def test_suggestions_leave_out_weak_non_volunteers_and_the_learner(world, m):
    found = {s.person for s in coaching.suggest_mentors(world.sam, competency=m.circulation)}
    assert m.weak not in found  # level 2 < GOOD_LEVEL
    assert m.shy not in found  # not a volunteer
    assert world.sam not in found  # not oneself
    assert found == {m.erin, m.dave}


def test_suggestions_stop_at_the_network(world, m):
    outsider = f.PersonFactory(email="out@elsewhere.example")
    f.EmploymentFactory(person=outsider)  # another library, in no network of bob's
    from tests.shared_learning.coaching_helpers import make_mentor

    make_mentor(outsider, m.circulation, 4)
    found = {s.person for s in coaching.suggest_mentors(world.bob, competency=m.circulation)}
    assert outsider not in found


def test_suggestions_for_a_free_text_topic(world, m):
    found = [s.person for s in coaching.suggest_mentors(world.bob, topic="circulation")]
    assert found[0] == m.sam
    assert coaching.suggest_mentors(world.bob, topic="knitting") == []


def test_ask_creates_the_request_and_emails_the_mentor(
    world, m, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(world, m)
    assert request.status == S.REQUESTED
    assert request.library == world.riverside
    assert request.topic == m.circulation.name
    assert mail.outbox[-1].to == [m.sam.email]
    assert "Tuesday mornings" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="shared_learning.coaching.requested").count() == 1


def test_asking_a_mentor_not_suggested_is_refused(world, m):
    with pytest.raises(ValidationError) as exc:
        ask(world, m, mentor=m.weak)
    assert "not among the mentors suggested" in str(exc.value.message_dict["mentor"])
    assert not CoachingRequest.objects.exists()


def test_asking_without_a_subject_is_refused(world, m):
    with pytest.raises(ValidationError) as exc:
        coaching.coaching_request_create(by=world.bob, mentor=m.sam)
    assert "topic" in exc.value.message_dict


def test_people_without_a_job_cannot_ask(world, m):
    with pytest.raises(PermissionDenied):
        coaching.coaching_request_create(by=world.nina, mentor=m.sam, competency=m.circulation)


def test_a_mentor_accepting_a_request_not_meant_for_them_changes_nothing(world, m):
    request = ask(world, m)
    with pytest.raises(PermissionDenied) as exc:
        coaching.coaching_accept(by=m.erin, request=request)
    assert "sent to Sam Super" in str(exc.value)
    request.refresh_from_db()
    assert request.status == S.REQUESTED and request.accepted_at is None
    assert not AuditEntry.objects.filter(action="shared_learning.coaching.accepted").exists()


def test_the_learner_cannot_accept_their_own_request(world, m):
    request = ask(world, m)
    with pytest.raises(PermissionDenied):
        coaching.coaching_accept(by=world.bob, request=request)


def test_accept_then_accept_again_is_refused(world, m, django_capture_on_commit_callbacks):
    request = ask(world, m)
    with django_capture_on_commit_callbacks(execute=True):
        coaching.coaching_accept(by=m.sam, request=request, note="Happy to.")
    assert request.status == S.ACCEPTED and request.accepted_at
    assert mail.outbox[-1].to == [world.bob.email]
    with pytest.raises(ValidationError):
        coaching.coaching_accept(by=m.sam, request=request)


def test_decline(world, m):
    request = ask(world, m)
    coaching.coaching_decline(by=m.sam, request=request, note="Too busy this month.")
    request.refresh_from_db()
    assert request.status == S.DECLINED and request.mentor_note == "Too busy this month."
    with pytest.raises(ValidationError):
        coaching.coaching_session_schedule(
            by=m.sam, request=request, starts_at=timezone.now(), minutes=30
        )


def test_sessions_need_an_accepted_request_and_a_sane_length(world, m):
    request = ask(world, m)
    with pytest.raises(ValidationError):
        coaching.coaching_session_schedule(
            by=world.bob, request=request, starts_at=timezone.now(), minutes=30
        )
    coaching.coaching_accept(by=m.sam, request=request)
    with pytest.raises(ValidationError) as exc:
        coaching.coaching_session_schedule(
            by=world.bob, request=request, starts_at=timezone.now(), minutes=2
        )
    assert "minutes" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        coaching.coaching_session_schedule(
            by=world.alice, request=request, starts_at=timezone.now(), minutes=30
        )


def test_a_future_session_cannot_be_logged_as_held(world, m):
    request = ask(world, m)
    coaching.coaching_accept(by=m.sam, request=request)
    session = coaching.coaching_session_schedule(
        by=world.bob, request=request, starts_at=timezone.now() + dt.timedelta(days=1), minutes=30
    )
    with pytest.raises(ValidationError):
        coaching.coaching_session_log(by=m.sam, session=session, held=True)
    with pytest.raises(PermissionDenied):
        coaching.coaching_session_log(by=world.bob, session=session, held=False)


def test_complete_writes_transcript_evidence_and_mentoring_given(world, m):
    request = accepted_with_held_session(world, m, minutes=90)
    coaching.coaching_complete(by=m.sam, request=request, level_reached=2, note="Can do holds.")
    request.refresh_from_db()
    assert request.status == S.COMPLETED and request.level_reached == 2
    record = request.training_record
    assert record.person == world.bob
    assert record.kind == "one_on_one"
    assert record.hours == Decimal("1.50")
    assert record.provider == "Sam Super"
    assert record.status == TrainingRecord.Status.VERIFIED
    evidence = Evidence.objects.get(person=world.bob, competency=m.circulation)
    assert evidence.kind == "coaching" and evidence.level == 2
    assert evidence.source_ref == f"coaching:{request.pk}"
    assert Rating.objects.get(person=world.bob, competency=m.circulation).level == 2
    today = timezone.localdate()
    given = coaching.mentoring_given([m.sam.pk, m.erin.pk], today, today)
    assert given[m.sam.pk].requests == 1 and given[m.sam.pk].hours == Decimal("1.50")
    assert given[m.erin.pk].requests == 0 and given[m.erin.pk].hours == 0


def test_complete_needs_a_held_session(world, m):
    request = ask(world, m)
    coaching.coaching_accept(by=m.sam, request=request)
    with pytest.raises(ValidationError):
        coaching.coaching_complete(by=m.sam, request=request, level_reached=2)
    request.refresh_from_db()
    assert request.status == S.ACCEPTED
    assert not TrainingRecord.objects.filter(person=world.bob).exists()


def test_complete_with_a_level_off_the_scale_changes_nothing(world, m):
    request = accepted_with_held_session(world, m)
    with pytest.raises(ValidationError):
        coaching.coaching_complete(by=m.sam, request=request, level_reached=9)
    request.refresh_from_db()
    assert request.status == S.ACCEPTED
    assert not TrainingRecord.objects.filter(person=world.bob).exists()
    assert not Evidence.objects.filter(person=world.bob).exists()


def test_only_the_mentor_completes(world, m):
    request = accepted_with_held_session(world, m)
    for other in (world.bob, m.erin, world.alice):
        with pytest.raises(PermissionDenied):
            coaching.coaching_complete(by=other, request=request, level_reached=2)
    assert CoachingRequest.objects.get(pk=request.pk).status == S.ACCEPTED


def test_cancel_by_the_learner_only(world, m):
    request = ask(world, m)
    with pytest.raises(PermissionDenied):
        coaching.coaching_cancel(by=m.sam, request=request)
    coaching.coaching_cancel(by=world.bob, request=request)
    assert CoachingRequest.objects.get(pk=request.pk).status == S.CANCELLED


def test_visibility(world, m):
    from ladder.core.access import access_for

    request = ask(world, m)
    can_see = [world.bob, m.sam, world.alice, world.root]  # learner, mentor+supervisor, admin
    cannot = [world.carol, m.erin, world.nina, m.dave]
    for person in can_see:
        assert coaching.requests_visible_to(access_for(person)).filter(pk=request.pk).exists()
    for person in cannot:
        assert not coaching.requests_visible_to(access_for(person)).filter(pk=request.pk).exists()


def test_mentoring_given_is_batched(world, m, django_assert_max_num_queries):
    accepted_with_held_session(world, m)
    today = timezone.localdate()
    with django_assert_max_num_queries(2):
        coaching.mentoring_given({m.sam.pk, m.erin.pk, m.dave.pk}, today, today)


def test_coaching_mails_have_text_and_html_with_the_link_and_the_recipients_name(
    world, m, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(world, m)
    with django_capture_on_commit_callbacks(execute=True):
        coaching.coaching_accept(by=m.sam, request=request, note="Happy to.")

    link = absolute_url("shared_learning:coaching_detail", request.pk)
    asked, accepted = mail.outbox[-2:]
    for message, recipient in ((asked, m.sam), (accepted, world.bob)):
        [(html, _kind)] = message.alternatives
        for part in (message.body, html):
            assert link in part
            assert recipient.display_name in part
    assert "Tuesday mornings" in asked.alternatives[0][0]
    assert "Happy to." in accepted.body
