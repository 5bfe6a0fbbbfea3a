"""The personal data export as a PDF: every section of person_export_data, as text."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT, FONT_BOLD = "LadderSans", "LadderSans-Bold"


def _fonts() -> None:
    # Bitstream Vera ships inside reportlab and covers accented names (see learning/pdf.py).
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))


def _styles() -> dict[str, ParagraphStyle]:
    ink = colors.HexColor("#1b1b1b")
    return {
        "title": ParagraphStyle("t", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ink),
        "h2": ParagraphStyle(
            "h", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10, textColor=ink
        ),
        "body": ParagraphStyle("b", fontName=FONT, fontSize=8.5, leading=11, textColor=ink),
    }


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        if set(value) == {"id", "name"}:
            return str(value["name"])
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items() if v not in ("", None, []))
    if isinstance(value, list):
        return " | ".join(_flat(v) for v in value)
    return "" if value is None else str(value)


def person_export_pdf(data: dict[str, Any]) -> bytes:
    _fonts()
    styles = _styles()
    story: list[Any] = [
        Paragraph(escape(f"Everything Ladder holds about {data['exported_for']}"), styles["title"]),
        Paragraph(escape(f"Exported {data['exported_at']}"), styles["body"]),
    ]
    for section, value in data.items():
        if section in ("exported_at", "exported_for"):
            continue
        story.append(Paragraph(escape(_label(section)), styles["h2"]))
        rows = value if isinstance(value, list) else [value]
        if not rows:
            story.append(Paragraph("Nothing held.", styles["body"]))
        for row in rows:
            story.append(Paragraph(escape(_flat(row)), styles["body"]))
            story.append(Spacer(1, 3))
    buffer = io.BytesIO()

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.drawString(0.75 * inch, 0.5 * inch, f"Ladder personal data export — page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=letter,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.75 * inch,
        bottomMargin=0.75 * inch,
        title=f"Personal data: {data['exported_for']}",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
