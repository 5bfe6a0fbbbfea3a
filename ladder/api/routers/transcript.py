"""Transcripts (private to the person, their supervisor chain and their library's admins),
reported external learning and its verification, session feedback and certificates.
The rules live in ladder.learning.transcript, feedback and certificates."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from ladder.api.auth import access, person
from ladder.api.lookups import many
from ladder.api.pagination import LimitOffset
from ladder.api.schemas.learning import (
    ExternalLearningIn,
    FeedbackIn,
    FeedbackOut,
    FeedbackSummaryOut,
    PendingRecordOut,
    RejectIn,
    TrainingRecordOut,
    TranscriptFilter,
    TranscriptOut,
)
from ladder.core.access import get_visible_or_404
from ladder.core.policies import api_permission, signed_in
from ladder.learning import certificates as certs
from ladder.learning import feedback as fb
from ladder.learning import policies, selectors
from ladder.learning import transcript as svc
from ladder.learning.audience import offerings_visible_to
from ladder.learning.models import Session, TrainingCompetency, TrainingRecord
from ladder.people.models import Person
from ladder.skills.models import Competency

router = Router(tags=["transcript"])


def _records(records: QuerySet[TrainingRecord]) -> QuerySet[TrainingRecord]:
    return records.select_related(
        "person", "certificate", "registration", "verified_by"
    ).prefetch_related(
        Prefetch(
            "competencies",
            queryset=TrainingCompetency.objects.select_related("competency").order_by(
                "competency__name"
            ),
        )
    )


def _reload(record: TrainingRecord) -> TrainingRecord:
    return _records(TrainingRecord.objects.filter(pk=record.pk)).get()


def _transcript(subject: Person, filters: TranscriptFilter) -> svc.Transcript:
    return svc.transcript_for(
        subject, date_from=filters.date_from, date_to=filters.date_to, group=filters.group
    )


def decidable_record(request: HttpRequest, record_id: int) -> TrainingRecord:
    """A record on a transcript the caller may see; anyone else's is a 404."""
    records = svc.records_visible_to(access(request)).select_related("person")
    record: TrainingRecord = get_visible_or_404(records, pk=record_id)
    return record


def feedback_session(request: HttpRequest, session_id: int) -> Session:
    """A session in the caller's catalogue, one they registered for, or one they run."""
    session = selectors.feedback_session(access(request), session_id)
    if session is None:
        raise Http404("No such session")
    return session


# --- the transcript -------------------------------------------------------------------------


@router.get(
    "/people/{person_id}/transcript",
    response=TranscriptOut,
    summary="A person's transcript with totals by period and competency",
    description=(
        "Seen by the person, their supervisor chain and their library's admins. Totals count "
        "verified records only; reported learning awaiting verification is listed as "
        "`pending`. `above_and_beyond` marks training outside the person's job and hats."
    ),
)
@api_permission(signed_in, scope=svc.transcripts_visible_to)
def get_transcript(
    request: HttpRequest, person_id: int, filters: Query[TranscriptFilter]
) -> svc.Transcript:
    subject: Person = get_visible_or_404(svc.transcripts_visible_to(access(request)), pk=person_id)
    return _transcript(subject, filters)


@router.get("/me/transcript", response=TranscriptOut, summary="Your own transcript")
@api_permission(signed_in)
def get_my_transcript(request: HttpRequest, filters: Query[TranscriptFilter]) -> svc.Transcript:
    return _transcript(person(request), filters)


@router.post(
    "/me/external-learning",
    response={201: TrainingRecordOut},
    summary="Report learning done outside Ladder, with evidence",
    description=(
        "Sent as multipart/form-data with the evidence (PDF, PNG or JPEG) in the field `file`. "
        "For each competency evidenced, repeat `competency` and `level` in the same order. "
        "The record stays `pending` until your supervisor verifies it."
    ),
)
@api_permission(signed_in)
def report_external_learning(
    request: HttpRequest,
    payload: Form[ExternalLearningIn],
    file: File[UploadedFile | None] = None,
) -> Status[Any]:
    if len(payload.competency) != len(payload.level):
        raise ValidationError({"level": ["Give one level for each competency, in its order."]})
    found = many(Competency.objects.select_related("framework"), payload.competency, "competency")
    record = svc.external_learning_report(
        by=person(request),
        title=payload.title,
        provider=payload.provider,
        kind=payload.kind,
        completed_on=payload.completed_on,
        hours=payload.hours,
        ce_credits=payload.ce_credits,
        competencies=[
            svc.ReportedCompetency(competency, level)
            for competency, level in zip(found, payload.level, strict=True)
        ],
        upload=file,
    )
    return Status(201, _reload(record))


@router.get(
    "/verifications",
    response=list[PendingRecordOut],
    summary="Reported learning waiting for your verification, oldest first",
    description="Your reports' and your libraries' staff's; never your own.",
)
@paginate(LimitOffset)
@api_permission(signed_in)
def list_verifications(request: HttpRequest) -> QuerySet[TrainingRecord]:
    return svc.verification_queue(access(request)).select_related("certificate", "verified_by")


@router.post(
    "/training-records/{record_id}/verify",
    response=TrainingRecordOut,
    summary="Verify reported learning: it counts in the totals and enters the skills log",
)
@api_permission(policies.can_verify_record, scope=svc.records_visible_to)
def verify_record(request: HttpRequest, record_id: int) -> TrainingRecord:
    record = decidable_record(request, record_id)
    svc.external_learning_verify(by=person(request), record=record)
    return _reload(record)


@router.post(
    "/training-records/{record_id}/reject",
    response=TrainingRecordOut,
    summary="Decline to verify reported learning (the reason goes to the audit log)",
)
@api_permission(policies.can_verify_record, scope=svc.records_visible_to)
def reject_record(request: HttpRequest, record_id: int, payload: RejectIn) -> TrainingRecord:
    record = decidable_record(request, record_id)
    svc.external_learning_reject(by=person(request), record=record, reason=payload.reason)
    return _reload(record)


# --- feedback -------------------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/feedback",
    response={201: FeedbackOut},
    summary="Rate and comment on a session you attended (once)",
    description="Only attendees may answer (403 for anyone else); a second answer is a 422.",
)
@api_permission(policies.can_give_feedback, scope=offerings_visible_to)
def create_feedback(request: HttpRequest, session_id: int, payload: FeedbackIn) -> Status[Any]:
    session = feedback_session(request, session_id)
    feedback = fb.feedback_create(
        by=person(request), session=session, rating=payload.rating, comment=payload.comment
    )
    return Status(201, feedback)


@router.get(
    "/sessions/{session_id}/feedback-summary",
    response=FeedbackSummaryOut,
    summary="A session's feedback, without names (its facilitators and organisers)",
)
@api_permission(policies.can_see_feedback, scope=offerings_visible_to)
def get_feedback_summary(request: HttpRequest, session_id: int) -> fb.Summary:
    session = feedback_session(request, session_id)
    return fb.feedback_summary(by=person(request), session=session)


# --- certificates ---------------------------------------------------------------------------


@router.get(
    "/certificates/{certificate_id}",
    response=dict[str, Any],
    url_name="certificate_badge",
    summary="A certificate of completion as an Open Badges 3.0 credential",
    description=(
        "An unsigned OpenBadgeCredential; its `id` is the public verification page. For the "
        "holder, their supervisor chain and their library's admins; a revoked certificate "
        "(attendance corrected) is a 404."
    ),
)
@api_permission(signed_in, scope=certs.certificates_visible_to)
def get_certificate(request: HttpRequest, certificate_id: UUID) -> dict[str, Any]:
    certificate = get_visible_or_404(
        certs.certificates_visible_to(access(request)), pk=certificate_id
    )
    if not certs.is_valid(certificate):
        raise Http404("This certificate is not valid")
    return certs.badge_credential(certificate)
