import pytest
from django.core.exceptions import ValidationError

from ladder.core.audit import assign_fields, assign_validated, diff, log_action
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


def _entry() -> AuditEntry:
    """Any model does; nothing is saved."""
    return AuditEntry(action="x", summary="Main", object_id="1")


def test_assign_validated_returns_old_and_new_of_what_changed():
    entry = _entry()
    changes = assign_validated(
        entry,
        fields={"summary": "Centre", "object_id": "1"},
        allowed=["summary", "object_id"],
        validate=lambda: None,
    )
    assert changes == {"summary": ["Main", "Centre"]}
    assert entry.summary == "Centre"


def test_assign_validated_puts_rejected_values_back():
    entry = _entry()

    def refuse() -> None:
        assert entry.summary == "Centre"  # validation sees the edit
        raise ValidationError({"summary": ["No."]})

    with pytest.raises(ValidationError):
        assign_validated(entry, fields={"summary": "Centre"}, allowed=["summary"], validate=refuse)
    assert entry.summary == "Main"


def test_assign_fields_refuses_an_unknown_field_by_name():
    entry = _entry()
    with pytest.raises(TypeError, match="pk_hack"):
        assign_fields(entry, fields={"summary": "Centre", "pk_hack": 1}, allowed=["summary"])
    assert entry.summary == "Main"
