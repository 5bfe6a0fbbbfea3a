"""Internal first, enforced (issue #16): a draft never goes straight to external, nor an
internal opening before its window ends; the window is the library's rule, shortened only
with a recorded reason; publishing (and advertising) e-mails the interested staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ladder.core.audit import AuditEntry
from ladder.core.dates import add_working_days
from ladder.core.tasks import enqueue
from ladder.openings import hiring
from ladder.openings import openings as svc
from ladder.openings.models import HiringSettings, Opening
from ladder.skills.models import Interest

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _draft(world, **fields) -> Opening:
    return svc.opening_create(
        by=world.alice,
        library=world.riverside,
        job_class=world.assistant,
        weekly_hours=Decimal("40"),
        **fields,
    )


def _window_ended(opening: Opening) -> None:
    Opening.objects.filter(pk=opening.pk).update(internal_until=TODAY() - dt.timedelta(days=1))
    opening.refresh_from_db()


def test_add_working_days_skips_weekends() -> None:
    friday = dt.date(2026, 12, 4)
    assert add_working_days(friday, 1) == dt.date(2026, 12, 7)  # Monday
    assert add_working_days(friday, 10) == dt.date(2026, 12, 18)
    assert add_working_days(dt.date(2026, 12, 5), 1) == dt.date(2026, 12, 7)  # from Saturday


def test_publishing_opens_the_window_for_ten_working_days_by_default(world) -> None:
    published = svc.opening_publish(by=world.alice, opening=_draft(world))

    assert published.status == Opening.Status.INTERNAL
    assert published.internal_until == add_working_days(TODAY(), 10)


def test_a_draft_cannot_jump_straight_to_external(world) -> None:
    draft = _draft(world)

    with pytest.raises(ValidationError, match="Internal first"):
        svc.opening_publish(by=world.alice, opening=draft, external=True)

    draft.refresh_from_db()
    assert draft.status == Opening.Status.DRAFT


def test_an_external_publish_inside_the_internal_window_is_refused(world) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))

    with pytest.raises(ValidationError, match="can be advertised externally from"):
        svc.opening_publish(by=world.alice, opening=opening, external=True)

    opening.refresh_from_db()
    assert opening.status == Opening.Status.INTERNAL


def test_once_the_window_has_ended_the_opening_may_go_external(world) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))
    _window_ended(opening)

    advertised = svc.opening_publish(by=world.alice, opening=opening, external=True)

    assert advertised.status == Opening.Status.EXTERNAL
    assert advertised.external_from == TODAY()


def test_a_draft_with_a_short_window_is_published_only_with_a_reason(world) -> None:
    draft = _draft(world, internal_until=TODAY() + dt.timedelta(days=2))

    with pytest.raises(ValidationError, match="Give a reason"):
        svc.opening_publish(by=world.alice, opening=draft)

    published = svc.opening_publish(
        by=world.alice, opening=draft, shorten_reason="The branch reopens next week."
    )
    assert published.internal_until == TODAY() + dt.timedelta(days=2)
    assert published.window_shortened_reason == "The branch reopens next week."
    entry = AuditEntry.objects.filter(action="opening.published", object_id=str(draft.pk)).get()
    assert entry.changes["window_shortened_reason"][1] == "The branch reopens next week."


def test_the_window_ends_early_only_with_a_reason_and_is_audited(world) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))
    Opening.objects.filter(pk=opening.pk).update(published_at=timezone.now() - dt.timedelta(days=3))
    yesterday = TODAY() - dt.timedelta(days=1)

    with pytest.raises(ValidationError):
        svc.opening_shorten_window(
            by=world.alice, opening=opening, internal_until=yesterday, reason="  "
        )
    with pytest.raises(ValidationError, match="before the opening was published"):
        svc.opening_shorten_window(
            by=world.alice,
            opening=opening,
            internal_until=TODAY() - dt.timedelta(days=10),
            reason="Urgent",
        )
    with pytest.raises(PermissionDenied):
        svc.opening_shorten_window(
            by=world.carol, opening=opening, internal_until=yesterday, reason="Not mine"
        )

    svc.opening_shorten_window(
        by=world.alice, opening=opening, internal_until=yesterday, reason="Nobody applied."
    )

    assert AuditEntry.objects.filter(action="opening.window_shortened").count() == 1
    advertised = svc.opening_publish(by=world.alice, opening=opening, external=True)
    assert advertised.status == Opening.Status.EXTERNAL


def test_editing_a_published_opening_cannot_shorten_its_window(world) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))

    with pytest.raises(ValidationError, match="give a reason"):
        svc.opening_update(by=world.alice, opening=opening, internal_until=TODAY())

    longer = svc.opening_update(
        by=world.alice, opening=opening, internal_until=TODAY() + dt.timedelta(days=30)
    )
    assert longer.internal_until == TODAY() + dt.timedelta(days=30)


def test_the_library_sets_its_window_and_a_shorter_one_needs_a_reason(world) -> None:
    texts = {"hired_text": "Welcome!", "not_selected_text": "Thank you."}
    with pytest.raises(ValidationError) as refused:
        hiring.hiring_settings_set(
            by=world.alice, library=world.riverside, internal_window_days=5, **texts
        )
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        hiring.hiring_settings_set(
            by=world.carol, library=world.riverside, internal_window_days=15, **texts
        )

    hiring.hiring_settings_set(
        by=world.alice,
        library=world.riverside,
        internal_window_days=5,
        reason="Union agreement: five days.",
        **texts,
    )

    assert HiringSettings.objects.get(library=world.riverside).internal_window_days == 5
    assert AuditEntry.objects.filter(action="openings.hiring_settings.changed").exists()
    published = svc.opening_publish(by=world.alice, opening=_draft(world))
    assert published.internal_until == add_working_days(TODAY(), 5)


def test_interested_staff_are_told_at_publication_and_again_when_advertised(
    world, framework, django_capture_on_commit_callbacks
) -> None:
    Interest.objects.create(person=world.dave, wants_full_time=True)
    draft = _draft(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opening = svc.opening_publish(by=world.alice, opening=draft)
    assert [m.to for m in mail.outbox] == [[world.dave.email]]
    _window_ended(opening)

    with django_capture_on_commit_callbacks(execute=True):
        svc.opening_publish(by=world.alice, opening=opening, external=True)

    assert [m.to for m in mail.outbox] == [[world.dave.email], [world.dave.email]]
    assert "advertised externally" in mail.outbox[1].subject
    assert "http" in mail.outbox[1].body
    # The task run again (a retry): nobody is told twice.
    enqueue(svc.NOTIFY_TASK, opening_id=opening.pk, stage="external")
    enqueue(svc.NOTIFY_TASK, opening_id=opening.pk)
    assert len(mail.outbox) == 2


# --- the same rules on the pages (the API: tests/api/test_openings_loops.py) ---------


def test_the_page_refuses_an_early_external_advert(world, client_for) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))
    client = client_for(world.alice)

    page = client.get(opening.get_absolute_url()).content.decode()
    assert "Advertise externally" not in page
    assert "can be advertised externally from" in page

    response = client.post(opening.get_absolute_url(), {"action": "advertise"}, follow=True)

    assert "Internal first" in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == Opening.Status.INTERNAL


def test_the_page_ends_the_window_early_with_a_reason(world, client_for) -> None:
    opening = svc.opening_publish(by=world.alice, opening=_draft(world))
    client = client_for(world.alice)

    response = client.post(
        opening.get_absolute_url(),
        {"action": "shorten", "internal_until": TODAY().isoformat(), "reason": ""},
        follow=True,
    )
    assert "Why the window ends early" in response.content.decode()
    client.post(
        opening.get_absolute_url(),
        {"action": "shorten", "internal_until": TODAY().isoformat(), "reason": "Urgent cover"},
    )

    opening.refresh_from_db()
    assert opening.internal_until == TODAY()
    assert opening.window_shortened_reason == "Urgent cover"


def test_the_hiring_rules_page(world, client_for) -> None:
    url = f"/openings/hiring-rules/{world.riverside.pk}/"
    client = client_for(world.alice)
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {"internal_window_days": 3, "reason": "", "hired_text": "Hi", "not_selected_text": "Bye"},
    )

    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.bob).get(url).status_code in (403, 404)
