"""The advisory desk's services: who may ask, who works the queue, response times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.access import access_for
from ladder.core.links import absolute_url
from ladder.core.models import AuditEntry
from ladder.network import advisory
from ladder.network.models import AdvisoryRequest
from ladder.orgs.models import Membership, Role
from tests import factories as f


def ask(world, person=None, **kwargs) -> AdvisoryRequest:
    fields = {
        "by": person or world.bob,
        "network": world.network,
        "channel": "email",
        "topic": "Weeding",
        "question": "How often should we weed the picture books?",
    }
    fields.update(kwargs)
    return advisory.advisory_request_create(**fields)


def test_member_staff_ask_for_their_own_library(world):
    request = ask(world)
    assert request.library == world.riverside
    assert request.asked_by == world.bob
    assert request.status == AdvisoryRequest.Status.NEW
    assert AuditEntry.objects.filter(action="network.advisory.created").count() == 1


def test_staff_of_a_non_member_library_cannot_ask(world):
    outside = f.LibraryFactory(name="Outside Library")
    eve = f.PersonFactory()
    f.EmploymentFactory(person=eve, library=outside)
    with pytest.raises(PermissionDenied):
        ask(world, person=eve)
    assert not AdvisoryRequest.objects.exists()


def test_staff_of_a_library_that_left_cannot_ask(world):
    Membership.objects.filter(library=world.hillcrest).update(left_on=dt.date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        ask(world, person=world.dave)


def test_staff_cannot_ask_for_another_library(world):
    with pytest.raises(ValidationError) as exc:
        ask(world, person=world.dave, library=world.riverside)
    assert "library" in exc.value.message_dict
    assert not AdvisoryRequest.objects.exists()


def test_empty_question_is_a_field_error_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as exc:
        ask(world, question="   ")
    assert "question" in exc.value.message_dict
    assert not AdvisoryRequest.objects.exists()


def test_coordinator_logs_a_phone_request_on_behalf_of_staff(world):
    request = ask(world, person=world.nina, asked_by=world.dave, channel="phone")
    assert request.asked_by == world.dave
    assert request.library == world.hillcrest


def test_coordinator_cannot_log_an_email_request_on_behalf(world):
    with pytest.raises(ValidationError) as exc:
        ask(world, person=world.nina, asked_by=world.dave, channel="email")
    assert "channel" in exc.value.message_dict


def test_staff_cannot_log_a_request_on_behalf_of_a_colleague(world):
    with pytest.raises(PermissionDenied):
        ask(world, person=world.alice, asked_by=world.bob, channel="phone")


def test_only_the_networks_coordinators_assign_and_answer(world):
    request = ask(world)
    for person in (world.bob, world.carol, world.alice):
        with pytest.raises(PermissionDenied):
            advisory.advisory_answer(by=person, request=request, answer="Yearly.")
        with pytest.raises(PermissionDenied):
            advisory.advisory_assign(by=person, request=request, consultant=world.nina)
    other = f.NetworkFactory()
    olga = f.PersonFactory()
    Role.objects.create(person=olga, kind=Role.Kind.NETWORK_COORDINATOR, network=other)
    with pytest.raises(PermissionDenied):
        advisory.advisory_answer(by=olga, request=request, answer="Yearly.")


def test_assign_only_to_a_consultant_of_the_network(world):
    request = ask(world)
    with pytest.raises(ValidationError) as exc:
        advisory.advisory_assign(by=world.nina, request=request, consultant=world.alice)
    assert "consultant" in exc.value.message_dict
    advisory.advisory_assign(by=world.nina, request=request, consultant=world.nina)
    request.refresh_from_db()
    assert request.status == AdvisoryRequest.Status.ASSIGNED
    assert request.consultant == world.nina


@pytest.mark.django_db(transaction=True)
def test_answer_emails_the_asker(world):
    request = ask(world)
    # The network's consultants (its coordinators) heard of the new question.
    assert [m.to for m in mail.outbox] == [[world.nina.email]]
    assert mail.outbox[0].subject.startswith("New question for")
    mail.outbox.clear()
    advisory.advisory_answer(by=world.nina, request=request, answer="Once a year.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.bob.email]
    assert "Once a year." in mail.outbox[0].body


def test_answer_email_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    request = ask(world)
    with django_capture_on_commit_callbacks(execute=True):
        advisory.advisory_answer(by=world.nina, request=request, answer="Once a year.")
    assert [m.to for m in mail.outbox] == [[world.bob.email]]


def test_answering_twice_keeps_the_first_response_time(world):
    request = ask(world)
    advisory.advisory_answer(by=world.nina, request=request, answer="Yearly.")
    first = request.first_response_at
    assert first is not None
    advisory.advisory_answer(by=world.nina, request=request, answer="Yearly, and after floods.")
    request.refresh_from_db()
    assert request.first_response_at == first
    assert request.answered_at is not None and request.answered_at >= first
    assert request.answer == "Yearly, and after floods."


def test_empty_answer_is_a_field_error(world):
    request = ask(world)
    with pytest.raises(ValidationError) as exc:
        advisory.advisory_answer(by=world.nina, request=request, answer="")
    assert "answer" in exc.value.message_dict
    request.refresh_from_db()
    assert request.status == AdvisoryRequest.Status.NEW


def test_average_time_to_first_response(world):
    now = timezone.now()
    for hours in (2, 4):
        request = ask(world)
        AdvisoryRequest.objects.filter(pk=request.pk).update(
            created_at=now - dt.timedelta(hours=hours), first_response_at=now
        )
    ask(world)  # unanswered: not counted
    queue = advisory.advisory_queue(access_for(world.nina))
    assert advisory.average_first_response(queue) == dt.timedelta(hours=3)
    assert advisory.average_first_response(AdvisoryRequest.objects.none()) is None


def test_queue_filters_by_status_channel_and_library(world):
    ask(world)
    phone = ask(world, person=world.dave, channel="phone")
    access = access_for(world.nina)
    assert list(advisory.advisory_queue(access, channel="phone")) == [phone]
    assert list(advisory.advisory_queue(access, library_id=world.hillcrest.pk)) == [phone]
    assert advisory.advisory_queue(access, status="answered").count() == 0
    assert advisory.advisory_queue(access_for(world.carol)).count() == 0


def test_asker_closes_but_another_staff_member_cannot(world):
    request = ask(world)
    with pytest.raises(PermissionDenied):
        advisory.advisory_close(by=world.dave, request=request)
    advisory.advisory_close(by=world.bob, request=request)
    assert request.status == AdvisoryRequest.Status.CLOSED


def test_the_answer_mail_has_text_and_html_with_an_absolute_link_and_the_name(
    world, django_capture_on_commit_callbacks
):
    request = ask(world)
    with django_capture_on_commit_callbacks(execute=True):
        advisory.advisory_answer(by=world.nina, request=request, answer="Once a year.")

    link = absolute_url("network:advisory_detail", request.pk)
    [message] = mail.outbox
    [(html, _kind)] = message.alternatives
    for part in (message.body, html):
        assert link in part  # absolute: the mail once carried only the path
        assert world.bob.display_name in part
        assert "Once a year." in part
