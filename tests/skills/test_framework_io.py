"""Competency import (preview, then all-or-nothing commit) and export in CSV and XLSX."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from ladder.core.models import AuditEntry
from ladder.skills import framework_io as fio
from ladder.skills.framework_install import install_default_framework
from ladder.skills.models import Area, Competency, ExternalScheme, ExternalTag, Framework, Level

HEADER = "area_code,area_name,competency_code,competency_name,description,external_tags\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(f"{row}\n" for row in rows)).encode()


@pytest.fixture
def lssc(db):
    scheme = ExternalScheme.objects.create(name="LSSC", slug="ala-apa-lssc")
    return {
        code: ExternalTag.objects.create(scheme=scheme, code=code, name=code.title())
        for code in ("technology", "access-services")
    }


def preview(world, framework, data, filename="f.csv"):
    return fio.framework_import_preview(
        by=world.root, framework=framework, filename=filename, data=data
    )


def commit(world, framework, data, filename="f.csv"):
    return fio.framework_import_commit(
        by=world.root, framework=framework, filename=filename, data=data
    )


def snapshot(framework):
    return sorted(
        (c.area.code, c.area.name, c.code, c.name, c.description, c.position)
        for c in Competency.objects.filter(framework=framework).select_related("area")
    )


# --- good files -----------------------------------------------------------------------------


def test_import_adds_areas_and_competencies_with_tags(world, framework, lssc):
    data = csv_bytes(
        "outreach,Outreach,bookmobile,Bookmobile service,Driving the library,",
        "technology,Technology,3d-printing,3D printing,,ala-apa-lssc:technology",
        "outreach,,homebound,Homebound,,ala-apa-lssc:access-services; ala-apa-lssc:technology",
    )
    shown = preview(world, framework, data)
    assert shown.ok
    assert (shown.counts.new_areas, shown.counts.new_competencies) == (1, 3)
    assert not Competency.objects.filter(code="bookmobile").exists()  # the preview saved nothing

    result = commit(world, framework, data)

    assert result.counts.new_competencies == 3
    homebound = Competency.objects.get(code="homebound")
    assert homebound.area.name == "Outreach"
    assert set(homebound.external_tags.values_list("code", flat=True)) == {
        "access-services",
        "technology",
    }
    printing = Competency.objects.get(code="3d-printing")
    assert printing.area.code == "technology"
    assert printing.position == 3  # after the area's three competencies
    assert AuditEntry.objects.filter(action="skills.framework.imported").count() == 1


def test_reimporting_the_same_file_updates_and_never_duplicates(world, framework, lssc):
    data = csv_bytes(
        "outreach,Outreach,bookmobile,Bookmobile,First,ala-apa-lssc:technology",
        "technology,Technology,ils,ILS systems,Renamed,",
    )
    commit(world, framework, data)
    after_first = snapshot(framework)
    again = preview(world, framework, data)
    assert again.counts.new_competencies == 0
    assert again.counts.updated_competencies == 0
    assert again.counts.unchanged_competencies == 2
    commit(world, framework, data)
    assert snapshot(framework) == after_first
    assert Competency.objects.filter(framework=framework).count() == 7
    assert Area.objects.filter(framework=framework, code="outreach").count() == 1


def test_reimport_updates_names_descriptions_areas_and_tags_by_code(world, framework, lssc):
    commit(world, framework, csv_bytes("technology,Technology,ils,ILS,,ala-apa-lssc:technology"))
    commit(world, framework, csv_bytes("access,Access services,ils,The ILS,Moved,"))
    ils = Competency.objects.get(framework=framework, code="ils")
    assert (ils.area.code, ils.name, ils.description) == ("access", "The ILS", "Moved")
    assert not ils.external_tags.exists()  # an empty cell clears the tags


def test_leaving_out_optional_columns_keeps_what_is_recorded(world, framework, lssc):
    ils = Competency.objects.get(framework=framework, code="ils")
    ils.description = "Kept"
    ils.save()
    ils.external_tags.add(lssc["technology"])
    data = csv_bytes(
        "technology,Technology,ils,ILS",
        header="area_code,area_name,competency_code,competency_name\n",
    )
    commit(world, framework, data)
    ils.refresh_from_db()
    assert ils.description == "Kept"
    assert ils.external_tags.count() == 1


def test_semicolon_csv_from_a_spreadsheet_is_read(world, framework):
    data = "area_code;area_name;competency_code;competency_name\nnew;New;c1;One\n".encode(
        "utf-8-sig"
    )
    assert preview(world, framework, data).ok


# --- bad rows -------------------------------------------------------------------------------


def test_preview_lists_every_bad_row_with_line_column_and_reason(world, framework, lssc):
    data = csv_bytes(
        "technology,Technology,new-one,New one,,",  # line 2: fine
        "technology,Tech stuff,other,Other,,",  # 3: area name mismatch
        "outreach,Outreach,new-one,Again,,",  # 4: duplicate code
        "outreach,Outreach,nameless,,,",  # 5: missing name
        "outreach,Outreach,tagged,Tagged,,ala-apa-lssc:nonsense",  # 6: unknown tag
        "brand-new,,lonely,Lonely,,",  # 7: new area without a name
        "bad code!,X,c,C,,",  # 8: bad area code
        "outreach,Outreach,malformed,Malformed,,technology",  # 9: tag without a scheme
        "reading,Access services,clash,Clash,,",  # 10: the framework's other area's name
        "reading2,Technology,clash2,Clash two,,",  # 11: another area's name in the file
    )
    shown = preview(world, framework, data)
    found = {(e.line, e.column) for e in shown.errors}
    assert found == {
        (3, "area_name"),
        (4, "competency_code"),
        (5, "competency_name"),
        (6, "external_tags"),
        (7, "area_name"),
        (8, "area_code"),
        (9, "external_tags"),
        (10, "area_code"),
        (11, "area_name"),
    }
    messages = {(e.line, e.column): e.message for e in shown.errors}
    assert "line 2 has it too" in messages[(4, "competency_code")]
    assert "Missing name" in messages[(5, "competency_name")]
    assert "Unknown tag" in messages[(6, "external_tags")]
    assert "every row of one area must give the same name" in messages[(3, "area_name")]
    assert not shown.ok and shown.bad_lines == 9
    assert str(shown.errors[0]).startswith("line 3, area_name:")


def test_a_file_with_bad_rows_saves_nothing(world, framework, lssc):
    before = snapshot(framework)
    data = csv_bytes("outreach,Outreach,good,Good,,", "outreach,Outreach,good,Duplicate,,")
    with pytest.raises(fio.ImportRejected) as caught:
        commit(world, framework, data)
    assert caught.value.row_errors[0].line == 3
    assert snapshot(framework) == before
    assert not Area.objects.filter(code="outreach").exists()
    assert not AuditEntry.objects.filter(action="skills.framework.imported").exists()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("f.txt", b"x", "Upload a .csv or .xlsx"),
        ("f.csv", b"", "empty"),
        ("f.csv", b"area_code,competency_code\nx,y\n", "lacks the columns"),
        ("f.csv", HEADER.encode(), "no rows"),
        ("f.xlsx", b"not a zip", "cannot be read as an XLSX"),
        ("f.csv", b"PK\x03\x04rest", "not CSV text"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(world, framework, filename, data, message):
    with pytest.raises(fio.ImportFileError) as caught:
        preview(world, framework, data, filename)
    assert message in caught.value.messages[0]


def test_only_the_frameworks_editors_import(world, framework):
    data = csv_bytes("outreach,Outreach,c,C,,")
    for person in (world.nina, world.alice, world.bob):
        with pytest.raises(PermissionDenied):
            fio.framework_import_preview(
                by=person, framework=framework, filename="f.csv", data=data
            )
        with pytest.raises(PermissionDenied):
            fio.framework_import_commit(by=person, framework=framework, filename="f.csv", data=data)


# --- export and round trips -----------------------------------------------------------------


def test_csv_export_lists_competencies_in_framework_order_with_tags(world, framework, lssc):
    framework.competencies.get(code="ils").external_tags.add(
        lssc["technology"], lssc["access-services"]
    )
    rows = list(csv.reader(io.StringIO(fio.framework_export(framework, "csv").decode("utf-8-sig"))))
    assert rows[0] == list(fio.COLUMNS)
    assert [r[2] for r in rows[1:]] == [
        "core-skills",
        "ils",
        "e-resources",
        "circulation",
        "interlibrary-loan",
        "reference-interview",
    ]
    assert rows[2][5] == "ala-apa-lssc:access-services; ala-apa-lssc:technology"


def test_export_quotes_cells_a_spreadsheet_would_run(world, framework):
    competency = framework.competencies.get(code="ils")
    competency.description = "=HYPERLINK(1)"
    competency.save()
    text = fio.framework_export(framework, "csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    # ... and the import takes the quote off again.
    commit(world, framework, text.encode())
    competency.refresh_from_db()
    assert competency.description == "=HYPERLINK(1)"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_into_an_empty_framework(world, fmt):
    source = install_default_framework()
    exported = fio.framework_export(source, fmt)
    target = Framework.objects.create(name="Copy", slug="copy")
    Level.objects.create(framework=target, value=0, name="None")
    Level.objects.create(framework=target, value=1, name="Some")

    commit(world, target, exported, f"export.{fmt}")

    assert snapshot(target) == snapshot(source)
    tags = {
        c.code: sorted(t.code for t in c.external_tags.all())
        for c in Competency.objects.filter(framework=target).prefetch_related("external_tags")
    }
    assert tags == {
        c.code: sorted(t.code for t in c.external_tags.all())
        for c in Competency.objects.filter(framework=source).prefetch_related("external_tags")
    }
    if fmt == "xlsx":  # the levels sheet comes along
        assert list(target.levels.values_list("value", "name")) == list(
            source.levels.values_list("value", "name")
        )
    # Importing an export into its own framework changes nothing.
    again = preview(world, source, exported, f"export.{fmt}")
    assert again.ok
    assert again.counts.new_competencies == again.counts.updated_competencies == 0
    assert again.counts.updated_levels == again.counts.new_levels == 0


def xlsx(competency_rows, level_rows=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "competencies"
    for row in competency_rows:
        sheet.append(row)
    if level_rows is not None:
        levels = workbook.create_sheet("levels")
        for row in level_rows:
            levels.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_levels_sheet_adds_and_renames_levels_and_reports_bad_rows(world, framework):
    header = ["area_code", "area_name", "competency_code", "competency_name"]
    good = xlsx(
        [header, ["technology", "Technology", "ils", "Ils"]],
        [["value", "name", "description"], [1, "Beginner", "New words"], [5, "Master", ""]],
    )
    shown = preview(world, framework, good, "f.xlsx")
    assert (shown.counts.new_levels, shown.counts.updated_levels) == (1, 1)
    commit(world, framework, good, "f.xlsx")
    assert framework.levels.get(value=1).name == "Beginner"
    assert framework.levels.get(value=5).name == "Master"

    bad = xlsx(
        [header, ["technology", "Technology", "ils", "Ils"]],
        [["value", "name"], ["high", "X"], [2, ""], [11, "Too far"]],
    )
    errors = preview(world, framework, bad, "f.xlsx").errors
    assert {(e.sheet, e.line, e.column) for e in errors} == {
        ("levels", 2, "value"),
        ("levels", 3, "name"),
        ("levels", 4, "value"),
    }
    assert str(errors[0]).startswith("levels sheet, line 2, value:")
