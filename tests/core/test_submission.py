"""saved(): the one step every form page takes once a form is submitted."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from ladder.core.submission import saved


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _on_top(form: forms.BaseForm, error: ValidationError) -> None:
    form.add_error(None, error)


def _never() -> str:
    raise AssertionError("save must not run")


def test_a_get_does_not_save():
    request = _request("GET")
    assert not saved(request, NameForm(), _never, show_errors=_on_top)


def test_an_invalid_form_does_not_save():
    request = _request("POST")
    form = NameForm(request.POST)
    assert not saved(request, form, _never, show_errors=_on_top)
    assert "name" in form.errors


def test_the_services_refusal_goes_on_the_form_and_nothing_is_flashed():
    request = _request("POST", {"name": "x"})
    form = NameForm(request.POST)

    def refuse() -> str:
        raise ValidationError("Not today.")

    assert not saved(request, form, refuse, show_errors=_on_top)
    assert form.non_field_errors() == ["Not today."]
    assert list(get_messages(request)) == []


def test_a_save_flashes_its_message():
    request = _request("POST", {"name": "x"})
    form = NameForm(request.POST)
    assert saved(request, form, lambda: "Saved x.", show_errors=_on_top)
    assert [str(m) for m in get_messages(request)] == ["Saved x."]


def test_a_save_with_nothing_to_say_flashes_nothing():
    request = _request("POST", {"name": "x"})
    form = NameForm(request.POST)
    assert saved(request, form, lambda: None, show_errors=_on_top)
    assert list(get_messages(request)) == []
