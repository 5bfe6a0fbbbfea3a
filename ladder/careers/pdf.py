"""The yearly evaluation as a PDF (reportlab), in the style of the transcript PDF."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ladder.learning.pdf import (
    ACCENT,
    MUTED,
    RULE,
    ZEBRA,
    _fonts,
    _p,
    _style,
    page_footer,
)

if TYPE_CHECKING:
    from ladder.careers.models import Evaluation


def _table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
    head = _style("ehead", 8, bold=True, textColor=colors.white)
    cell = _style("ecell", 8)
    data: list[list[Any]] = [[_p(h, head) for h in header]]
    data += [[_p(value if value not in (None, "") else "—", cell) for value in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _text(text: str, style: Any) -> list[Paragraph]:
    paragraphs = [line for line in (text or "").split("\n") if line.strip()]
    return [_p(line, style) for line in paragraphs] or [_p("—", style)]


def _section(title: str, flowables: list[Any]) -> list[Any]:
    h2 = _style("eh2", 11, bold=True, textColor=ACCENT, spaceBefore=8, spaceAfter=4)
    return [KeepTogether([_p(title, h2), *flowables[:1]]), *flowables[1:]]


#: The PD section's tables, each shown when it has rows: (key in the PD section, heading,
#: column headers, the row of one item, column widths as fractions of the page).
_PD_TABLES: list[
    tuple[str, str, list[str], Callable[[dict[str, Any]], list[Any]], tuple[float, ...]]
] = [
    (
        "offerings",
        "Training attended",
        ["Date", "Training", "Kind", "Hours", "CE credits", "Above and beyond"],
        lambda o: [
            o["completed_on"],
            o["title"],
            o["kind"],
            o["hours"],
            o["ce_credits"],
            "Yes" if o["above_and_beyond"] else "",
        ],
        (0.12, 0.38, 0.15, 0.08, 0.1, 0.17),
    ),
    (
        "above_and_beyond",
        "Above and beyond the job",
        ["Date", "Training", "Hours", "Why it is above and beyond"],
        lambda a: [a["completed_on"], a["title"], a["hours"], a["reason"]],
        (0.12, 0.35, 0.08, 0.45),
    ),
    (
        "competencies_gained",
        "Competencies gained",
        ["Competency", "From", "To", "Shown by"],
        lambda g: [g["competency"], g["from_level"], g["to_level"], ", ".join(g["how"])],
        (0.4, 0.1, 0.1, 0.4),
    ),
    (
        "roundtables",
        "Roundtables",
        ["Roundtable", "Member since", "Meetings attended"],
        lambda r: [r["name"], r["member_since"], r["meetings_attended"]],
        (0.5, 0.25, 0.25),
    ),
    (
        "mentoring",
        "Mentoring given",
        ["Completed", "Topic", "Learner", "Hours"],
        lambda m: [m["completed_on"], m["topic"], m["learner"], m["hours"]],
        (0.15, 0.45, 0.28, 0.12),
    ),
    (
        "plans",
        "Development plan progress",
        ["Plan", "Status", "Goals met", "Sessions attended", "Progress"],
        lambda p: [
            p["title"],
            p["status"],
            f"{p['goals_met']} of {p['goals']}",
            f"{p['sessions_attended']} of {p['sessions_planned']}",
            f"{p['percent']}%" if p["percent"] is not None else "",
        ],
        (0.36, 0.2, 0.14, 0.16, 0.14),
    ),
]


def _pd_story(pd: dict[str, Any], width: float) -> list[Any]:
    body = _style("epd", 9)
    story: list[Any] = []
    story += _section(
        "Professional development",
        [
            _p(
                f"{pd.get('records', 0)} training records, {pd.get('hours', '0')} hours, "
                f"{pd.get('ce_credits', '0')} CE credits; mentoring given: "
                f"{pd.get('mentoring_hours', '0')} hours.",
                body,
            )
        ],
    )
    for key, title, header, row, fractions in _PD_TABLES:
        items = pd.get(key) or []
        if items:
            story += _section(
                title, [_table(header, [row(i) for i in items], [width * f for f in fractions])]
            )
    return story


def evaluation_pdf(evaluation: Evaluation, *, generated_on: dt.date) -> bytes:
    _fonts()
    out = io.BytesIO()
    name = evaluation.person.display_name
    period = f"{evaluation.period_start:%Y-%m-%d} to {evaluation.period_end:%Y-%m-%d}"
    doc = SimpleDocTemplate(
        out,
        pagesize=letter,
        leftMargin=0.7 * inch,
        rightMargin=0.7 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
        title=f"Evaluation — {name}, {period}",
        author="Ladder",
    )

    footer = page_footer(f"Evaluation of {name}, {period} · {generated_on}")
    width = doc.width
    body = _style("ebody", 9.5)
    meta = _style("emeta", 9, textColor=MUTED)

    def signed(at: dt.datetime | None, who: str) -> str:
        return f"Signed by {who} on {at:%Y-%m-%d}" if at else f"Not yet signed by {who}"

    story: list[Any] = [
        _p("Yearly evaluation", _style("etitle", 18, bold=True, textColor=ACCENT)),
        _p(name, _style("ename", 13, bold=True)),
        _p(
            f"{evaluation.library} · period {period} · reviewer {evaluation.reviewer.display_name}"
            f" · {evaluation.status_label}",
            meta,
        ),
        Spacer(1, 8),
    ]
    story += _pd_story(evaluation.pd_section or {}, width)
    story += _section("Narrative", _text(evaluation.narrative, body))
    story += _section("Goals for the coming year", _text(evaluation.goals, body))
    story += _section("Comment of the person evaluated", _text(evaluation.person_comment, body))
    story += _section(
        "Signatures",
        [
            _p(signed(evaluation.reviewer_signed_at, evaluation.reviewer.display_name), body),
            _p(signed(evaluation.person_signed_at, name), body),
        ],
    )
    addenda = list(evaluation.addenda.all())
    if addenda:
        rows = [
            [f"{a.created_at:%Y-%m-%d}", a.author.display_name if a.author else "", a.body]
            for a in addenda
        ]
        story += _section(
            "Addenda",
            [
                _table(
                    ["Date", "Author", "Addendum"], rows, [width * 0.14, width * 0.2, width * 0.66]
                )
            ],
        )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
