"""core/mail.py: every e-mail has a text part and an HTML part, both from templates."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template import TemplateDoesNotExist

from ladder.core.links import absolute_url
from ladder.core.mail import send_templated, templated_message


def parts(message):
    """(text, html) of a sent message; fails if the HTML part is missing."""
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return message.body, html


def test_a_mail_with_its_own_html_template_uses_it(db):
    message = templated_message(
        "tuition/email/promotion_proposed",
        {"promotion": None, "link": absolute_url("login")},
        subject="s",
        to=["a@example.org"],
    )

    text, html = parts(message)
    assert absolute_url("login") in text
    assert f'<a href="{absolute_url("login")}">' in html


def test_without_an_html_template_the_text_is_wrapped_with_clickable_links(db, world):
    url = absolute_url("login")
    sent = send_templated(
        "people/email/email_changed_new",
        {"person": world.bob, "login_url": url, "change": None},
        subject="Hello",
        to=[world.bob.email],
    )

    assert sent == 1
    [message] = mail.outbox
    assert message.subject == "Hello" and message.to == [world.bob.email]
    text, html = parts(message)
    assert world.bob.display_name in text and world.bob.display_name in html
    assert url in text
    assert f'<a href="{url}"' in html
    assert html.startswith("<!doctype html>")


def test_user_text_is_escaped_in_the_html_part_only(db, world):
    world.bob.first_name = "<b>Bob</b>"
    message = templated_message(
        "people/email/email_changed_new",
        {"person": world.bob, "login_url": "", "change": None},
        subject="s",
        to=["a@example.org"],
    )

    text, html = parts(message)
    assert "<b>Bob</b>" in text
    assert "&lt;b&gt;Bob&lt;/b&gt;" in html


def test_a_missing_text_template_is_an_error():
    with pytest.raises(TemplateDoesNotExist):
        send_templated("nowhere/email/nothing", {}, subject="s", to=["a@example.org"])
