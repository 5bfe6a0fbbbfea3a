"""The one tabular module: what the writer writes, the reader reads back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder.core import tabular

texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"), whitelist_characters="\n"),
    max_size=30,
).filter(lambda t: t == t.strip())
values = st.one_of(
    texts,
    st.integers(min_value=-(10**9), max_value=10**9),
    st.decimals(min_value=-10000, max_value=10000, places=2, allow_nan=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)),
    st.booleans(),
    st.none(),
)
tables = st.lists(st.lists(values, min_size=1, max_size=5), min_size=1, max_size=8).map(
    # A first cell in every row keeps rows apart and the first line's delimiter visible.
    lambda rows: [[f"r{n}", *row] for n, row in enumerate(rows)]
)


def write(fmt: str, rows: list[list[Any]]) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        tabular.write_csv(rows, text)
        return text.getvalue().encode("utf-8")
    out = io.BytesIO()
    tabular.write_xlsx({"Data": rows}, out)
    return out.getvalue()


def read(fmt: str, data: bytes) -> list[list[str]]:
    sheets = tabular.read_upload(
        filename=f"t.{fmt}", data=data, max_bytes=10**7, max_rows=100, max_unpacked_bytes=10**8
    )
    rows = next(iter(sheets.values()))
    return [_trim([tabular.cell_text(c) for c in cells]) for _, cells in rows]


def _trim(texts: list[str]) -> list[str]:
    while texts and texts[-1] == "":
        texts.pop()
    return texts


def _expected(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return tabular.cell_text(value) if not isinstance(value, str) else value


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables)
def test_what_the_writer_writes_the_reader_reads_back(fmt, rows):
    back = read(fmt, write(fmt, rows))

    assert len(back) == len(rows)
    for got, row in zip(back, rows, strict=True):
        want = _trim([_expected(v) for v in row])
        assert len(got) == len(want)
        for cell, expected, value in zip(got, want, row, strict=False):
            if isinstance(value, Decimal):
                assert Decimal(cell) == value  # XLSX stores numbers as floats: 1.50 reads 1.5
            else:
                assert cell == expected


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(start):
    text = f"{start}HYPERLINK(1)"

    assert tabular.escape_formula(text) == f"'{text}"
    assert tabular.csv_cell(text) == f"'{text}"
    out = io.StringIO()
    tabular.write_csv([[text, "plain"]], out)
    assert next(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")))) == [f"'{text}", "plain"]


def test_numbers_and_plain_text_are_written_as_they_are():
    assert tabular.escape_formula("Alice") == "Alice"
    assert tabular.escape_formula("") == ""
    assert tabular.csv_cell(-5) == "-5"
    assert tabular.csv_cell(Decimal("-2.50")) == "-2.50"
    assert tabular.csv_cell(dt.date(2024, 1, 2)) == "2024-01-02"
    assert tabular.csv_cell(None) == ""
    assert tabular.csv_cell(True) == "yes"


def test_a_quote_before_a_formula_survives_a_round_trip():
    assert tabular.escape_formula("'=x") == "''=x"
    assert tabular.cell_text("''=x") == "'=x"
    assert tabular.cell_text("'=x") == "=x"
    assert tabular.cell_text("'plain") == "'plain"


def test_openpyxl_reads_our_workbook_with_types_and_no_formulas():
    out = io.BytesIO()
    tabular.write_xlsx(
        {
            "First": [
                ["name", "hours", "on"],
                ['=HYPERLINK("x")', Decimal("1.50"), dt.date(2024, 1, 2)],
            ],
            "Second": [["only"]],
        },
        out,
    )

    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert workbook.sheetnames == ["First", "Second"]
    sheet = workbook["First"]
    assert sheet["A2"].value == '=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1.5
    assert sheet["C2"].value == dt.datetime(2024, 1, 2)
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_the_csv_starts_with_a_byte_order_mark_for_excel():
    out = io.StringIO()
    tabular.write_csv([["a", "b"]], out)

    assert out.getvalue() == "\ufeffa,b\r\n"
    assert "".join(tabular.csv_chunks([["a"], ["b"]], batch=1)) == "\ufeffa\r\nb\r\n"


def test_cell_text_reads_csv_and_xlsx_values_alike():
    assert tabular.cell_text(None) == ""
    assert tabular.cell_text(dt.datetime(2024, 1, 2, 15, 30)) == "2024-01-02"
    assert tabular.cell_text(dt.date(2024, 1, 2)) == "2024-01-02"
    assert tabular.cell_text(False) == "no"
    assert tabular.cell_text(37.0) == "37"
    assert tabular.cell_text(37.5) == "37.5"
    assert tabular.cell_text("  Alice ") == "Alice"


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("t.csv", b"", "empty"),
        ("t.txt", b"a,b", "file_type"),
        ("t.csv", b"x" * 2000, "too_big"),
        ("t.xlsx", b"a,b\n", "unreadable"),
        ("t.csv", b"PK\x03\x04rest", "unreadable"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(filename, data, code):
    with pytest.raises(tabular.TableFileError) as caught:
        tabular.read_upload(
            filename=filename, data=data, max_bytes=1000, max_rows=10, max_unpacked_bytes=10**6
        )
    assert caught.value.code == code


def test_the_header_places_known_columns_and_sets_the_others_aside():
    header = tabular.read_header(
        ["email", "", "notes", "last_name"],
        ["E-mail", "", "Notes", "Last name"],
        {"email", "last_name"},
    )
    assert header.positions == {"email": 0, "last_name": 3}
    assert header.ignored == ["Notes"]
    assert header.duplicate is None
    assert header.missing(["email", "first_name"]) == ["first_name"]
    assert header.values(["a@example.org", "x", "y"]) == {"email": "a@example.org", "last_name": ""}


def test_the_header_names_the_first_known_column_given_twice():
    header = tabular.read_header(
        ["notes", "notes", "email", "email"], ["Notes", "notes", "Email", "E-mail"], {"email"}
    )
    assert header.duplicate == "E-mail"
