"""PDF documents drawn with reportlab: the transcript and the certificate of completion.

Text goes through Paragraph, whose markup is XML-like, so every value is escaped. The font
is Bitstream Vera, which ships inside reportlab (no system fonts needed) and covers more
than the PDF base fonts' Latin-1, e.g. names with accents and typographic quotes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ladder.learning.certificates import Verification
    from ladder.learning.models import TrainingRecord
    from ladder.learning.transcript import Total, Transcript

FONT = "LadderSans"
FONT_BOLD = "LadderSans-Bold"
INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#565c65")
ACCENT = colors.HexColor("#1a4480")
RULE = colors.HexColor("#a9aeb1")
ZEBRA = colors.HexColor("#f0f0f0")


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))


def _style(name: str, size: float, *, bold: bool = False, **extra: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.25,
        textColor=extra.pop("textColor", INK),
        **extra,
    )


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def page_footer(text: str) -> Callable[[Canvas, Any], None]:
    """A page callback drawing `text` on the left of the footer and the page number on the
    right; pass it as both onFirstPage and onLaterPages."""

    def footer(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(document.leftMargin, 0.4 * inch, text)
        canvas.drawRightString(
            document.pagesize[0] - document.rightMargin, 0.4 * inch, f"Page {document.page}"
        )
        canvas.restoreState()

    return footer


def _number(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- the transcript ------------------------------------------------------------------------


def _records_table(records: list[TrainingRecord], width: float) -> Table:
    head = _style("head", 8, bold=True, textColor=colors.white)
    cell = _style("cell", 8)
    small = _style("small", 7, textColor=MUTED)
    header = [
        _p(h, head)
        for h in ("Date", "Training", "Hours", "CE credits", "Competencies", "Status and notes")
    ]
    rows: list[list[Any]] = [header]
    for record in records:
        notes = [record.get_status_display()]
        if record.above_and_beyond:
            notes.append(f"Above and beyond: {record.above_and_beyond_reason}")
        competencies = "; ".join(
            f"{line.competency.name} ({line.level})" for line in record.competencies.all()
        )
        rows.append(
            [
                _p(f"{record.completed_on:%Y-%m-%d}", cell),
                [
                    _p(record.title, cell),
                    _p(f"{record.get_kind_display()} · {record.provider}", small),
                ],
                _p(_number(record.hours), cell),
                _p(_number(record.ce_credits), cell),
                _p(competencies or "—", cell),
                [_p(note, cell) for note in notes],
            ]
        )
    fractions = (0.09, 0.3, 0.07, 0.08, 0.22, 0.24)
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (2, 1), (3, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _totals_table(title: str, totals: list[Total], overall: Total, width: float) -> Table:
    head = _style("thead", 8, bold=True, textColor=colors.white)
    cell = _style("tcell", 8)
    bold = _style("tbold", 8, bold=True)
    rows: list[list[Any]] = [[_p(title, head), _p("Hours", head), _p("CE credits", head)]]
    for total in totals:
        rows.append(
            [
                _p(total.label, cell),
                _p(_number(total.hours), cell),
                _p(_number(total.credits), cell),
            ]
        )
    rows.append(
        [
            _p(overall.label, bold),
            _p(_number(overall.hours), bold),
            _p(_number(overall.credits), bold),
        ]
    )
    table = Table(
        rows, colWidths=[width * 0.6, width * 0.2, width * 0.2], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def transcript_pdf(transcript: Transcript, *, generated_on: dt.date) -> bytes:
    """The transcript as a landscape table with its totals; the header row repeats."""
    _fonts()
    out = io.BytesIO()
    name = transcript.person.display_name
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(letter),
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.7 * inch,
        title=f"Training transcript — {name}",
        author="Ladder",
    )

    footer = page_footer(f"Training transcript of {name} · {generated_on}")
    width = doc.width
    total = transcript.total
    story: list[Any] = [
        _p("Training transcript", _style("title", 18, bold=True, textColor=ACCENT)),
        _p(name, _style("name", 13, bold=True)),
        _p(
            f"Dates: {transcript.range_label}. Generated {generated_on:%Y-%m-%d}. "
            f"Verified learning: {total.count} record{'s' if total.count != 1 else ''}, "
            f"{_number(total.hours)} hours, {_number(total.credits)} CE credits; "
            f"{transcript.above_and_beyond_count} above and beyond the job.",
            _style("meta", 9, textColor=MUTED),
        ),
        Spacer(1, 10),
    ]
    if transcript.records:
        story.append(_records_table(transcript.records, width))
    else:
        story.append(_p("No training recorded for these dates.", _style("none", 10)))
    story.append(Spacer(1, 14))
    period = "Quarter" if transcript.group == "quarter" else "Year"
    story.append(
        KeepTogether(
            [
                _p("Totals of verified learning", _style("h2", 11, bold=True)),
                Spacer(1, 4),
                _totals_table(period, transcript.by_period, total, width * 0.5),
            ]
        )
    )
    if transcript.by_competency:
        story += [
            Spacer(1, 10),
            _totals_table("Competency", transcript.by_competency, total, width * 0.5),
            _p(
                "A record that evidences several competencies counts toward each of them.",
                _style("note", 7, textColor=MUTED),
            ),
        ]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


# --- the certificate -----------------------------------------------------------------------


def certificate_pdf(
    info: Verification,
    *,
    kind: str,
    provider: str,
    hours: Decimal,
    ce_credits: Decimal,
    competencies: list[str],
    verify_url: str,
) -> bytes:
    """A one-page landscape certificate with a border, and where to verify it."""
    _fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(letter),
        leftMargin=1.1 * inch,
        rightMargin=1.1 * inch,
        topMargin=1.0 * inch,
        bottomMargin=0.9 * inch,
        title=f"Certificate of completion — {info.achievement}",
        author=info.issuer,
    )

    def border(canvas: Canvas, document: Any) -> None:
        page_width, page_height = document.pagesize
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(4)
        canvas.rect(0.45 * inch, 0.45 * inch, page_width - 0.9 * inch, page_height - 0.9 * inch)
        canvas.setLineWidth(1)
        canvas.rect(0.6 * inch, 0.6 * inch, page_width - 1.2 * inch, page_height - 1.2 * inch)
        canvas.restoreState()

    centred = {"alignment": TA_CENTER}
    details = [f"{kind} provided by {provider}" if provider else kind]
    details.append(
        f"Completed {info.completed_on:%B} {info.completed_on.day}, {info.completed_on:%Y}"
    )
    amounts = f"{_number(hours)} hour{'s' if hours != 1 else ''}"
    if ce_credits:
        amounts += f" · {_number(ce_credits)} CE credit{'s' if ce_credits != 1 else ''}"
    details.append(amounts)
    story: list[Any] = [
        Spacer(1, 24),
        _p(info.issuer, _style("issuer", 14, bold=True, textColor=ACCENT, **centred)),
        Spacer(1, 14),
        _p("Certificate of completion", _style("kind", 30, bold=True, **centred)),
        Spacer(1, 18),
        _p("This certifies that", _style("lead", 12, textColor=MUTED, **centred)),
        Spacer(1, 8),
        _p(info.holder, _style("holder", 26, bold=True, **centred)),
        Spacer(1, 10),
        _p("has completed", _style("lead2", 12, textColor=MUTED, **centred)),
        Spacer(1, 8),
        _p(info.achievement, _style("title", 18, bold=True, textColor=ACCENT, **centred)),
        Spacer(1, 10),
        *[_p(line, _style(f"detail{i}", 11, **centred)) for i, line in enumerate(details)],
    ]
    if competencies:
        story += [
            Spacer(1, 8),
            _p(
                "Competencies: " + "; ".join(competencies),
                _style("competencies", 9, textColor=MUTED, **centred),
            ),
        ]
    story += [
        Spacer(1, 22),
        _p(
            f"Verify this certificate at {verify_url}",
            _style("verify", 8, textColor=MUTED, **centred),
        ),
        _p(f"Certificate {info.certificate_id}", _style("id", 7, textColor=MUTED, **centred)),
    ]
    doc.build(story, onFirstPage=border)
    return out.getvalue()
