"""Ratings: every write to the append-only evidence log, and the Rating cache it keeps current.

A rating is never set directly: evidence is recorded, then the Rating is recomputed from the
whole log with ladder.skills.rules.current_level, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ladder.core.access import access_for
from ladder.core.audit import log_action
from ladder.core.files import (
    StoredUploads,
    removed_on_failure,
    safe_upload_name,
    upload_content_type,
)
from ladder.core.policies import require
from ladder.people.models import Person
from ladder.skills import policies
from ladder.skills.models import Competency, Evidence, EvidenceKind, Level, Rating
from ladder.skills.rules import Entry, current_level

NOTE_MAX_LENGTH = 4000
SOURCE_REF_MAX_LENGTH = Evidence._meta.get_field("source_ref").max_length or 80

_REFUSED: dict[str, str] = {
    EvidenceKind.SELF.value: "Only the person themselves records a self-assessment.",
    EvidenceKind.SUPERVISOR.value: "Only someone in the person's supervisor chain records a "
    "supervisor assessment.",
}
_REFUSED_OTHER = "Only the person's supervisor chain or library admins record this evidence."


@dataclass(frozen=True)
class EvidenceInput:
    """One entry of a batch: a level for a competency, with an optional note and file."""

    competency: Competency
    level: Any
    note: str = ""
    upload: UploadedFile[bytes] | None = None


class EvidenceBatchError(ValidationError):
    """Some entries of a batch were refused; `by_competency` maps competency pk -> its error."""

    def __init__(self, by_competency: dict[int, ValidationError]) -> None:
        self.by_competency = by_competency
        messages: dict[str, list[str]] = {}
        for error in by_competency.values():
            for name, msgs in error.message_dict.items():
                messages.setdefault(name, []).extend(msgs)
        super().__init__(messages)


# --- validation ----------------------------------------------------------------------------


def _require_may_record(by: Person, person: Person, kind: str) -> None:
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": [f"Unknown kind of evidence: {kind!r}."]})
    message = _REFUSED.get(kind, _REFUSED_OTHER)
    require(policies.can_record_evidence, access_for(by), person, kind, message=message)


def _scale_message(competency: Competency, levels: list[Level]) -> str:
    if not levels:
        return f"The {competency.framework.name} framework has no level scale yet."
    scale = ", ".join(f"{lv.value} {lv.name}" for lv in levels)
    return f"Choose a level on the {competency.framework.name} scale: {scale}."


def _clean_level(competency: Competency, level: Any, levels: list[Level]) -> int:
    """The level as an int, if the competency's framework has it on its scale."""
    value: int | None = None
    if isinstance(level, int) and not isinstance(level, bool):
        value = level
    elif isinstance(level, str) and level.strip().isdigit():
        value = int(level.strip())
    if value is None or value not in {lv.value for lv in levels}:
        raise ValidationError({"level": [_scale_message(competency, levels)]})
    return value


def _validate_entry(
    entry: EvidenceInput, levels: list[Level], source_ref: str = ""
) -> tuple[int, str]:
    """(level, note) ready to store, or a ValidationError naming the field."""
    errors: dict[str, list[str]] = {}
    value = 0
    try:
        value = _clean_level(entry.competency, entry.level, levels)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    note = (entry.note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Keep the note under {NOTE_MAX_LENGTH} characters (it has {len(note)})."]
    if len(source_ref) > SOURCE_REF_MAX_LENGTH:
        errors["source_ref"] = [f"At most {SOURCE_REF_MAX_LENGTH} characters."]
    if entry.upload is not None:
        try:
            upload_content_type(entry.upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return value, note


def _levels_by_framework(competencies: Sequence[Competency]) -> dict[int, list[Level]]:
    framework_ids = {c.framework_id for c in competencies}
    scales: dict[int, list[Level]] = {fid: [] for fid in framework_ids}
    for level in Level.objects.filter(framework_id__in=framework_ids).order_by("value"):
        scales[level.framework_id].append(level)
    return scales


# --- writes --------------------------------------------------------------------------------


def rating_recompute(*, person: Person, competency: Competency) -> Rating | None:
    """Fold the person's log for the competency into their Rating (None while there is no log).

    Call inside the transaction that wrote the evidence, so the cache never disagrees with it.
    """
    entries = (
        Entry(kind, level)
        for kind, level in Evidence.objects.filter(person=person, competency=competency)
        .order_by("recorded_at", "id")
        .values_list("kind", "level")
    )
    current = current_level(entries)
    if current is None:
        Rating.objects.filter(person=person, competency=competency).delete()
        return None
    rating, _ = Rating.objects.update_or_create(
        person=person,
        competency=competency,
        defaults={
            "level": current.level,
            "source": current.source,
            "self_level": current.self_level,
            "supervisor_level": current.supervisor_level,
        },
    )
    return rating


def _write(
    *,
    by: Person | None,
    person: Person,
    competency: Competency,
    kind: str,
    level: int,
    note: str,
    upload: UploadedFile[bytes] | None,
    source_ref: str,
    uploads: StoredUploads,
) -> Evidence:
    """Write one entry and recompute; the caller holds the transaction and the person lock."""
    before = Rating.objects.filter(person=person, competency=competency).first()
    evidence = Evidence(
        person=person,
        competency=competency,
        kind=kind,
        level=level,
        note=note,
        recorded_by=by,
        source_ref=source_ref,
    )
    if upload is not None:
        evidence.file_name = safe_upload_name(upload)
        uploads.store(evidence.file, upload, evidence.file_name)
    evidence.save()
    rating = rating_recompute(person=person, competency=competency)
    old_level = before.level if before else None
    new_level = rating.level if rating else None
    log_action(
        actor=by,
        action="skills.evidence.recorded",
        obj=evidence,
        summary=(
            f"{person.display_name}: {evidence.get_kind_display()} {level} in {competency.name}"
        ),
        changes={"level": [old_level, new_level]} if old_level != new_level else None,
    )
    return evidence


def _lock_person(person: Person) -> None:
    # Serialises writes to one person's log, so two recomputes cannot interleave and leave a
    # stale cache (SQLite already serialises writers; this is for PostgreSQL).
    Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()


def evidence_record(
    *,
    by: Person,
    person: Person,
    competency: Competency,
    kind: str,
    level: Any,
    note: str = "",
    upload: UploadedFile[bytes] | None = None,
    source_ref: str = "",
) -> Evidence:
    """Append one entry to the person's evidence log and bring their Rating up to date.

    Who may record depends on the kind: the person their own self-assessment; their
    supervisor chain (or a site admin) a supervisor assessment; the chain or the person's
    library admins training, credential and coaching evidence. The level must be on the
    competency's framework scale. Evidence, rating and audit entry are written together.
    """
    _require_may_record(by, person, kind)
    levels = _levels_by_framework([competency])[competency.framework_id]
    value, clean_note = _validate_entry(
        EvidenceInput(competency, level, note, upload), levels, source_ref
    )
    with removed_on_failure() as uploads, transaction.atomic():
        _lock_person(person)
        return _write(
            by=by,
            person=person,
            competency=competency,
            kind=kind,
            level=value,
            note=clean_note,
            upload=upload,
            source_ref=source_ref,
            uploads=uploads,
        )


def evidence_record_system(
    *,
    person: Person,
    competency: Competency,
    kind: str,
    level: Any,
    note: str = "",
    source_ref: str = "",
    recorded_by: Person | None = None,
) -> Evidence:
    """Append evidence on Ladder's own authority, e.g. attendance or verified learning.

    For trusted internal callers that have already checked their own permission (a
    facilitator marking attendance is not in the person's chain): no permission check here,
    but the same validation, lock, Rating recompute and audit entry as evidence_record.
    """
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": [f"Unknown kind of evidence: {kind!r}."]})
    levels = _levels_by_framework([competency])[competency.framework_id]
    value, clean_note = _validate_entry(EvidenceInput(competency, level, note), levels, source_ref)
    with transaction.atomic():
        _lock_person(person)
        return _write(
            by=recorded_by,
            person=person,
            competency=competency,
            kind=kind,
            level=value,
            note=clean_note,
            upload=None,
            source_ref=source_ref,
            uploads=StoredUploads(),
        )


def evidence_record_many(
    *, by: Person, person: Person, kind: str, entries: Sequence[EvidenceInput]
) -> list[Evidence]:
    """Record several entries of one kind (a rating page), all or none.

    Every entry is checked before anything is written; refused entries raise an
    EvidenceBatchError naming each competency's field errors.
    """
    _require_may_record(by, person, kind)
    if not entries:
        raise ValidationError("Choose a level for at least one competency.")
    scales = _levels_by_framework([e.competency for e in entries])
    cleaned: list[tuple[EvidenceInput, int, str]] = []
    errors: dict[int, ValidationError] = {}
    for entry in entries:
        try:
            value, note = _validate_entry(entry, scales[entry.competency.framework_id])
        except ValidationError as exc:
            errors[entry.competency.pk] = exc
        else:
            cleaned.append((entry, value, note))
    if errors:
        raise EvidenceBatchError(errors)
    with removed_on_failure() as uploads, transaction.atomic():
        _lock_person(person)
        return [
            _write(
                by=by,
                person=person,
                competency=entry.competency,
                kind=kind,
                level=value,
                note=note,
                upload=entry.upload,
                source_ref="",
                uploads=uploads,
            )
            for entry, value, note in cleaned
        ]
