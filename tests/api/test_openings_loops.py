"""API: internal first (issue #16) and hiring that changes the job, as on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from ladder.openings import openings as svc
from ladder.openings.models import Application, Opening
from ladder.people.models import Employment
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _draft(world) -> Opening:
    return svc.opening_create(
        by=world.alice, library=world.riverside, job_class=world.page, weekly_hours=Decimal("40")
    )


def test_the_api_refuses_a_draft_going_external_and_an_early_advert(world, api_for) -> None:
    alice = api_for(world.alice)
    draft = _draft(world)

    error = assert_error(alice.post(f"openings/{draft.pk}/publish", {"external": True}), 422)
    assert "Internal first" in error["message"]
    assert alice.post(f"openings/{draft.pk}/publish", {}).status_code == 200
    error = assert_error(alice.post(f"openings/{draft.pk}/publish", {"external": True}), 422)
    assert "can be advertised externally from" in error["message"]

    shortened = alice.post(
        f"openings/{draft.pk}/internal-window",
        {"internal_until": TODAY().isoformat(), "reason": "Urgent"},
    )
    assert shortened.status_code == 200, shortened.content
    assert shortened.json()["internal_until"] == TODAY().isoformat()


def test_the_api_hiring_settings(world, api_for) -> None:
    alice = api_for(world.alice)
    url = f"libraries/{world.riverside.pk}/hiring-settings"
    assert alice.get(url).json()["internal_window_days"] == 10

    refused = alice.put(
        url, {"internal_window_days": 4, "hired_text": "Hi", "not_selected_text": "Bye"}
    )
    assert_error(refused, 422)
    saved = alice.put(
        url,
        {
            "internal_window_days": 4,
            "hired_text": "Hi",
            "not_selected_text": "Bye",
            "reason": "Seasonal posts",
        },
    )
    assert saved.status_code == 200 and saved.json()["internal_window_days"] == 4
    assert_error(api_for(world.carol).get(url), 404)


def test_the_api_hires_and_the_job_changes(world, api_for, django_capture_on_commit_callbacks):
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))
    bob = svc.application_create(by=world.bob, opening=opening)
    old = Employment.objects.get(person=world.bob)
    url = f"openings/{opening.pk}/applications/{bob.pk}/decision"
    mail.outbox.clear()

    assert_error(api_for(world.carol).post(url, {"status": "hired"}), 404)
    assert_error(api_for(world.bob).post(url, {"status": "hired"}), 404)  # not his to manage
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(world.alice).post(
            url, {"status": "hired", "start_date": TODAY().isoformat()}
        )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "hired" and body["start_date"] == TODAY().isoformat()
    old.refresh_from_db()
    assert old.end_date == TODAY() - dt.timedelta(days=1)
    assert Employment.objects.get(pk=body["employment_id"]).weekly_hours == Decimal("40")
    assert Opening.objects.get(pk=opening.pk).status == Opening.Status.FILLED
    assert [m.to for m in mail.outbox] == [[world.bob.email]]
    assert Application.objects.get(pk=bob.pk).notified_at is not None
