"""The takeover chain, played by the attacker: a library admin (alice, Riverside) tries to
become the site admin by giving them a job at her library, changing their sign-in e-mail to
one she reads and resetting the password. Every step must fail on its own."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ladder.core.models import AuditEntry
from ladder.people import services
from ladder.people.models import ApiToken, EmailChange, Employment, Person
from ladder.people.tokens import api_token_create
from tests.api.conftest import ApiClient, token_for

START = dt.date(2024, 1, 1)
ATTACKER_MAIL = "alice.owns.this@evil.example"


def _job(world, person):
    return {
        "library": world.riverside,
        "job_class": world.page,
        "weekly_hours": Decimal("10"),
        "start_date": START,
    }


def _reset_password(person: Person, new_password: str = "a-brand-new-passphrase-42") -> Client:
    """Walk Django's reset confirmation as the person holding the link would."""
    client = Client()
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


# --- step 1: attaching someone who holds a role -------------------------------------------


@pytest.mark.parametrize("victim_name", ["root", "nina", "carol"])
def test_a_library_admin_cannot_give_a_role_holder_a_job(world, victim_name):
    victim = getattr(world, victim_name)
    if victim_name == "carol":
        # carol works at Hillcrest: end it, so she holds no job anywhere, only her role.
        Employment.objects.filter(person=victim).update(end_date=dt.date(2024, 6, 30))
    with pytest.raises(PermissionDenied, match="Ask the site admin"):
        services.employment_create(by=world.alice, person=victim, **_job(world, victim))
    assert not Employment.objects.filter(person=victim, library=world.riverside).exists()


def test_a_django_admin_staff_user_is_never_attached(world):
    staffer = Person.objects.create_user("helpdesk@example.org", is_staff=True)
    with pytest.raises(PermissionDenied):
        services.employment_create(by=world.alice, person=staffer, **_job(world, staffer))


def test_the_api_refuses_to_attach_the_site_admin_with_a_clear_message(world):
    api = ApiClient(token_for(world.alice))
    response = api.post(
        f"people/{world.root.pk}/employments",
        {
            "library": world.riverside.pk,
            "job_class": world.page.pk,
            "weekly_hours": "10",
            "start_date": START.isoformat(),
        },
    )
    # The site admin is not someone alice may name: the API does not even confirm the id.
    assert response.status_code == 404
    assert not world.root.employments.exists()


def test_the_api_explains_why_a_known_person_is_not_attached(world):
    # Say Riverside had once added carol (Hillcrest's admin): the API finds her, and
    # refuses to attach a role-holder with the reason.
    Employment.objects.filter(person=world.carol).update(end_date=dt.date(2024, 6, 30))
    world.carol.added_by_library = world.riverside
    world.carol.save()
    response = ApiClient(token_for(world.alice)).post(
        f"people/{world.carol.pk}/employments",
        {
            "library": world.riverside.pk,
            "job_class": world.page.pk,
            "weekly_hours": "10",
            "start_date": START.isoformat(),
        },
    )
    assert response.status_code == 403
    assert "site admin" in response.json()["error"]["message"].lower()
    assert not world.carol.employments.filter(library=world.riverside).exists()


def test_the_page_does_not_offer_the_site_admin(world, client_for):
    response = client_for(world.alice).post(
        f"/people/{world.root.pk}/employments/add/?library={world.riverside.pk}",
        {"job_class": world.page.pk, "weekly_hours": "10", "start_date": "2024-01-01"},
    )
    assert response.status_code == 404
    assert not world.root.employments.exists()


def test_an_import_row_naming_the_site_admin_is_refused(world):
    from ladder.people.imports import staff_import_preview
    from tests.people.fixtures.staff_files import csv_bytes, row

    data = csv_bytes([row(email=world.root.email, first_name="Root", last_name="Admin")])
    result = staff_import_preview(
        by=world.alice, library=world.riverside, filename="staff.csv", data=data
    )
    assert any("site admin" in e.message for e in result.errors), result.errors
    assert not world.root.employments.exists()


def test_a_stranger_with_no_job_not_added_by_the_library_is_not_attached(world):
    # Someone who signed up elsewhere, or whose jobs all ended at another library.
    stranger = Person.objects.create_user(
        "someone@elsewhere.example", first_name="S", last_name="X"
    )
    with pytest.raises(PermissionDenied):
        services.employment_create(by=world.alice, person=stranger, **_job(world, stranger))
    Employment.objects.filter(person=world.dave).update(end_date=dt.date(2024, 6, 30))
    with pytest.raises(PermissionDenied):
        services.employment_create(by=world.alice, person=world.dave, **_job(world, world.dave))


def test_a_person_added_through_the_library_gets_their_first_job_there(world):
    person = services.person_create(
        by=world.alice, email="new@riverside.example", first_name="New", last_name="Hire"
    )
    assert person.added_by_library == world.riverside
    services.employment_create(by=world.alice, person=person, **_job(world, person))
    # carol's library did not add them: she may not.
    with pytest.raises(PermissionDenied):
        services.employment_create(
            by=world.carol,
            person=person,
            library=world.hillcrest,
            job_class=world.page,
            weekly_hours=Decimal("10"),
            start_date=START,
        )


def test_a_second_job_for_current_staff_is_still_allowed(world):
    # alice is library admin of Riverside and works there: a fellow admin's second line.
    services.employment_create(
        by=world.alice,
        person=world.bob,
        library=world.riverside,
        job_class=world.page,
        weekly_hours=Decimal("5"),
        start_date=START,
    )
    assert world.bob.employments.count() == 2


# --- step 2: the sign-in e-mail -------------------------------------------------------------


def test_a_role_holders_email_is_changed_only_by_the_site_admin(world):
    # Even with a job at Riverside (the site admin gave it), root's address is out of reach.
    services.employment_create(by=world.root, person=world.root, **_job(world, world.root))
    world.root.refresh_from_db()
    with pytest.raises(PermissionDenied, match="only the site admin"):
        services.person_update(by=world.alice, person=world.root, email=ATTACKER_MAIL)
    world.root.refresh_from_db()
    assert world.root.email == "root@example.org"
    # nor can alice change sam's if sam becomes an admin too (a role-holder).
    from ladder.orgs.models import Role

    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    with pytest.raises(PermissionDenied):
        services.person_update(by=world.alice, person=world.sam, email=ATTACKER_MAIL)


def test_the_api_refuses_a_role_holders_email_change(world):
    services.employment_create(by=world.root, person=world.root, **_job(world, world.root))
    response = ApiClient(token_for(world.alice)).patch(
        f"people/{world.root.pk}", {"email": ATTACKER_MAIL}
    )
    assert response.status_code == 403
    world.root.refresh_from_db()
    assert world.root.email == "root@example.org"


def test_an_email_change_is_told_to_the_old_address_and_ends_every_session(
    world, client_for, django_capture_on_commit_callbacks
):
    bob_browser = client_for(world.bob)
    profile = f"/people/{world.bob.pk}/"
    assert bob_browser.get(profile).status_code == 200
    _, raw = api_token_create(by=world.bob, name="script")
    old_feed = world.bob.feed_token
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.person_update(by=world.alice, person=world.bob, email="bob.new@riverside.example")

    # Signed out everywhere, token revoked, calendar feed link replaced.
    assert bob_browser.get(profile).status_code == 302
    assert Person.objects.get(pk=world.bob.pk).feed_token != old_feed
    assert not ApiToken.objects.filter(person=world.bob, revoked_at__isnull=True).exists()
    assert ApiClient(raw).get("me").status_code == 401
    # The old address is told, with a link to undo; the new one is told too.
    to_old = [m for m in mail.outbox if m.to == ["bob@riverside.example"]]
    assert len(to_old) == 1
    assert "Alice Admin" in to_old[0].body
    assert "http://testserver" not in to_old[0].body  # absolute links use SITE_URL
    assert re.search(r"https?://\S+/people/email-change/\S+/undo/", to_old[0].body)
    assert any(m.to == ["bob.new@riverside.example"] for m in mail.outbox)
    assert AuditEntry.objects.filter(action="people.person.sessions_ended").exists()


def test_the_old_address_undoes_the_change_within_seven_days(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.person_update(by=world.alice, person=world.bob, email=ATTACKER_MAIL)
    link = re.search(r"https?://\S+(/people/email-change/\S+/undo/)", mail.outbox[0].body)
    assert link is not None
    path = link.group(1)
    # The attacker resets the password through the new address and signs in ...
    attacker = _reset_password(Person.objects.get(pk=world.bob.pk))
    assert (
        attacker.post(
            "/accounts/login/", {"username": ATTACKER_MAIL, "password": "a-brand-new-passphrase-42"}
        ).status_code
        == 302
    )
    assert attacker.get(f"/people/{world.bob.pk}/").status_code == 200
    # ... bob follows the link from his old address: a GET changes nothing, the POST undoes.
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200
    assert ATTACKER_MAIL in page.content.decode()
    assert Person.objects.get(pk=world.bob.pk).email == ATTACKER_MAIL
    assert anonymous.post(path).status_code == 200
    bob = Person.objects.get(pk=world.bob.pk)
    assert bob.email == "bob@riverside.example"
    assert not bob.has_usable_password()
    # The attacker's session is over, and the link works once.
    assert attacker.get(f"/people/{world.bob.pk}/").status_code == 302
    assert anonymous.post(path).status_code == 400


def test_an_undo_link_expires_after_seven_days(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.person_update(by=world.alice, person=world.bob, email=ATTACKER_MAIL)
    path = re.search(r"https?://\S+(/people/email-change/\S+/undo/)", mail.outbox[0].body).group(1)
    EmailChange.objects.update(changed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    response = Client().post(path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Person.objects.get(pk=world.bob.pk).email == ATTACKER_MAIL


def test_a_forged_undo_link_is_not_found(world):
    assert Client().get("/people/email-change/not-a-real-token/undo/").status_code == 404


# --- step 3: the password reset ------------------------------------------------------------


def test_a_password_reset_ends_every_session_and_revokes_tokens(world, client_for):
    other_device = client_for(world.bob)
    _, raw = api_token_create(by=world.bob, name="script")
    _reset_password(world.bob)
    assert other_device.get(f"/people/{world.bob.pk}/").status_code == 302
    assert ApiClient(raw).get("me").status_code == 401


# --- the whole chain ----------------------------------------------------------------------


def test_the_whole_takeover_chain_fails_at_every_step(world):
    """alice tries each step through the API as an attacker would, in order."""
    api = ApiClient(token_for(world.alice))
    job = {
        "library": world.riverside.pk,
        "job_class": world.page.pk,
        "weekly_hours": "10",
        "start_date": START.isoformat(),
    }
    # 1. attach the site admin to her library
    assert api.post(f"people/{world.root.pk}/employments", job).status_code in (403, 404)
    # 2. change their sign-in e-mail (even had step 1 worked, she cannot see or change it)
    assert api.patch(f"people/{world.root.pk}", {"email": ATTACKER_MAIL}).status_code in (403, 404)
    # 3. ask for a password reset to the attacker's address: nothing is sent there
    mail.outbox.clear()
    Client().post("/accounts/password_reset/", {"email": ATTACKER_MAIL})
    assert not any(ATTACKER_MAIL in m.to for m in mail.outbox)
    # 4. the site admin is unchanged and alice has gained nothing
    root = Person.objects.get(pk=world.root.pk)
    assert root.email == "root@example.org" and not root.employments.exists()
    assert api.get("admin/").status_code in (401, 403, 404)
    assert Client().login(username=ATTACKER_MAIL, password="anything") is False


# --- separation of duties on one's own job --------------------------------------------------


def test_an_admin_cannot_change_their_own_hours_or_job_class(world, client_for):
    own = world.alice.employments.get()
    with pytest.raises(PermissionDenied, match="your own job class, hours or benefits"):
        services.employment_update(by=world.alice, employment=own, weekly_hours=Decimal("45"))
    # the page says why, in words
    response = client_for(world.alice).post(
        f"/people/employments/{own.pk}/edit/",
        {
            "branch": own.branch_id,
            "job_class": world.manager.pk,
            "title": "",
            "weekly_hours": "40",
            "start_date": own.start_date.isoformat(),
        },
    )
    assert response.status_code == 403
    assert "another admin of Riverside Public Library" in response.content.decode()
    # the API too
    response = ApiClient(token_for(world.alice)).patch(
        f"employments/{own.pk}", {"weekly_hours": "45"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.weekly_hours == Decimal("40") and own.job_class == world.librarian2
    # a second admin may; other fields of her own job stay hers to keep up to date
    services.employment_update(by=world.alice, employment=own, title="Head of HR")
    from ladder.orgs.models import Role

    Role.objects.create(person=world.sam, kind=Role.Kind.LIBRARY_ADMIN, library=world.riverside)
    services.employment_update(by=world.sam, employment=own, weekly_hours=Decimal("45"))
    own.refresh_from_db()
    assert own.weekly_hours == Decimal("45")


def test_an_admin_cannot_give_themselves_a_new_job_line(world):
    with pytest.raises(PermissionDenied, match="your own job class"):
        services.employment_create(
            by=world.alice,
            person=world.alice,
            library=world.riverside,
            job_class=world.manager,
            weekly_hours=Decimal("40"),
            start_date=dt.date(2025, 1, 1),
        )
