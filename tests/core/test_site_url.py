"""Links point at the port actually served: `ladder demo --port N` sets SITE_URL before seeding."""

from __future__ import annotations

from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command

from ladder.core.links import absolute_url
from ladder.demo.management.commands import demo as demo_command


def test_demo_on_another_port_makes_links_to_that_port(monkeypatch, settings):
    monkeypatch.delenv("SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"  # through the fixture, so it is restored after
    seen: dict[str, str] = {}

    def fake_seed() -> SimpleNamespace:
        seen["seeding"] = absolute_url("/learning/")
        return SimpleNamespace(network=SimpleNamespace(name="Demo"), logins=[])

    def fake_call(name: str, *args: object, **kwargs: object) -> None:
        if name == "runserver":
            seen["serving"] = absolute_url("/learning/")
            seen["address"] = str(args[0])

    monkeypatch.setattr(demo_command, "seed_demo", fake_seed)
    monkeypatch.setattr(demo_command, "call_command", fake_call)
    monkeypatch.setattr(demo_command, "_start_periodic_jobs", lambda: None)
    call_command("demo", "--port", "8123", stdout=StringIO())
    assert seen == {
        "seeding": "http://127.0.0.1:8123/learning/",
        "serving": "http://127.0.0.1:8123/learning/",
        "address": "127.0.0.1:8123",
    }


def test_an_explicit_site_url_wins(monkeypatch, settings):
    monkeypatch.setenv("SITE_URL", "https://ladder.example.org")
    settings.SITE_URL = "https://ladder.example.org"
    monkeypatch.setattr(
        demo_command,
        "seed_demo",
        lambda: SimpleNamespace(network=SimpleNamespace(name="Demo"), logins=[]),
    )
    monkeypatch.setattr(demo_command, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(demo_command, "_start_periodic_jobs", lambda: None)
    call_command("demo", "--port", "8123", stdout=StringIO())
    assert absolute_url("/x") == "https://ladder.example.org/x"
