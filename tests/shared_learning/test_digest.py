"""The monthly digest: what is chosen, sending once a month, the signed links, unsubscribing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ladder.learning.models import Offering, OfferingCompetency, Registration
from ladder.shared_learning import digest
from ladder.shared_learning.models import DigestSend, DigestSubscription
from ladder.skills.models import Interest, JobClassCompetency
from tests.learning.conftest import make_session

pytestmark = pytest.mark.django_db


def _at(month: dt.date, day: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime(month.year, month.month, day, hour))


@pytest.fixture
def month():
    return digest.month_after(timezone.localdate())


@pytest.fixture
def offers(world, framework, month):
    """Next month: a free network webinar, a free workshop teaching circulation, a paid
    workshop teaching circulation, a free Hillcrest-only course, and a free webinar
    restricted to librarians."""
    circulation = framework.competencies.get(code="circulation")

    def offering(title, kind, *, fee="0", paid_by="free", library=None, comp=None):
        o = Offering.objects.create(
            title=title,
            kind=kind,
            provider_kind="library" if library else "network",
            provider_library=library,
            provider_network=None if library else world.network,
            fee=Decimal(fee),
            paid_by=paid_by,
        )
        if comp:
            OfferingCompetency.objects.create(offering=o, competency=comp, level=2)
        make_session(
            o, [(_at(month, 10), _at(month, 11))], capacity=20, online_url="https://x.example/w"
        )
        return o

    result = {
        "webinar": offering("Free webinar", "webinar"),
        "workshop": offering("Circulation workshop", "workshop", comp=circulation),
        "paid": offering(
            "Paid circulation", "workshop", fee="30", paid_by="attendee", comp=circulation
        ),
        "hillcrest": offering(
            "Hillcrest course", "in_house", library=world.hillcrest, comp=circulation
        ),
        "librarians": offering("Librarians webinar", "webinar"),
        "elsewhere": offering("Unmatched workshop", "workshop"),
    }
    result["librarians"].audience_job_classes.add(world.librarian2)
    result["librarians"].restriction_reason = "For librarians."
    result["librarians"].save()
    return result, circulation


def titles(items):
    return [i.offering.title for i in items]


def test_items_are_free_visible_and_matched_webinars_first(world, offers, month):
    _, circulation = offers
    Interest.objects.create(person=world.bob).learn.add(circulation)
    items = digest.digest_items(world.bob, month)
    assert titles(items) == ["Free webinar", "Circulation workshop"]
    assert items[1].reasons == ["You want to learn Circulation."]
    assert items[0].register_url.startswith("http")


def test_competency_gap_and_topics_also_match(world, offers, month):
    _, circulation = offers
    JobClassCompetency.objects.create(job_class=world.page, competency=circulation, level=2)
    items = digest.digest_items(world.bob, month)
    assert "Your job asks for Circulation at level 2." in items[1].reasons
    Interest.objects.create(person=world.alice, topics="unmatched, knitting")
    assert "Unmatched workshop" in titles(digest.digest_items(world.alice, month))
    # alice is a Librarian II: the restricted webinar is hers, not bob's.
    assert "Librarians webinar" in titles(digest.digest_items(world.alice, month))
    assert "Librarians webinar" not in titles(digest.digest_items(world.bob, month))


def test_already_registered_sessions_are_left_out(world, offers, month):
    o, _ = offers
    Registration.objects.create(
        person=world.bob, session=o["webinar"].sessions.get(), status="confirmed"
    )
    assert "Free webinar" not in titles(digest.digest_items(world.bob, month))


def test_send_one_sends_once(world, offers, month):
    assert digest.digest_send_one(world.bob, month) is True
    assert digest.digest_send_one(world.bob, month) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.bob.email]
    assert "Free webinar" in message.body and "Unsubscribe" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert DigestSend.objects.get(person=world.bob, month=month).item_count == 1


def test_a_failed_send_is_retried_next_run(world, offers, month):
    down = mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down"))
    with down, pytest.raises(OSError):
        digest.digest_send_one(world.bob, month)
    assert not DigestSend.objects.filter(person=world.bob).exists()
    assert digest.digest_send_one(world.bob, month) is True


def test_command_twice_sends_each_person_once(world, offers, month):
    out = StringIO()
    call_command("digest", "--month", f"{month:%Y-%m}", stdout=out)
    first = len(mail.outbox)
    assert first >= 4  # alice, sam, bob, carol, dave have jobs; all get the webinar
    call_command("digest", "--month", f"{month:%Y-%m}", stdout=out)
    assert len(mail.outbox) == first
    assert DigestSend.objects.filter(month=month).count() == 5
    assert "0 sent to" in out.getvalue().splitlines()[-1]


def test_command_dry_run_sends_and_records_nothing(world, offers, month):
    out = StringIO()
    call_command("digest", "--month", f"{month:%Y-%m}", "--dry-run", stdout=out)
    assert mail.outbox == [] and not DigestSend.objects.exists()
    assert "would go to" in out.getvalue()


def test_command_without_month_waits_for_the_due_day(world, offers):
    out = StringIO()
    with mock.patch.object(digest.timezone, "localdate", return_value=dt.date(2030, 3, 10)):
        call_command("digest", stdout=out)
    assert "Not due" in out.getvalue() and not DigestSend.objects.exists()
    assert digest.due_month(dt.date(2030, 3, 25)) == dt.date(2030, 4, 1)
    assert digest.due_month(dt.date(2030, 12, 31)) == dt.date(2031, 1, 1)


def test_bad_month_is_refused(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("digest", "--month", "2030-13")


def test_unsubscribed_people_get_nothing(world, offers, month, client):
    token = digest.unsubscribe_token(world.bob)
    url = reverse("shared_learning:digest_unsubscribe", args=[token])
    response = client.get(url)
    assert response.status_code == 200 and "Unsubscribe" in response.content.decode()
    assert digest.is_subscribed(world.bob)  # GET changes nothing
    client.post(url)
    assert DigestSubscription.objects.get(person=world.bob).subscribed is False
    assert digest.digest_send_one(world.bob, month) is False
    call_command("digest", "--month", f"{month:%Y-%m}", stdout=StringIO())
    assert world.bob.email not in [m.to[0] for m in mail.outbox]


def test_register_link_confirms_then_registers(world, offers, month, client):
    o, _ = offers
    session = o["webinar"].sessions.get()
    url = reverse(
        "shared_learning:digest_register", args=[digest.register_token(world.bob, session)]
    )
    response = client.get(url)
    assert response.status_code == 200 and "Register me" in response.content.decode()
    assert not Registration.objects.exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert Registration.objects.get(person=world.bob, session=session).status == "confirmed"
    response = client.post(url)  # twice: the service's message, nothing more
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(person=world.bob).count() == 1


def test_tampered_register_link_changes_nothing(world, offers, client):
    o, _ = offers
    session = o["webinar"].sessions.get()
    token = digest.register_token(world.bob, session)
    forged = signing.TimestampSigner(salt=digest.REGISTER_SALT).sign_object(
        {"p": world.alice.pk, "s": session.pk}
    )
    tampered = forged.split(":")[0] + ":" + ":".join(token.split(":")[1:])
    for bad in (tampered, token[:-2] + "xx", digest.unsubscribe_token(world.bob)):
        url = reverse("shared_learning:digest_register", args=[bad])
        assert client.post(url).status_code == 400
        assert "not valid" in client.get(url).content.decode()
    assert not Registration.objects.exists()


def test_expired_register_link_changes_nothing(world, offers, client):
    o, _ = offers
    session = o["webinar"].sessions.get()
    token = digest.register_token(world.bob, session)
    url = reverse("shared_learning:digest_register", args=[token])
    later = timezone.now() + digest.DIGEST_LINK_MAX_AGE + dt.timedelta(days=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not Registration.objects.exists()


def test_tampered_unsubscribe_link_changes_nothing(world, client):
    token = digest.unsubscribe_token(world.bob) + "x"
    response = client.post(reverse("shared_learning:digest_unsubscribe", args=[token]))
    assert response.status_code == 400
    assert not DigestSubscription.objects.exists()


def test_preview_page(world, offers, client_for):
    client = client_for(world.bob)
    response = client.get(reverse("shared_learning:digest_preview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Free webinar" in html and "Paid circulation" not in html
    client.post(reverse("shared_learning:digest_preview"), {"subscribed": "0"})
    assert not digest.is_subscribed(world.bob)
    client.post(reverse("shared_learning:digest_preview"), {"subscribed": "1"})
    assert digest.is_subscribed(world.bob)


def test_preview_needs_login(client):
    response = client.get(reverse("shared_learning:digest_preview"))
    assert response.status_code == 302


@pytest.mark.parametrize("n", [5, 50])
def test_preview_query_count_does_not_grow(
    world, month, client_for, n, django_assert_max_num_queries
):
    webinar = Offering.objects.create(
        title="Many", kind="webinar", provider_kind="network", provider_network=world.network
    )
    for day in range(n):
        make_session(webinar, [(_at(month, 1 + day % 27, 9), _at(month, 1 + day % 27, 10))])
    client = client_for(world.bob)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("shared_learning:digest_preview"))
    assert response.status_code == 200
