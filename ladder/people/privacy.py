"""Data protection: everything Ladder holds about a person (JSON and PDF), and erasing a person
who has left.

The export walks every relation to Person. Each one is either a section of the export
(`SECTIONS`) or excluded with a reason (`EXCLUDED`); a test fails when a new relation is
neither, so a new model cannot quietly escape the export (or the erasure, which scrubs the
same rows). Rows that belong to an exported row (a credential's evidence, an enrolment's
claims and their receipts, a plan's goals) come along as nested lists.

Erasure keeps the training history (registrations, training records and their hours, issued
certificates) attached to an anonymous person, so the library's figures do not change; it
keeps past employments, signed evaluations, paid claims and accepted promotions (records that
must not change, ladder.core.records) with every trace of the person's name, e-mail and phone
replaced; it deletes what is only personal (credentials and their evidence files, prior
experience, interests, development plans, skill ratings, API tokens, coaching requests) and
uploaded files. It is the one sanctioned rewrite of locked rows and of audit summaries, and
it touches only text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import CASCADE
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone

from ladder.careers.models import DevelopmentPlan
from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.files import delete_stored_files
from ladder.core.models import AuditEntry, Notice
from ladder.core.policies import require
from ladder.core.records import CASCADE_UNLESS_LOCKED
from ladder.learning.models import Feedback, TrainingRecord
from ladder.orgs.models import Role
from ladder.people.models import (
    ApiToken,
    Credential,
    EmailChange,
    EvidenceFile,
    Person,
    PriorExperience,
)
from ladder.people.policies import can_erase, can_export
from ladder.shared_learning.models import CoachingRequest, DigestSubscription
from ladder.skills.models import Evidence, Interest, Rating
from ladder.tuition.models import ClaimReceipt

ERASED = "[erased]"

# "app_label.Model.field" → the export section holding the rows where field is the person.
SECTIONS: dict[str, str] = {
    "people.Employment.person": "employments",
    "people.Employment.supervisor": "employments_supervised",
    "people.Credential.person": "credentials",
    "people.PriorExperience.person": "prior_experience",
    "people.ApiToken.person": "api_tokens",
    "people.EmailChange.person": "sign_in_address_changes",
    "orgs.Role.person": "roles",
    "skills.Rating.person": "skill_ratings",
    "skills.Evidence.person": "skill_evidence_log",
    "skills.Interest.person": "interests",
    "learning.Registration.person": "registrations",
    "learning.TrainingRecord.person": "training_records",
    "learning.Session.facilitators": "sessions_facilitated",
    "shared_learning.LicenceWindow.person": "licence_loans",
    "shared_learning.LicenceRequest.person": "licence_requests",
    "shared_learning.RoundtableMembership.person": "roundtable_memberships",
    "shared_learning.Roundtable.conveners": "roundtables_convened",
    "shared_learning.MeetingNote.author": "meeting_notes_written",
    "shared_learning.CoachingRequest.learner": "coaching_requested",
    "shared_learning.CoachingRequest.mentor": "coaching_given",
    "shared_learning.DigestSubscription.person": "digest_subscription",
    "shared_learning.DigestSend.person": "digests_sent",
    "network.AdvisoryRequest.asked_by": "advisory_requests",
    "network.AdvisoryRequest.consultant": "advisory_requests_answered",
    "network.TempWorker.person": "temp_agency",
    "careers.DevelopmentPlan.person": "development_plans",
    "careers.Evaluation.person": "evaluations",
    "careers.Evaluation.reviewer": "evaluations_written",
    "certifications.Pursuit.person": "certification_pursuits",
    "tuition.Enrolment.person": "tuition_enrolments",
    "tuition.Promotion.person": "promotions",
    "openings.Application.person": "applications",
    "openings.SuccessionScenario.person": "succession_scenarios",
    "core.AuditEntry.actor": "audit_log_as_actor",
    "core.Notice.recipient": "notices",
    "core.NoticeOptOut.person": "emails_turned_off",
}

_ACTED = (
    "the person acted on someone else's record (approver, verifier, author, uploader); the "
    "record is the other person's, and what this person did is in audit_log_as_actor"
)
# Relations that are not a section, and why.
EXCLUDED: dict[str, str] = {
    "admin.LogEntry.user": "Django admin's own change log of site-admin edits; kept by Django",
    "core.Job.owner": "background job progress (imports, reports): no personal data, expires",
    **{
        key: _ACTED
        for key in (
            "people.EvidenceFile.uploaded_by",
            "people.EmailChange.changed_by",
            "skills.Evidence.recorded_by",
            "learning.Offering.created_by",
            "learning.Registration.decided_by",
            "learning.TrainingRecord.verified_by",
            "shared_learning.RoundtableResource.added_by",
            "network.TempRequest.requested_by",
            "network.TempPlacement.created_by",
            "careers.DevelopmentPlan.agreed_by",
            "careers.DevelopmentPlan.created_by",
            "careers.PlannedSession.added_by",
            "careers.PlanCheckIn.author",
            "careers.Evaluation.created_by",
            "careers.EvaluationAddendum.author",
            "certifications.Pursuit.created_by",
            "certifications.PartCompletion.recorded_by",
            "certifications.Renewal.renewed_by",
            "tuition.Enrolment.library_decided_by",
            "tuition.Enrolment.sponsor_decided_by",
            "tuition.Claim.submitted_by",
            "tuition.Claim.approved_by",
            "tuition.Claim.paid_by",
            "tuition.ClaimReceipt.uploaded_by",
            "tuition.Promotion.proposed_by",
            "tuition.Promotion.decided_by",
            "openings.Opening.created_by",
            "openings.Application.invited_by",
            "openings.Application.decided_by",
            "openings.SuccessionScenario.created_by",
            "openings.BudgetScenario.created_by",
        )
    },
}

# Never exported: secrets, and hashes that would let someone guess a secret.
SECRET_FIELDS = {"password", "feed_token", "token_hash", "undo_token_hash", "session_salt"}


def person_relations() -> dict[str, models.Field[Any, Any]]:
    """Every field of every model that points at Person, keyed "app_label.Model.field"."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is Person:
                found[f"{model._meta.label}.{field.name}"] = field
    return found


def _field(key: str) -> models.Field[Any, Any]:
    app_model, name = key.rsplit(".", 1)
    return apps.get_model(app_model)._meta.get_field(name)


def _rows(key: str, person: Person) -> models.QuerySet[Any]:
    field = _field(key)
    return field.model._base_manager.filter(**{field.name: person}).order_by("pk")


# --- export ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return (value.name or "").rsplit("/", 1)[-1]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool, dict, list)) or value is None:
        return value
    return str(value)


def _person_models() -> set[type[models.Model]]:
    return {_field(key).model for key in SECTIONS}


def _children(model: type[models.Model]) -> list[Any]:
    """Rows that exist only as part of a row of `model` (deleted with it), not a section."""
    sections = _person_models()
    return [
        rel
        for rel in model._meta.related_objects
        if (rel.one_to_many or rel.one_to_one)
        and rel.on_delete in (CASCADE, CASCADE_UNLESS_LOCKED)
        and rel.related_model not in sections
    ]


def _row(obj: models.Model, depth: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            related = getattr(obj, field.name)
            out[field.name] = {"id": _plain(value), "name": str(related)}
        else:
            out[field.name] = _plain(value)
    for field in obj._meta.many_to_many:
        out[field.name] = [str(o) for o in getattr(obj, field.name).all()]
    if depth < 2:
        for rel in _children(type(obj)):
            name = rel.get_accessor_name()
            if rel.one_to_one:
                child = getattr(obj, name, None)
                out[name] = _row(child, depth + 1) if child is not None else None
            else:
                out[name] = [_row(c, depth + 1) for c in getattr(obj, name).all()]
    return out


def person_export_data(*, by: Person, person: Person) -> dict[str, Any]:
    """Everything Ladder holds about `person`, for the person themselves or the site admin."""
    require(can_export, access_for(by), person)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "exported_for": person.display_name,
        "profile": _row(person),
    }
    for key, section in SECTIONS.items():
        data[section] = [_row(obj) for obj in _rows(key, person)]
    data["audit_log_about_me"] = [
        _row(entry)
        for entry in AuditEntry.objects.filter(
            object_type="people.person", object_id=str(person.pk)
        )
    ]
    log_action(
        actor=by,
        action="people.person.exported",
        obj=person,
        summary=f"Personal data export of person #{person.pk}",
    )
    return data


def person_export_json(*, by: Person, person: Person) -> str:
    return json.dumps(person_export_data(by=by, person=person), indent=2, ensure_ascii=False)


# --- erase -------------------------------------------------------------------------------


def erase_refusals(person: Person) -> list[str]:
    """Why `person` cannot be erased yet (empty when they can)."""
    reasons = []
    if person.is_superuser or person.is_staff:
        reasons.append("They are a site admin: remove that first.")
    if Role.objects.filter(person=person).exists():
        reasons.append("They hold a role (library admin or coordinator): remove it first.")
    today = timezone.localdate()
    if person.employments.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).exists():
        reasons.append("They are still employed (or about to be): end their employment first.")
    return reasons


def _needles(person: Person) -> list[str]:
    candidates = [
        f"{person.first_name} {person.last_name}",
        f"{person.preferred_name} {person.last_name}",
        person.email,
        person.phone,
        person.first_name,
        person.last_name,
        person.preferred_name,
    ]
    # Longest first, so "Tina Trainee" goes before "Tina"; two letters or fewer would
    # erase half the dictionary.
    unique = {c.strip() for c in candidates if len(c.strip()) > 2}
    return sorted(unique, key=len, reverse=True)


def _scrub(text: str, needles: Iterable[str]) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text


def _scrub_rows(rows: Iterable[models.Model], needles: list[str]) -> None:
    """Replace the person's name, e-mail and phone in every text of these rows (and their
    children). A plain QuerySet.update: erasure is the sanctioned rewrite of locked rows."""
    for obj in rows:
        changes: dict[str, Any] = {}
        for field in obj._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if isinstance(field, models.JSONField) and value:
                text = json.dumps(value)
                scrubbed = _scrub(text, [json.dumps(n)[1:-1] for n in needles])
                if scrubbed != text:
                    changes[field.attname] = json.loads(scrubbed)
            elif (
                isinstance(field, (models.CharField, models.TextField))
                and value
                and not field.choices
                and (scrubbed := _scrub(value, needles)) != value
            ):
                changes[field.attname] = scrubbed[: field.max_length or None]
        if changes:
            models.QuerySet.update(type(obj)._base_manager.filter(pk=obj.pk), **changes)
        for rel in _children(type(obj)):
            name = rel.get_accessor_name()
            if rel.one_to_one:
                child = getattr(obj, name, None)
                if child is not None:
                    _scrub_rows([child], needles)
            else:
                _scrub_rows(getattr(obj, name).all(), needles)


def _delete_personal(person: Person, files: list[str]) -> None:
    evidence = EvidenceFile.objects.filter(credential__person=person)
    files += [e.file.name for e in evidence if e.file.name]
    evidence.delete()
    Credential.objects.filter(person=person).delete()
    PriorExperience.objects.filter(person=person).delete()
    Interest.objects.filter(person=person).delete()
    DevelopmentPlan.objects.filter(person=person).delete()
    Rating.objects.filter(person=person).delete()
    ApiToken.objects.filter(person=person).delete()
    # Former sign-in addresses are personal data too.
    EmailChange.objects.filter(person=person).delete()
    CoachingRequest.objects.filter(learner=person).delete()
    DigestSubscription.objects.filter(person=person).delete()
    receipts = ClaimReceipt.objects.filter(claim__enrolment__person=person)
    files += [r.file.name for r in receipts if r.file.name]
    receipts.delete()
    # The skills evidence log and the transcript stay (figures), without notes and files.
    skill_evidence = Evidence.objects.filter(person=person)
    files += [e.file.name for e in skill_evidence if e.file.name]
    models.QuerySet.update(skill_evidence, note="", file="", file_name="")
    records = TrainingRecord.objects.filter(person=person)
    files += [r.evidence.name for r in records if r.evidence.name]
    records.update(evidence="", evidence_name="", above_and_beyond_reason="")
    Feedback.objects.filter(registration__person=person).update(comment="")


def person_erase(*, by: Person, person: Person) -> Person:
    """Erase a person who has left: the site admin only, never someone employed or with a role."""
    require(can_erase, access_for(by))
    if person.pk == by.pk:
        raise ValidationError({"person": ["You cannot erase yourself."]})
    if reasons := erase_refusals(person):
        raise ValidationError({"person": reasons})
    needles = _needles(person)
    files: list[str] = []
    with transaction.atomic():
        _delete_personal(person, files)
        for key in SECTIONS:
            if key != "core.AuditEntry.actor":
                _scrub_rows(_rows(key, person), needles)
        # Old audit entries name the person in their summaries: replace the names (only the
        # full name, e-mail and phone here — a first name alone is someone else's too).
        specific = [n for n in needles if " " in n or "@" in n or n == person.phone.strip()]
        _scrub_audit(specific)
        person.first_name = "Erased"
        person.last_name = f"person {person.pk}"
        person.preferred_name = ""
        person.email = f"erased-{person.pk}@invalid"
        person.phone = ""
        person.pronouns = ""
        person.bio = ""
        person.is_mentor = False
        person.is_active = False
        person.feed_token = ""  # save() issues a fresh one: old calendar links stop working
        person.set_unusable_password()  # also ends every session (the auth hash changes)
        person.save()
        _delete_sessions(person)
        log_action(
            actor=by,
            action="people.person.erased",
            obj=person,
            summary=f"Person #{person.pk} erased (personal data removed; training kept)",
        )
    transaction.on_commit(lambda: delete_stored_files(files))
    return person


def _scrub_audit(needles: list[str]) -> None:
    if not needles:
        return
    match = Q()
    for needle in needles:
        match |= Q(summary__icontains=needle) | Q(changes_text__icontains=needle)
    entries = AuditEntry.objects.annotate(changes_text=Cast("changes", models.TextField())).filter(
        match
    )
    entries.scrub_personal_data(replacements=dict.fromkeys(needles, ERASED))
    # Notices told to others name the person too ("Application received: <name> for …").
    notice_match = Q()
    for needle in needles:
        notice_match |= Q(subject__icontains=needle)
    for notice in Notice.objects.filter(notice_match).only("pk", "subject"):
        subject = notice.subject
        for needle in needles:
            subject = re.sub(re.escape(needle), ERASED, subject, flags=re.IGNORECASE)
        Notice.objects.filter(pk=notice.pk).update(subject=subject[:255])


def _delete_sessions(person: Person) -> None:
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()
