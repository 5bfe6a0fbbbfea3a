"""Sign in, sign out, password change and password reset by e-mail."""

import re

from django.contrib.auth import SESSION_KEY

from tests.conftest import PASSWORD


def test_login_page_renders_with_a_reset_link(client, db):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="username"' in body
    assert "/accounts/password_reset/" in body


def test_login_by_email_in_any_case(world, client):
    response = client.post(
        "/accounts/login/", {"username": "BOB@Riverside.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.bob.pk)


def test_wrong_password_is_refused_with_a_message(world, client):
    response = client.post(
        "/accounts/login/", {"username": "bob@riverside.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "correct e-mail address and password" in response.content.decode()


def test_inactive_person_cannot_sign_in(world, client):
    world.bob.is_active = False
    world.bob.save()
    client.post("/accounts/login/", {"username": "bob@riverside.example", "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_logout_needs_post(world, client_for):
    client = client_for(world.bob)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_change(world, client_for):
    client = client_for(world.bob)
    assert client.get("/accounts/password_change/").status_code == 200
    bad = client.post(
        "/accounts/password_change/",
        {"old_password": "nope", "new_password1": "x", "new_password2": "y"},
    )
    assert "old_password" in bad.context["form"].errors
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.check_password("a-much-longer-passphrase")
    assert client.get(response["Location"]).status_code == 200


def test_password_change_requires_login(client, db):
    assert client.get("/accounts/password_change/").status_code == 302


def test_password_reset_by_email(world, client, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "Bob@riverside.example"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["bob@riverside.example"]
    assert message.subject == "Reset your Ladder password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    # The link redirects once to a URL without the token, then shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    )
    assert done.status_code == 302
    assert client.get(done["Location"]).status_code == 200
    world.bob.refresh_from_db()
    assert world.bob.check_password("brand-new-passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    db, client, mailoutbox
):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_used_reset_link_no_longer_works(world, client, mailoutbox):
    client.post("/accounts/password_reset/", {"email": "bob@riverside.example"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "no longer works" in again.content.decode()


def test_new_staff_can_set_a_password_through_reset(world, client, mailoutbox):
    from ladder.people.services import person_create

    person_create(by=world.alice, email="new@riverside.example", first_name="N", last_name="S")
    client.post("/accounts/password_reset/", {"email": "new@riverside.example"})
    assert len(mailoutbox) == 1


def test_staff_added_without_a_password_can_ask_for_a_reset_link(world, client):
    from django.core import mail

    from ladder.people.services import person_create

    newcomer = person_create(
        by=world.alice, email="newcomer@riverside.example", first_name="New", last_name="Comer"
    )
    assert not newcomer.has_usable_password()
    response = client.post("/accounts/password_reset/", {"email": "NEWCOMER@riverside.example"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["newcomer@riverside.example"]]


def test_inactive_people_get_no_reset_link(world, client):
    from django.core import mail

    world.bob.is_active = False
    world.bob.save()
    client.post("/accounts/password_reset/", {"email": world.bob.email})
    assert mail.outbox == []
