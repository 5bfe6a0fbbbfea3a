import pytest

from ladder.core.audit import diff, log_action
from ladder.core.models import AuditEntry


def test_log_action_records_who_what_and_old_to_new(world):
    entry = log_action(
        actor=world.alice,
        action="people.employment.updated",
        obj=world.riverside,
        changes=diff({"weekly_hours": 15}, {"weekly_hours": 20}),
    )
    assert entry.actor == world.alice
    assert entry.object_type == "orgs.library"
    assert entry.changes == {"weekly_hours": [15, 20]}


def test_audit_entries_cannot_be_rewritten(world):
    entry = log_action(actor=world.alice, action="x", obj=world.riverside)
    entry.summary = "tampered"
    with pytest.raises(ValueError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_home_shows_the_persons_jobs(world, client_for):
    body = client_for(world.bob).get("/").content.decode()
    assert "Riverside Public Library" in body
    assert "part-time" in body
