"""Roundtable pages: who sees what, joining and leaving, sharing, scheduling, bounded queries."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Session
from ladder.shared_learning.models import Roundtable, RoundtableMembership, RoundtableResource
from ladder.shared_learning.roundtables import (
    meeting_note_add,
    roundtable_join,
    roundtable_resource_add,
)
from tests import factories as f
from tests.shared_learning.roundtable_helpers import make_roundtable, schedule


def _url(name: str, roundtable: Roundtable) -> str:
    return reverse(f"shared_learning:{name}", args=[roundtable.pk])


def _hillcrest_leaves(world) -> None:
    membership = world.hillcrest.memberships.get(network=world.network)
    membership.left_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()


def test_the_list_shows_the_networks_roundtables(world, client_for):
    make_roundtable(world)
    page = client_for(world.bob).get(reverse("shared_learning:roundtable_list"))
    assert page.status_code == 200
    assert "Circulation" in page.text
    assert "New roundtable" not in page.text


def test_the_coordinator_sees_the_create_link(world, client_for):
    page = client_for(world.nina).get(reverse("shared_learning:roundtable_list"))
    assert reverse("shared_learning:roundtable_create", args=[world.network.pk]) in page.text


def test_the_page_lists_members_meetings_notes_and_resources(world, client_for):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    upcoming = schedule(world, roundtable)
    past = schedule(world, roundtable, days=2)
    Session.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-1),
    )
    meeting_note_add(by=world.sam, roundtable=roundtable, session=past, body="We met at noon.")
    RoundtableResource.objects.create(
        roundtable=roundtable, title="Loan rules", url="https://example.org", added_by=world.bob
    )

    page = client_for(world.bob).get(_url("roundtable_detail", roundtable))

    assert page.status_code == 200
    assert world.bob.display_name in page.text
    assert upcoming.get_absolute_url() in page.text
    assert "We met at noon." in page.text
    assert "Loan rules" in page.text
    assert "Leave the roundtable" in page.text
    assert "Schedule a meeting" not in page.text


def test_carol_sees_and_joins_only_while_hillcrest_is_a_member(world, client_for):
    roundtable = make_roundtable(world)
    carol = client_for(world.carol)
    assert carol.post(_url("roundtable_join", roundtable)).status_code == 302
    assert RoundtableMembership.objects.filter(person=world.carol).count() == 1
    RoundtableMembership.objects.filter(person=world.carol).update(left_on=timezone.localdate())

    _hillcrest_leaves(world)

    listing = carol.get(reverse("shared_learning:roundtable_list")).text
    assert _url("roundtable_detail", roundtable) not in listing
    assert carol.get(_url("roundtable_detail", roundtable)).status_code == 404
    assert carol.post(_url("roundtable_join", roundtable)).status_code == 404
    assert not RoundtableMembership.objects.filter(person=world.carol, left_on=None).exists()


def test_another_networks_roundtable_is_a_404(world, client_for):
    other = f.NetworkFactory(name="Other", slug="other")
    coordinator = f.PersonFactory()
    f.RoleFactory(person=coordinator, kind="network_coordinator", network=other)
    from ladder.shared_learning.roundtables import roundtable_create

    roundtable = roundtable_create(by=coordinator, network=other, name="Directors")
    assert client_for(world.bob).get(_url("roundtable_detail", roundtable)).status_code == 404


def test_joining_twice_from_the_page_shows_a_message_and_changes_nothing(world, client_for):
    roundtable = make_roundtable(world)
    bob = client_for(world.bob)
    bob.post(_url("roundtable_join", roundtable))

    page = bob.post(_url("roundtable_join", roundtable), follow=True)

    assert "already a member" in page.text
    assert RoundtableMembership.objects.filter(person=world.bob).count() == 1


def test_leaving_when_not_a_member_shows_a_message(world, client_for):
    roundtable = make_roundtable(world)
    page = client_for(world.bob).post(_url("roundtable_leave", roundtable), follow=True)
    assert "not a member" in page.text


def test_join_needs_a_post(world, client_for):
    roundtable = make_roundtable(world)
    assert client_for(world.bob).get(_url("roundtable_join", roundtable)).status_code == 405
    assert not RoundtableMembership.objects.exists()


def test_only_coordinators_create_and_edit(world, client_for):
    create = reverse("shared_learning:roundtable_create", args=[world.network.pk])
    assert client_for(world.alice).get(create).status_code == 403
    assert client_for(world.alice).post(create, {"name": "Directors"}).status_code == 403
    assert not Roundtable.objects.exists()

    response = client_for(world.nina).post(
        create, {"name": "Directors", "description": "Heads", "conveners": [world.alice.pk]}
    )
    roundtable = Roundtable.objects.get()
    assert response.status_code == 302
    assert list(roundtable.conveners.all()) == [world.alice]

    assert client_for(world.alice).get(_url("roundtable_edit", roundtable)).status_code == 403
    assert client_for(world.nina).get(_url("roundtable_edit", roundtable)).status_code == 200


def test_a_create_without_a_name_shows_the_error_on_the_field(world, client_for):
    create = reverse("shared_learning:roundtable_create", args=[world.network.pk])
    response = client_for(world.nina).post(create, {"name": ""})
    assert response.status_code == 400
    assert not Roundtable.objects.exists()


def test_a_member_may_not_schedule_a_meeting_from_the_page(world, client_for):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    start = timezone.localtime() + dt.timedelta(days=3)
    data = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 10,
        "online_url": "https://meet.example.org/c",
    }
    assert (
        client_for(world.bob).post(_url("roundtable_meeting_add", roundtable), data).status_code
        == 403
    )
    assert (
        client_for(world.sam).post(_url("roundtable_meeting_add", roundtable), data).status_code
        == 302
    )
    assert Session.objects.filter(offering=roundtable.offering).count() == 1


def test_a_non_member_may_not_share_from_the_page(world, client_for):
    roundtable = make_roundtable(world)
    data = {"title": "Spam", "url": "https://example.org"}
    response = client_for(world.dave).post(_url("roundtable_resource_add", roundtable), data)
    assert response.status_code == 403
    assert not RoundtableResource.objects.exists()


def test_a_resource_without_link_or_file_shows_the_error(world, client_for):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    response = client_for(world.bob).post(
        _url("roundtable_resource_add", roundtable), {"title": "Nothing"}
    )
    assert response.status_code == 400
    assert "Give either a link or a file." in response.text
    assert not RoundtableResource.objects.exists()


def _fill(world, roundtable: Roundtable, count: int) -> None:
    for n in range(count):
        person = f.PersonFactory()
        f.EmploymentFactory(person=person, library=world.riverside, job_class=world.page)
        RoundtableMembership.objects.create(roundtable=roundtable, person=person)
        RoundtableResource.objects.create(
            roundtable=roundtable, title=f"Link {n}", url="https://example.org", added_by=person
        )
    for days in range(1, 3 + count // 10):
        session = schedule(world, roundtable, days=days)
        meeting_note_add(by=world.sam, roundtable=roundtable, session=session, body="Notes")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_detail_page_runs_the_same_queries_for_5_and_50_members(world, client_for):
    small = make_roundtable(world, name="Small")
    large = make_roundtable(world, name="Large")
    _fill(world, small, 5)
    _fill(world, large, 50)
    client = client_for(world.sam)
    assert _queries(client, _url("roundtable_detail", small)) == _queries(
        client, _url("roundtable_detail", large)
    )


def test_the_list_runs_the_same_queries_for_5_and_50_roundtables(world, client_for):
    for n in range(5):
        make_roundtable(world, name=f"Group {n}")
    client = client_for(world.bob)
    few = _queries(client, reverse("shared_learning:roundtable_list"))
    for n in range(5, 50):
        make_roundtable(world, name=f"Group {n}", conveners=[world.sam, world.alice])
    assert _queries(client, reverse("shared_learning:roundtable_list")) == few


def test_a_shared_file_downloads_for_whoever_sees_the_roundtable_and_no_one_else(world, client_for):
    roundtable = make_roundtable(world)
    roundtable_join(by=world.bob, roundtable=roundtable)
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    resource = roundtable_resource_add(
        by=world.bob, roundtable=roundtable, title="Minutes", upload=pdf
    )
    url = reverse("shared_learning:roundtable_resource_file", args=[roundtable.pk, resource.pk])

    page = client_for(world.bob).get(_url("roundtable_detail", roundtable))
    assert url in page.content.decode()
    response = client_for(world.bob).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"

    other = f.NetworkFactory(name="Other", slug="other")
    outsider = f.PersonFactory()
    f.RoleFactory(person=outsider, kind="network_coordinator", network=other)
    assert client_for(outsider).get(url).status_code == 404
    wrong_roundtable = reverse(
        "shared_learning:roundtable_resource_file",
        args=[make_roundtable(world, name="Another").pk, resource.pk],
    )
    assert client_for(world.bob).get(wrong_roundtable).status_code == 404


def test_notes_on_an_upcoming_meeting_show_on_the_page(world, client_for):
    roundtable = make_roundtable(world)
    upcoming = schedule(world, roundtable)
    meeting_note_add(by=world.sam, roundtable=roundtable, session=upcoming, body="Agenda: loans")

    page = client_for(world.nina).get(_url("roundtable_detail", roundtable))

    assert page.status_code == 200
    assert "Agenda: loans" in page.text


def test_the_meeting_menu_names_meetings_by_their_date(world, client_for):
    roundtable = make_roundtable(world)
    upcoming = schedule(world, roundtable)
    starts = timezone.localtime(upcoming.starts_at)

    page = client_for(world.sam).get(_url("roundtable_detail", roundtable))

    label = f"{starts:%a} {starts.day} {starts:%b %Y, %H:%M}"
    assert f'<option value="{upcoming.pk}">{label}</option>' in page.text
