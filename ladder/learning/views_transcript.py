"""Transcript pages: the transcript and its exports, reported learning and its verification,
certificates (PDF, Open Badge, public verification) and session feedback.

Views parse, call transcript.py / certificates.py / feedback.py, and render. A transcript
is seen only by people_managed_by (404 for everyone else); what the user may see but
not do is a 403.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ladder.core import tabular
from ladder.core.access import Access, access_for, get_visible_or_404
from ladder.core.files import serve_stored
from ladder.core.http import AuthedRequest
from ladder.core.paging import paginate
from ladder.core.policies import allowed, permission, public, require, signed_in
from ladder.core.throttle import public_link
from ladder.learning import certificates as certs
from ladder.learning import feedback as fb
from ladder.learning import pdf, policies, selectors
from ladder.learning import transcript as svc
from ladder.learning.audience import offerings_visible_to
from ladder.learning.forms_transcript import (
    ExternalLearningForm,
    FeedbackForm,
    RejectForm,
    TranscriptFilterForm,
)
from ladder.learning.models import Certificate, Registration, Session, TrainingRecord
from ladder.people.forms import apply_errors
from ladder.people.models import Person

EXPORT_FORMATS = ("csv", "xlsx", "pdf")


# --- the transcript ------------------------------------------------------------------------


@dataclass
class Row:
    record: TrainingRecord
    certificate: Certificate | None
    feedback_url: str


def _rows(transcript: svc.Transcript, *, is_self: bool) -> list[Row]:
    rows = []
    for record in transcript.records:
        certificate = getattr(record, "certificate", None)
        if certificate is not None and not certs.is_valid(certificate):
            certificate = None
        feedback_url = ""
        registration = record.registration
        if (
            is_self
            and registration is not None
            and registration.status == Registration.Status.ATTENDED
            and fb.existing_feedback(registration) is None
        ):
            feedback_url = reverse("learning:feedback", args=[registration.session_id])
        rows.append(Row(record, certificate, feedback_url))
    return rows


def _transcript_person(access: Access, pk: int) -> Person:
    person: Person = get_visible_or_404(svc.transcripts_visible_to(access), pk=pk)
    return person


def _filtered(request: AuthedRequest, person: Person) -> tuple[TranscriptFilterForm, Any]:
    form = TranscriptFilterForm(request.GET or None)
    return form, svc.transcript_for(person, **form.values())


@permission(signed_in)
def my_transcript(request: AuthedRequest) -> HttpResponse:
    return redirect("learning:transcript", request.user.pk)


@permission(signed_in, scope=svc.transcripts_visible_to)
def transcript(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    person = _transcript_person(access, pk)
    form, data = _filtered(request, person)
    is_self = person.pk == request.user.pk
    query = request.GET.copy()
    query.pop("format", None)
    exports = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("pdf", "PDF")):
        query["format"] = fmt
        exports.append(
            (
                label,
                f"{reverse('learning:transcript_export', args=[person.pk])}?{query.urlencode()}",
            )
        )
    to_verify = 0
    if allowed(policies.can_verify_learning, access):
        to_verify = svc.verification_queue(access).count()
    return render(
        request,
        "learning/transcript.html",
        {
            "person": person,
            "transcript": data,
            "rows": _rows(data, is_self=is_self),
            "form": form,
            "is_self": is_self,
            "exports": exports,
            "to_verify": to_verify,
        },
    )


@permission(signed_in, scope=svc.transcripts_visible_to)
def transcript_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    person = _transcript_person(access_for(request.user), pk)
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        return HttpResponseBadRequest("format must be csv, xlsx or pdf", content_type="text/plain")
    _form, data = _filtered(request, person)
    today = timezone.localdate()
    filename = f"transcript-{slugify(person.display_name) or person.pk}-{today:%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        tabular.write_csv(svc.export_rows(data), text)
        response = HttpResponse(text.getvalue(), content_type=svc.CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if fmt == "xlsx":
        out = io.BytesIO()
        tabular.write_xlsx(svc.export_sheets(data), out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=filename, content_type=svc.CONTENT_TYPES["xlsx"]
        )
    content = pdf.transcript_pdf(data, generated_on=today)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=filename,
        content_type=svc.CONTENT_TYPES["pdf"],
    )


# --- reported learning and its verification -----------------------------------------------


@permission(signed_in)
def external_report(request: AuthedRequest) -> HttpResponse:
    form = ExternalLearningForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.external_learning_report(by=request.user, **form.service_kwargs())
            except ValidationError as exc:
                apply_errors(form, _named_for_form(exc))
            else:
                messages.success(
                    request,
                    "Learning reported. It counts on your transcript once your supervisor "
                    "verifies it.",
                )
                return redirect("learning:my_transcript")
        status = 400
    return render(request, "learning/external_report.html", {"form": form}, status=status)


def _named_for_form(error: ValidationError) -> ValidationError:
    """The service names the competencies as a whole; the form shows that on the first row."""
    if hasattr(error, "error_dict") and "competencies" in error.error_dict:
        messages_ = error.message_dict
        messages_["competency_1"] = messages_.pop("competencies")
        return ValidationError(messages_)
    return error


@permission(signed_in, scope=svc.records_visible_to)
def record_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    record: TrainingRecord = get_visible_or_404(
        svc.records_visible_to(access_for(request.user)), pk=pk
    )
    suffix = "." + record.evidence.name.rsplit(".", 1)[-1].lower() if record.evidence.name else ""
    return serve_stored(record.evidence, filename=record.evidence_name or f"evidence{suffix}")


@permission(signed_in)
def verifications(request: AuthedRequest) -> HttpResponse:
    page = paginate(request, svc.verification_queue(access_for(request.user)))
    return render(request, "learning/verification_queue.html", page)


def _decidable(request: AuthedRequest, pk: int) -> TrainingRecord:
    record: TrainingRecord = get_visible_or_404(
        svc.records_visible_to(access_for(request.user)).select_related("person"), pk=pk
    )
    return record


@permission(policies.can_verify_record, scope=svc.records_visible_to)
@require_POST
def verification_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    record = _decidable(request, pk)
    try:
        svc.external_learning_verify(by=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Verified “{record.title}” for {record.person}.")
    return redirect("learning:verifications")


@permission(policies.can_verify_record, scope=svc.records_visible_to)
def verification_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    record = _decidable(request, pk)
    require(policies.can_verify_record, access_for(request.user), record)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.external_learning_reject(
                by=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"“{record.title}” for {record.person} is not verified.")
        return redirect("learning:verifications")
    return render(request, "learning/verification_reject.html", {"record": record, "form": form})


# --- certificates --------------------------------------------------------------------------


def _own_certificate(request: AuthedRequest, uuid: UUID) -> Certificate:
    certificate: Certificate = get_visible_or_404(
        certs.certificates_visible_to(access_for(request.user)), pk=uuid
    )
    # Only for those who attended: a revoked certificate (attendance corrected) is gone.
    if not certs.is_valid(certificate):
        raise Http404("This certificate is not valid")
    return certificate


@permission(signed_in, scope=certs.certificates_visible_to)
def certificate_pdf(request: AuthedRequest, uuid: UUID) -> FileResponse:
    certificate = _own_certificate(request, uuid)
    record = certificate.record
    content = pdf.certificate_pdf(
        certs.verification(certificate),
        kind=record.get_kind_display(),
        provider=record.provider,
        hours=record.hours,
        ce_credits=record.ce_credits,
        competencies=[
            line.competency.name
            for line in record.competencies.select_related("competency").order_by(
                "competency__name"
            )
        ],
        verify_url=certs.verify_url(certificate),
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"certificate-{slugify(record.title) or 'training'}.pdf",
        content_type="application/pdf",
    )


@permission(signed_in, scope=certs.certificates_visible_to)
def certificate_badge(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    certificate = _own_certificate(request, uuid)
    body = json.dumps(certs.badge_credential(certificate), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    slug = slugify(certificate.record.title) or "training"
    response["Content-Disposition"] = f'attachment; filename="badge-{slug}.json"'
    return response


@permission(public)
@public_link
def certificate_verify(request: Any, uuid: UUID) -> HttpResponse:
    """Public: anyone holding the link checks the certificate; no login, nothing private."""
    certificate = certs.certificate_public(uuid)
    if certificate is None:
        raise Http404("No such certificate")
    response = render(
        request,
        "learning/certificate_verify.html",
        {"info": certs.verification(certificate)},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- feedback ------------------------------------------------------------------------------


def _session_or_404(access: Access, pk: int) -> Session:
    session = selectors.feedback_session(access, pk)
    if session is None:
        raise Http404("No such session")
    return session


@permission(policies.can_give_feedback, scope=offerings_visible_to)
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    access = access_for(request.user)
    session = _session_or_404(access, pk)
    registration = fb.attendee_registration(request.user, session)
    if registration is None or not allowed(policies.can_give_feedback, access, registration):
        return render(
            request,
            "learning/feedback_refused.html",
            {"session": session, "message": policies.NOT_ATTENDEE},
            status=403,
        )
    given = fb.existing_feedback(registration)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                fb.feedback_create(
                    by=request.user,
                    session=session,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Thank you: your feedback was sent to the organisers.")
                return redirect("learning:my_transcript")
        status = 400
    return render(
        request,
        "learning/feedback_form.html",
        {"session": session, "form": form, "given": given},
        status=status,
    )


@permission(policies.can_see_feedback, scope=offerings_visible_to)
def feedback_summary(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session_or_404(access_for(request.user), pk)
    summary = fb.feedback_summary(by=request.user, session=session)
    return render(request, "learning/feedback_summary.html", {"summary": summary})
