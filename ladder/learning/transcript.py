"""The transcript: training records from attendance and from reported external learning.

Decisions (see also the module docstrings of certificates.py and feedback.py):

- Hours. A record from a Ladder session counts the offering's CE hours when it states any,
  because that is the figure certification renewals and evaluations count; an offering
  without CE hours (a roundtable, a one-on-one) counts the contact hours of the session's
  dates instead. CE credits are the offering's.
- Date. A session's record is dated on the session's last day, in the session's time zone.
- Competencies evidenced are the offering's (OfferingCompetency), at the level it reaches;
  each also enters the person's skills evidence log as a "training" entry whose source_ref
  is "learning.trainingrecord:<id>", which raises their Rating when it is higher.
- Attendance marked twice makes one record (the registration is the record's key).
  Attendance corrected to no-show does not delete the record: it becomes "not verified" and
  its certificate is revoked, so a certificate already shared says "revoked" on its public
  page instead of vanishing, and the audit log keeps who corrected what. The skills evidence
  log is append-only and training never lowers a level, so its entry stays; a supervisor
  assessment corrects the level if it must. Marking attended again reinstates the record
  and its certificate without a second evidence entry.
- Above and beyond (DESIGN.md practice 1): a record is flagged when any of its competencies
  is required neither by the job class of an employment the person held on that date nor by
  a hat they wore or backed up on that date (a backup must be able to do the duty). Only
  whether the competency is required counts, not the level. A record without competencies
  is not flagged. The reason names the competencies that were beyond.
- External learning is the person's own report with an evidence file; it stays pending until
  someone in their supervisor chain, an admin of a library they work at, or a site admin
  verifies it (never the person themselves). Only verified records count in the totals, and
  a record's competencies enter the skills log when it is verified.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ladder.core import tabular
from ladder.core.access import Access, access_for
from ladder.core.audit import log_action
from ladder.core.files import removed_on_failure, safe_upload_name, upload_content_type
from ladder.core.links import absolute_url
from ladder.core.policies import require, signed_in
from ladder.learning.certificates import (
    certificate_issue,
    certificate_reinstate,
    certificate_revoke,
)
from ladder.learning.models import (
    Offering,
    OfferingCompetency,
    Registration,
    SessionDate,
    TrainingCompetency,
    TrainingRecord,
)
from ladder.learning.policies import can_verify_record
from ladder.people.models import Employment, Person
from ladder.people.selectors import people_managed_by
from ladder.skills.models import (
    Competency,
    Evidence,
    EvidenceKind,
    HatAssignment,
    HatRequirement,
    JobClassCompetency,
    Level,
)
from ladder.skills.ratings import evidence_record_system

R = TrainingRecord.Status
REASON_MAX = TrainingRecord._meta.get_field("above_and_beyond_reason").max_length or 255
MAX_HOURS = Decimal("1000")
MAX_CREDITS = Decimal("1000")
TWO_PLACES = Decimal("0.01")


def source_ref(record: TrainingRecord) -> str:
    return f"learning.trainingrecord:{record.pk}"


# --- above and beyond ----------------------------------------------------------------------


def _join(names: Sequence[str], word: str = "and") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def _article(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def above_and_beyond(
    person: Person, competencies: Sequence[Competency], on: dt.date
) -> tuple[bool, str]:
    """(flagged, reason): whether some competencies are required neither by the person's job
    classes nor by their hats on that date. Three queries, however many jobs and hats."""
    if not competencies:
        return False, ""
    jobs = list(
        Employment.objects.current(on).filter(person_id=person.pk).select_related("job_class")
    )
    class_ids = {job.job_class_id for job in jobs}
    required = set(
        JobClassCompetency.objects.filter(job_class_id__in=class_ids).values_list(
            "competency_id", flat=True
        )
    )
    hats = HatAssignment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        employment__person_id=person.pk,
        start_date__lte=on,
    ).values("hat_id")
    required |= set(
        HatRequirement.objects.filter(hat_id__in=hats).values_list("competency_id", flat=True)
    )
    beyond = [c.name for c in competencies if c.pk not in required]
    if not beyond:
        return False, ""
    verb = "is" if len(beyond) == 1 else "are"
    class_names = sorted({job.job_class.name for job in jobs})
    if class_names:
        of = _join([_article(name) for name in class_names], "or")
        reason = f"{_join(beyond)} {verb} not required of {of} or by any of their hats"
    else:
        reason = f"{_join(beyond)} {verb} not required by any job or hat they held on {on:%Y-%m-%d}"
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    return True, reason


# --- records from attendance -------------------------------------------------------------


def _contact_hours(session_id: int) -> Decimal:
    seconds = sum(
        (end - start).total_seconds()
        for start, end in SessionDate.objects.filter(session_id=session_id).values_list(
            "starts_at", "ends_at"
        )
    )
    return (Decimal(seconds) / Decimal(3600)).quantize(TWO_PLACES)


def provider_name(offering: Offering) -> str:
    if offering.provider_kind == Offering.Provider.EXTERNAL and offering.provider_name:
        return offering.provider_name
    if offering.provider_library_id is not None:
        return str(offering.provider_library)
    if offering.provider_network_id is not None:
        return str(offering.provider_network)
    return offering.provider_name


def _completed_on(registration: Registration) -> dt.date:
    session = registration.session
    try:
        zone = zoneinfo.ZoneInfo(session.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return session.ends_at.astimezone(zone).date()


def _log_evidence(record: TrainingRecord, by: Person | None) -> None:
    """Enter the record's competencies in the skills log, once each."""
    ref = source_ref(record)
    already = set(
        Evidence.objects.filter(person_id=record.person_id, source_ref=ref).values_list(
            "competency_id", flat=True
        )
    )
    note = f"{record.title} ({record.completed_on:%Y-%m-%d})"
    for line in record.competencies.select_related("competency__framework"):
        if line.competency_id in already:
            continue
        evidence_record_system(
            person=record.person,
            competency=line.competency,
            kind=EvidenceKind.TRAINING,
            level=line.level,
            note=note,
            source_ref=ref,
            recorded_by=by,
        )


def _create_from_attendance(registration: Registration, by: Person) -> TrainingRecord:
    session = registration.session
    offering = session.offering
    lines = list(OfferingCompetency.objects.filter(offering=offering).select_related("competency"))
    completed_on = _completed_on(registration)
    flagged, reason = above_and_beyond(
        registration.person, [line.competency for line in lines], completed_on
    )
    record = TrainingRecord.objects.create(
        person=registration.person,
        registration=registration,
        offering=offering,
        title=offering.title,
        kind=offering.kind,
        provider=provider_name(offering)[:200],
        completed_on=completed_on,
        hours=offering.ce_hours if offering.ce_hours > 0 else _contact_hours(session.pk),
        ce_credits=offering.ce_credits,
        status=R.VERIFIED,
        above_and_beyond=flagged,
        above_and_beyond_reason=reason,
        verified_by=by,
        verified_at=timezone.now(),
    )
    TrainingCompetency.objects.bulk_create(
        TrainingCompetency(record=record, competency=line.competency, level=line.level)
        for line in lines
    )
    certificate_issue(record)
    log_action(
        actor=by,
        action="learning.trainingrecord.created",
        obj=record,
        summary=f"{record.person}: attended {record.title}",
    )
    _log_evidence(record, by)
    return record


def training_record_from_attendance(
    registration: Registration, *, by: Person
) -> TrainingRecord | None:
    """Bring the transcript in line with the registration's attendance.

    Attended: the record (made once, with its certificate and skills evidence). Anything
    else after a record was made (a correction to no-show): the record is set aside as not
    verified and its certificate revoked. Trusted: the caller (attendance_mark) has checked
    that `by` runs the session.
    """
    with transaction.atomic():
        record = (
            TrainingRecord.objects.select_for_update()
            .select_related("person")
            .filter(registration=registration)
            .first()
        )
        attended = registration.status == Registration.Status.ATTENDED
        if record is None:
            return _create_from_attendance(registration, by) if attended else None
        wanted = R.VERIFIED if attended else R.REJECTED
        if record.status == wanted:
            return record
        old = record.status
        record.status = wanted
        record.verified_by = by
        record.verified_at = timezone.now()
        record.save(update_fields=["status", "verified_by", "verified_at"])
        if attended:
            certificate_reinstate(record)
            _log_evidence(record, by)
        else:
            certificate_revoke(record)
        log_action(
            actor=by,
            action="learning.trainingrecord.corrected",
            obj=record,
            summary=f"{record.person}: {record.title} — attendance now "
            f"{registration.get_status_display().lower()}",
            changes={"status": [old, wanted]},
        )
        return record


# --- who sees and verifies -----------------------------------------------------------------


def transcripts_visible_to(access: Access) -> QuerySet[Person]:
    """Whose transcript the user may see: the person, their supervisor chain, their library's
    admins, site admins (DESIGN.md: private by default)."""
    return people_managed_by(access)


def records_visible_to(access: Access) -> QuerySet[TrainingRecord]:
    if access.is_site_admin:
        return TrainingRecord.objects.all()
    return TrainingRecord.objects.filter(person__in=transcripts_visible_to(access).values("pk"))


def _verifier_people_q(access: Access) -> Q:
    admin_staff = (
        Employment.objects.current()
        .filter(library_id__in=access.admin_library_ids)
        .values("person_id")
    )
    return Q(person_id__in=access.report_ids) | Q(person_id__in=admin_staff)


def verification_queue(access: Access) -> QuerySet[TrainingRecord]:
    """Pending external learning the user may verify, oldest first."""
    queue = TrainingRecord.objects.filter(status=R.PENDING, registration__isnull=True)
    if not access.is_site_admin:
        queue = queue.filter(_verifier_people_q(access))
    return (
        queue.exclude(person_id=access.person_id or 0)
        .select_related("person")
        .prefetch_related(_competencies_prefetch())
        .order_by("created_at", "id")
    )


# --- external learning ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedCompetency:
    competency: Competency
    level: Any


def _decimal(value: Any, label: str, maximum: Decimal) -> tuple[Decimal, str]:
    try:
        number = Decimal(str(value)).quantize(TWO_PLACES)
    except (InvalidOperation, ValueError):
        return Decimal(0), f"Enter the {label} as a number."
    if not number.is_finite() or number < 0:
        return Decimal(0), f"The {label} cannot be negative."
    if number > maximum:
        return Decimal(0), f"The {label} must be at most {maximum}."
    return number, ""


def _clean_competencies(
    entries: Sequence[ReportedCompetency],
) -> tuple[list[tuple[Competency, int]], list[str]]:
    errors: list[str] = []
    scales: dict[int, dict[int, str]] = defaultdict(dict)
    for lv in Level.objects.filter(framework_id__in={e.competency.framework_id for e in entries}):
        scales[lv.framework_id][lv.value] = lv.name
    seen: set[int] = set()
    cleaned: list[tuple[Competency, int]] = []
    for entry in entries:
        competency = entry.competency
        if competency.pk in seen:
            errors.append(f"{competency.name} is listed twice.")
            continue
        seen.add(competency.pk)
        scale = scales.get(competency.framework_id, {})
        level = entry.level
        if isinstance(level, str) and level.strip().isdigit():
            level = int(level)
        if not isinstance(level, int) or isinstance(level, bool) or level not in scale:
            names = ", ".join(f"{v} {n}" for v, n in sorted(scale.items())) or "none defined"
            errors.append(f"Choose a level for {competency.name} on its scale ({names}).")
            continue
        cleaned.append((competency, level))
    return cleaned, errors


def external_learning_report(
    *,
    by: Person,
    title: str,
    provider: str,
    kind: str,
    completed_on: dt.date | None,
    hours: Any,
    ce_credits: Any = 0,
    competencies: Sequence[ReportedCompetency] = (),
    upload: UploadedFile[bytes] | None,
) -> TrainingRecord:
    """Report learning done outside Ladder, with evidence; pending until verified."""
    require(signed_in, access_for(by), message="Sign in to report learning.")
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    provider = (provider or "").strip()
    if not title:
        errors["title"] = ["Enter the title of what you attended or completed."]
    elif len(title) > 200:
        errors["title"] = ["Keep the title to 200 characters."]
    if not provider:
        errors["provider"] = ["Enter who provided it (an association, a vendor, a school …)."]
    elif len(provider) > 200:
        errors["provider"] = ["Keep the provider to 200 characters."]
    if kind not in Offering.Kind.values:
        errors["kind"] = ["Choose the kind of learning."]
    if completed_on is None:
        errors["completed_on"] = ["Enter the date you completed it."]
    elif completed_on > timezone.localdate():
        errors["completed_on"] = ["The date cannot be in the future: report learning once done."]
    clean_hours, message = _decimal(hours, "hours", MAX_HOURS)
    if message:
        errors["hours"] = [message]
    elif clean_hours == 0:
        errors["hours"] = ["Enter the hours it took (more than 0)."]
    clean_credits, message = _decimal(ce_credits or 0, "CE credits", MAX_CREDITS)
    if message:
        errors["ce_credits"] = [message]
    lines, messages = _clean_competencies(competencies)
    if messages:
        errors["competencies"] = messages
    if upload is None:
        errors["file"] = ["Attach evidence: a certificate of completion, a receipt or similar."]
    else:
        try:
            upload_content_type(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert completed_on is not None and upload is not None
    flagged, reason = above_and_beyond(by, [c for c, _ in lines], completed_on)
    record = TrainingRecord(
        person=by,
        title=title,
        kind=kind,
        provider=provider,
        completed_on=completed_on,
        hours=clean_hours,
        ce_credits=clean_credits,
        status=R.PENDING,
        above_and_beyond=flagged,
        above_and_beyond_reason=reason,
        evidence_name=safe_upload_name(upload),
    )
    with removed_on_failure() as uploads:
        uploads.store(record.evidence, upload, record.evidence_name)
        with transaction.atomic():
            record.save()
            TrainingCompetency.objects.bulk_create(
                TrainingCompetency(record=record, competency=c, level=level) for c, level in lines
            )
            log_action(
                actor=by,
                action="learning.trainingrecord.reported",
                obj=record,
                summary=f"{by}: reported {title} ({provider})",
            )
    return record


def _decide(by: Person, record: TrainingRecord, status: str, reason: str = "") -> TrainingRecord:
    message = (
        "Only someone in the person's supervisor chain or an admin of their library "
        "verifies their learning."
    )
    require(can_verify_record, access_for(by), record, message=message)
    with transaction.atomic():
        locked = TrainingRecord.objects.select_for_update().select_related("person")
        record = locked.get(pk=record.pk)
        if record.registration_id is not None or record.status != R.PENDING:
            raise ValidationError(
                {"status": f"This record is {record.get_status_display().lower()}, not pending."}
            )
        record.status = status
        record.verified_by = by
        record.verified_at = timezone.now()
        record.save(update_fields=["status", "verified_by", "verified_at"])
        verb = "verified" if status == R.VERIFIED else "rejected"
        log_action(
            actor=by,
            action=f"learning.trainingrecord.{verb}",
            obj=record,
            summary=f"{record.person}: {record.title} {verb}"
            + (f" — {reason.strip()[:120]}" if reason.strip() else ""),
            changes={"status": [R.PENDING, status]},
        )
        if status == R.VERIFIED:
            _log_evidence(record, by)
    return record


def external_learning_verify(*, by: Person, record: TrainingRecord) -> TrainingRecord:
    """Accept reported learning: it counts in the totals and enters the skills log."""
    return _decide(by, record, R.VERIFIED)


def external_learning_reject(
    *, by: Person, record: TrainingRecord, reason: str = ""
) -> TrainingRecord:
    """Decline reported learning; the reason goes to the audit log."""
    if len(reason) > 500:
        raise ValidationError({"reason": ["Keep the reason to 500 characters."]})
    return _decide(by, record, R.REJECTED, reason)


# --- the transcript: records and totals ----------------------------------------------------


def _competencies_prefetch() -> Prefetch[str, QuerySet[Any]]:
    return Prefetch(
        "competencies",
        queryset=TrainingCompetency.objects.select_related("competency").order_by(
            "competency__name"
        ),
    )


@dataclass
class Total:
    label: str
    hours: Decimal = Decimal(0)
    credits: Decimal = Decimal(0)
    count: int = 0

    def add(self, record: TrainingRecord) -> None:
        self.hours += record.hours
        self.credits += record.ce_credits
        self.count += 1


@dataclass
class Transcript:
    person: Person
    records: list[TrainingRecord]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    group: str = "year"
    total: Total = field(default_factory=lambda: Total("All verified learning"))
    by_period: list[Total] = field(default_factory=list)
    by_competency: list[Total] = field(default_factory=list)

    @property
    def counted(self) -> list[TrainingRecord]:
        return [r for r in self.records if r.status == R.VERIFIED]

    @property
    def above_and_beyond_count(self) -> int:
        return sum(1 for r in self.counted if r.above_and_beyond)

    @property
    def range_label(self) -> str:
        if self.date_from and self.date_to:
            return f"{self.date_from:%Y-%m-%d} to {self.date_to:%Y-%m-%d}"
        if self.date_from:
            return f"from {self.date_from:%Y-%m-%d}"
        if self.date_to:
            return f"up to {self.date_to:%Y-%m-%d}"
        return "all dates"


def period_label(on: dt.date, group: str) -> str:
    if group == "quarter":
        return f"{on.year} Q{(on.month - 1) // 3 + 1}"
    return str(on.year)


def transcript_for(
    person: Person,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    group: str = "year",
) -> Transcript:
    """The person's records in the range, newest first, with totals of the verified ones.

    Two queries whatever the number of records (records with their certificate and
    feedback, then their competencies). The caller has checked transcripts_visible_to.
    """
    records = TrainingRecord.objects.filter(person_id=person.pk)
    if date_from:
        records = records.filter(completed_on__gte=date_from)
    if date_to:
        records = records.filter(completed_on__lte=date_to)
    listed = list(
        records.select_related("certificate", "registration__feedback", "verified_by")
        .prefetch_related(_competencies_prefetch())
        .order_by("-completed_on", "-id")
    )
    transcript = Transcript(
        person=person, records=listed, date_from=date_from, date_to=date_to, group=group
    )
    periods: dict[str, Total] = {}
    competencies: dict[str, Total] = {}
    for record in transcript.counted:
        transcript.total.add(record)
        label = period_label(record.completed_on, group)
        periods.setdefault(label, Total(label)).add(record)
        for line in record.competencies.all():
            name = line.competency.name
            competencies.setdefault(name, Total(name)).add(record)
    transcript.by_period = [periods[k] for k in sorted(periods)]
    transcript.by_competency = sorted(competencies.values(), key=lambda t: t.label.lower())
    return transcript


# --- exports -------------------------------------------------------------------------------

COLUMNS = [
    "completed_on",
    "title",
    "kind",
    "provider",
    "hours",
    "ce_credits",
    "status",
    "above_and_beyond",
    "above_and_beyond_reason",
    "competencies",
    "certificate",
]
CONTENT_TYPES = {**tabular.CONTENT_TYPES, "pdf": "application/pdf"}


def competencies_text(record: TrainingRecord) -> str:
    return "; ".join(f"{line.competency.name} ({line.level})" for line in record.competencies.all())


def certificate_url(record: TrainingRecord) -> str:
    certificate = getattr(record, "certificate", None)
    if certificate is None or certificate.revoked_at is not None:
        return ""
    return absolute_url(certificate.get_absolute_url())


def export_rows(transcript: Transcript) -> Iterator[list[Any]]:
    """The header, then one row per record, in COLUMNS order."""
    kinds = dict(Offering.Kind.choices)
    yield list(COLUMNS)
    for record in transcript.records:
        yield [
            record.completed_on,
            record.title,
            kinds.get(record.kind, record.kind),
            record.provider,
            record.hours,
            record.ce_credits,
            record.get_status_display(),
            "yes" if record.above_and_beyond else "no",
            record.above_and_beyond_reason,
            competencies_text(record),
            certificate_url(record),
        ]


def export_sheets(transcript: Transcript) -> dict[str, Iterable[list[Any]]]:
    """Three sheets for a workbook: the records, totals by period, totals by competency."""
    sheets: dict[str, Iterable[list[Any]]] = {"Records": export_rows(transcript)}
    for name, totals in (
        ("By period", transcript.by_period),
        ("By competency", transcript.by_competency),
    ):
        header: list[Any] = [
            "period" if name == "By period" else "competency",
            "hours",
            "ce_credits",
        ]
        sheets[name] = [header] + [
            [total.label, total.hours, total.credits] for total in [*totals, transcript.total]
        ]
    return sheets
