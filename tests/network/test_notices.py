"""The workflows' news reaches the people concerned, once each: a temp placement (the worker
and the library's admins), a new advisory question (the network's consultants), a new
roundtable meeting (its members, with the meeting for their calendar), an application to an
opening (the library's admins)."""

from __future__ import annotations

import icalendar
from django.core import mail

from ladder.core.models import Notice
from ladder.network import temp
from ladder.shared_learning.roundtables import roundtable_join
from tests.network.temp_helpers import agency  # noqa: F401 (fixture)
from tests.shared_learning.roundtable_helpers import make_roundtable, schedule


def test_a_placement_tells_the_worker_and_the_librarys_admins(
    world,
    agency,  # noqa: F811 (the fixture imported above)
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        temp.temp_place(by=world.nina, request=agency.request, worker=agency.near)
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([agency.near.person.email, world.alice.email])
    to_worker = next(m for m in mail.outbox if m.to == [agency.near.person.email])
    assert "You are placed at Riverside" in to_worker.body
    assert Notice.objects.filter(kind="network.temp_placement").count() == 2


def test_a_roundtable_meeting_reaches_its_members_with_a_calendar_file(
    world, django_capture_on_commit_callbacks
):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(world, roundtable)
    (message,) = [m for m in mail.outbox if m.to == [world.bob.email]]
    assert message.subject.startswith(f"New meeting of {roundtable}")
    ((filename, data, mimetype),) = message.attachments
    assert filename == "meeting.ics" and "method=PUBLISH" in mimetype
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
