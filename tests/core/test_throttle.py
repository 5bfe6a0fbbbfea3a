"""Throttling: sign-in lock-out (django-axes), password reset, API tokens and public links."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from ladder.core.models import AuditEntry
from ladder.core.throttle import Rate, client_ip
from tests.api.conftest import ApiClient, assert_error, token_for
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"
BOB = "bob@riverside.example"


def sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def fail(client: Client, times: int, username: str = BOB) -> list[int]:
    return [sign_in(client, username, f"wrong-{n}").status_code for n in range(times)]


def window_passes() -> None:
    """Move every recorded failure back past the lock-out, as if the window had run out."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))


# --- Sign-in ---------------------------------------------------------------------------------


def test_nine_wrong_passwords_are_answered_the_tenth_in_a_minute_is_refused(world, client):
    assert fail(client, 9) == [200] * 9
    response = sign_in(client, BOB, "wrong-10")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Sign-in locked for 15 minutes" in body
    assert "Try again after" in body
    assert response["Retry-After"] == "900"


def test_the_eleventh_is_throttled_and_so_is_the_right_password_during_the_lock(world, client):
    fail(client, 10)
    assert sign_in(client, BOB, "wrong-11").status_code == 429
    assert sign_in(client, BOB, PASSWORD).status_code == 429
    assert SESSION_KEY not in client.session


def test_the_right_password_after_the_window_signs_in(world, client):
    fail(client, 10)
    window_passes()
    response = sign_in(client, BOB, PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.bob.pk)


def test_the_account_is_counted_whatever_the_case_of_its_address(world, client):
    for n in range(5):
        sign_in(client, BOB.upper(), f"wrong-{n}")
    fail(client, 4)
    assert sign_in(client, "Bob@Riverside.Example", "wrong").status_code == 429


def test_the_account_is_locked_from_every_address(world):
    fail(Client(REMOTE_ADDR="10.0.0.1"), 10)
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in(elsewhere, BOB, PASSWORD).status_code == 429


def test_one_address_guessing_many_accounts_is_locked_out(world):
    guesser = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(10):
        sign_in(guesser, f"someone{n}@riverside.example", "guess")
    assert sign_in(guesser, BOB, PASSWORD).status_code == 429
    # Others still sign in, bob too from his own machine.
    assert sign_in(Client(REMOTE_ADDR="10.0.0.10"), BOB, PASSWORD).status_code == 302


def test_the_lock_out_is_audited(world, client):
    fail(client, 10)
    entry = AuditEntry.objects.get(action="security.login_locked_out")
    assert entry.object_type == "people.person"
    assert entry.object_id == str(world.bob.pk)
    assert BOB in entry.summary and "127.0.0.1" in entry.summary


def test_the_limit_is_a_setting(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert fail(client, 3) == [200, 200, 429]


def test_the_site_admin_unlocks_with_the_command(world, client):
    fail(client, 10)
    call_command("unlock", BOB.upper(), "--ip", "127.0.0.1")
    assert sign_in(client, BOB, PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="security.login_unlocked").exists()


def test_the_site_admin_unlocks_from_the_admin(world, client, client_for):
    fail(Client(REMOTE_ADDR="10.0.0.1"), 10)
    admin = client_for(world.root)
    response = admin.post(
        reverse("admin:people_person_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [world.bob.pk]},
    )
    assert response.status_code == 302
    assert sign_in(Client(REMOTE_ADDR="10.0.0.2"), BOB, PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action="security.login_unlocked")
    assert entry.actor == world.root


def test_a_sign_in_without_a_request_is_not_refused(world):
    # The test client's login() authenticates without a request: nothing for axes to count.
    assert Client().login(email=BOB, password=PASSWORD)


# --- Password reset -----------------------------------------------------------------------------


def test_password_reset_is_limited_per_address(world, client, mailoutbox):
    for n in range(5):
        email = BOB if n % 2 else BOB.upper()
        assert client.post("/accounts/password_reset/", {"email": email}).status_code == 302
    response = client.post("/accounts/password_reset/", {"email": BOB})
    assert response.status_code == 429
    assert "Try again in" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 5
    assert (
        AuditEntry.objects.filter(
            action="security.throttled", object_id="password_reset_address"
        ).count()
        == 1
    )
    # Another address is still served.
    other = client.post("/accounts/password_reset/", {"email": "sam@riverside.example"})
    assert other.status_code == 302


def test_password_reset_is_limited_per_client_address(world, settings):
    settings.THROTTLE_RATES = settings.THROTTLE_RATES | {"password_reset_ip": "3/h"}
    client = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(3):
        assert (
            client.post("/accounts/password_reset/", {"email": f"a{n}@x.example"}).status_code
            == 302
        )
    assert client.post("/accounts/password_reset/", {"email": "a9@x.example"}).status_code == 429
    assert (
        Client(REMOTE_ADDR="10.1.1.2")
        .post("/accounts/password_reset/", {"email": "a9@x.example"})
        .status_code
        == 302
    )


def test_the_reset_form_itself_is_not_counted(world, client):
    for _ in range(10):
        assert client.get("/accounts/password_reset/").status_code == 200


# --- API tokens -----------------------------------------------------------------------------------


def test_api_token_creation_is_limited_per_account(world, settings):
    settings.THROTTLE_RATES = settings.THROTTLE_RATES | {"api_token_create": "2/h"}
    api = ApiClient(token_for(world.bob))  # made by the service, not counted
    assert api.post("tokens", {"name": "one"}).status_code == 201
    assert api.post("tokens", {"name": "two"}).status_code == 201
    body = assert_error(api.post("tokens", {"name": "three"}), 429, "throttled")
    assert "try again in" in body["message"]
    # The profile page's form shares the account's count.
    page = Client()
    page.force_login(world.bob)
    response = page.post(reverse("people:api_token_create"), {"name": "four"})
    assert response.status_code == 429
    # Someone else is not affected.
    assert ApiClient(token_for(world.sam)).post("tokens", {"name": "x"}).status_code == 201


# --- Public links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        lambda world: reverse("learning:feed_person", args=[world.bob.feed_token]),
        lambda world: reverse("shared_learning:digest_unsubscribe", args=["not-a-valid-token"]),
        lambda world: reverse(
            "learning:certificate_verify", args=["00000000-0000-0000-0000-000000000000"]
        ),
        lambda world: reverse("people:email_change_undo", args=["not-a-valid-token"]),
        lambda world: reverse("password_reset_confirm", args=["MQ", "not-a-valid-token"]),
    ],
    ids=[
        "calendar feed",
        "digest unsubscribe",
        "certificate verification",
        "e-mail change undo",
        "password reset link",
    ],
)
def test_public_links_are_limited_per_client_address(world, settings, url):
    settings.THROTTLE_RATES = settings.THROTTLE_RATES | {"public_link": "3/m"}
    client = Client(REMOTE_ADDR="10.2.2.2")
    statuses = [client.get(url(world)).status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    assert Client(REMOTE_ADDR="10.2.2.3").get(url(world)).status_code != 429


# --- Pieces -----------------------------------------------------------------------------------


def test_rates_parse():
    assert Rate.parse("5/h") == Rate(limit=5, seconds=3600)
    assert Rate.parse("10/15m") == Rate(limit=10, seconds=900)
    with pytest.raises(Exception, match="5/h"):
        Rate.parse("five an hour")


def test_client_address_behind_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote 6.6.6.6 itself; the one proxy appended the address it saw.
    assert client_ip(request) == "203.0.113.5"
