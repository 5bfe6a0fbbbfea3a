"""The transcript page and its exports: only for the person, their supervisor chain and their
library's admins; totals by year, quarter, date range and competency; CSV, XLSX and PDF; a
fixed number of queries however many records."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ladder.learning.models import Certificate, TrainingCompetency, TrainingRecord
from tests.learning import test_transcript_records as shared

ils, ran, attend = shared.ils, shared.ran, shared.attend
R = TrainingRecord.Status


def make_record(person, on, hours="2", credits="0.2", competencies=(), **fields):
    record = TrainingRecord.objects.create(
        person=person,
        title=fields.pop("title", f"Workshop of {on}"),
        kind=fields.pop("kind", "workshop"),
        provider=fields.pop("provider", "Buckeye Library Network"),
        completed_on=on,
        hours=Decimal(hours),
        ce_credits=Decimal(credits),
        **fields,
    )
    for competency, level in competencies:
        TrainingCompetency.objects.create(record=record, competency=competency, level=level)
    return record


@pytest.fixture
def history(world, framework, ils):
    """bob's year: three verified records in 2024 (Q1, Q1, Q3), one in 2025, one pending."""
    circulation = framework.competencies.get(code="circulation")
    make_record(world.bob, dt.date(2024, 1, 10), "3", "0.3", [(ils, 2)], title="ILS basics")
    make_record(world.bob, dt.date(2024, 3, 5), "1.5", "0", [(circulation, 2)])
    make_record(world.bob, dt.date(2024, 8, 20), "2", "0.2", [(ils, 3), (circulation, 3)])
    make_record(world.bob, dt.date(2025, 2, 1), "6", "0.6", title='=HYPERLINK("x")')
    make_record(world.bob, dt.date(2025, 3, 1), "10", "1", status=R.PENDING, title="Pending")


def url(person, **params):
    base = reverse("learning:transcript", args=[person.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def export_url(person, fmt, **params):
    base = reverse("learning:transcript_export", args=[person.pk])
    return f"{base}?format={fmt}" + "".join(f"&{k}={v}" for k, v in params.items())


# --- who sees it ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bob", "sam", "alice", "root"])
def test_the_person_their_chain_and_their_librarys_admin_see_the_transcript(world, who, client_for):
    response = client_for(getattr(world, who)).get(url(world.bob))

    assert response.status_code == 200
    assert "Training transcript: Bob Page" in response.content.decode()


@pytest.mark.parametrize("who", ["carol", "dave", "nina"])
def test_anyone_else_gets_404_on_the_page_and_every_export(world, history, who, client_for):
    client = client_for(getattr(world, who))

    assert client.get(url(world.bob)).status_code == 404
    for fmt in ("csv", "xlsx", "pdf"):
        assert client.get(export_url(world.bob, fmt)).status_code == 404


def test_a_colleague_who_is_not_in_the_chain_gets_404(world, client_for):
    # sam's transcript is not bob's to see, though they work at the same branch.
    assert client_for(world.bob).get(url(world.sam)).status_code == 404


def test_my_transcript_goes_to_your_own_and_is_in_the_navigation(world, client_for):
    client = client_for(world.dave)

    response = client.get(reverse("learning:my_transcript"))

    assert response.status_code == 302
    assert response["Location"] == url(world.dave)
    assert any(
        item["label"] == "My transcript"
        for item in client.get(url(world.dave)).context["nav_items"]
    )


def test_anonymous_visitors_are_sent_to_sign_in(world):
    from django.test import Client

    assert Client().get(url(world.bob)).status_code == 302


# --- totals --------------------------------------------------------------------------------


def test_totals_by_year_count_only_verified_records(world, history, client_for):
    transcript = client_for(world.bob).get(url(world.bob)).context["transcript"]

    assert len(transcript.records) == 5
    assert [(t.label, t.hours, t.credits) for t in transcript.by_period] == [
        ("2024", Decimal("6.5"), Decimal("0.5")),
        ("2025", Decimal("6"), Decimal("0.6")),
    ]
    assert (transcript.total.hours, transcript.total.credits) == (Decimal("12.5"), Decimal("1.1"))


def test_totals_by_quarter(world, history, client_for):
    transcript = client_for(world.bob).get(url(world.bob, group="quarter")).context["transcript"]

    assert [(t.label, t.hours) for t in transcript.by_period] == [
        ("2024 Q1", Decimal("4.5")),
        ("2024 Q3", Decimal("2")),
        ("2025 Q1", Decimal("6")),
    ]


def test_a_date_range_narrows_records_and_totals(world, history, client_for):
    transcript = (
        client_for(world.bob)
        .get(url(world.bob, date_from="2024-02-01", date_to="2024-12-31"))
        .context["transcript"]
    )

    assert [r.completed_on for r in transcript.records] == [
        dt.date(2024, 8, 20),
        dt.date(2024, 3, 5),
    ]
    assert transcript.total.hours == Decimal("3.5")


def test_a_backwards_date_range_is_refused_on_the_field(world, history, client_for):
    response = client_for(world.bob).get(
        url(world.bob, date_from="2025-01-01", date_to="2024-01-01")
    )

    assert "date_to" in response.context["form"].errors
    assert len(response.context["transcript"].records) == 5


def test_totals_by_competency_count_a_record_toward_each_of_its_competencies(
    world, history, client_for
):
    transcript = client_for(world.bob).get(url(world.bob)).context["transcript"]

    assert [(t.label, t.hours, t.count) for t in transcript.by_competency] == [
        ("Circulation", Decimal("3.5"), 2),
        ("ILS and systems", Decimal("5"), 2),
    ]


# --- exports -------------------------------------------------------------------------------


def test_the_csv_export_parses_back_with_every_record(world, history, client_for):
    response = client_for(world.sam).get(export_url(world.bob, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    first = rows[-1]
    assert first["completed_on"] == "2024-01-10"
    assert first["title"] == "ILS basics"
    assert first["hours"] == "3.00"
    assert first["competencies"] == "ILS and systems (2)"
    assert rows[1]["status"] == "Verified"
    assert rows[0]["status"] == "Awaiting supervisor verification"
    # A title a spreadsheet would run as a formula is made text.
    assert rows[1]["title"].startswith("'=HYPERLINK")


def test_the_xlsx_export_parses_back_with_records_and_totals(world, history, client_for):
    response = client_for(world.bob).get(export_url(world.bob, "xlsx", group="quarter"))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    records = list(workbook["Records"].iter_rows(values_only=True))
    assert records[0][:3] == ("completed_on", "title", "kind")
    assert len(records) == 6
    assert records[-1][1] == "ILS basics"
    assert records[-1][4] == 3
    assert records[2][1] == '=HYPERLINK("x")'  # stored as text, not a formula
    periods = list(workbook["By period"].iter_rows(values_only=True))
    assert periods[1] == ("2024 Q1", 4.5, 0.3)
    assert periods[-1] == ("All verified learning", 12.5, 1.1)
    assert "By competency" in workbook.sheetnames


def test_the_pdf_export_is_a_pdf(world, history, client_for):
    response = client_for(world.alice).get(export_url(world.bob, "pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_empty_transcript_still_exports(world, client_for):
    client = client_for(world.bob)
    assert b"".join(client.get(export_url(world.bob, "pdf")).streaming_content).startswith(b"%PDF")
    assert (
        client.get(export_url(world.bob, "csv"))
        .content.decode("utf-8-sig")
        .startswith("completed_on,")
    )


def test_an_unknown_format_is_a_400(world, client_for):
    assert client_for(world.bob).get(export_url(world.bob, "doc")).status_code == 400


def test_the_page_has_a_print_stylesheet_and_the_export_links(world, history, client_for):
    page = client_for(world.bob).get(url(world.bob)).content.decode()

    # A static file, not a <style> element: the Content-Security-Policy allows no inline styles.
    assert 'rel="stylesheet" media="print" href="/static/ladder/print-transcript.css"' in page
    for fmt in ("csv", "xlsx", "pdf"):
        assert f"format={fmt}" in page


# --- bounded queries -----------------------------------------------------------------------


def _many(world, ils, count, start):
    for i in range(count):
        record = make_record(world.bob, start + dt.timedelta(days=i), competencies=[(ils, 2)])
        Certificate.objects.create(record=record)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx", "pdf"])
def test_the_page_and_exports_run_the_same_queries_for_5_and_50_records(
    world, ils, ran, client_for, fmt
):
    client = client_for(world.sam)
    path = url(world.bob) if fmt is None else export_url(world.bob, fmt)
    attend(ran.bob, world.sam)  # one record from a session, with its registration
    _many(world, ils, 4, dt.date(2023, 1, 1))
    few = _queries(client, path)
    _many(world, ils, 45, dt.date(2022, 1, 1))
    many = _queries(client, path)
    assert few == many
