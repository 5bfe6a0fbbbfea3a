"""The promotion letter (reportlab), in the style of ladder.learning.pdf."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ladder.learning.pdf import ACCENT, MUTED, _fonts, _p, _style
from ladder.tuition.models import Promotion


def promotion_letter_pdf(promotion: Promotion) -> bytes:
    """A one-page letter confirming an accepted promotion: old → new, effective date."""
    _fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=inch,
        bottomMargin=inch,
        title=f"Promotion letter — {promotion.person}",
        author=str(promotion.library),
    )
    title = _style("title", 18, bold=True, textColor=ACCENT)
    body = _style("body", 11, spaceAfter=8)
    muted = _style("muted", 9, textColor=MUTED)
    old = promotion.from_employment
    decided = promotion.decided_at.date().isoformat() if promotion.decided_at else ""
    story: list[Paragraph | Spacer] = [
        _p(str(promotion.library), _style("lib", 12, bold=True)),
        _p(decided, muted),
        Spacer(1, 18),
        _p("Letter of promotion", title),
        Spacer(1, 12),
        _p(f"Dear {promotion.person.display_name},", body),
        _p(
            f"We are pleased to confirm your promotion from {old.job_class} to "
            f"{promotion.to_job_class}, effective {promotion.effective_date:%B %-d, %Y}.",
            body,
        ),
        _p(
            f"Reason: {promotion.get_reason_display()}"
            f"{' — ' + promotion.detail if promotion.detail else ''}.",
            body,
        ),
        _p(
            f"Your weekly hours ({old.weekly_hours}) and your supervisor"
            f"{' (' + str(old.supervisor) + ')' if old.supervisor else ''} stay the same "
            "unless we agree otherwise.",
            body,
        ),
    ]
    enrolment = promotion.enrolment
    if enrolment is not None and enrolment.commitment_months:
        ends = enrolment.commitment_ends_on
        story.append(
            _p(
                f"As agreed under {enrolment.programme}, your service commitment of "
                f"{enrolment.commitment_months} months runs from "
                f"{enrolment.commitment_starts_on} to {ends}.",
                body,
            )
        )
    story += [
        Spacer(1, 18),
        _p("Congratulations,", body),
        _p(str(promotion.decided_by or promotion.library), body),
        Spacer(1, 24),
        _p(
            f"Ladder record: promotion {promotion.pk}, employment {old.pk} → "
            f"{promotion.new_employment_id}.",
            muted,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
