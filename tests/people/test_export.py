"""The directory export: what the user may see, with the directory's filters, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ladder.people.exports import COLUMNS
from ladder.people.imports import staff_import_preview
from tests import factories as f

EXPORT = reverse("people:directory_export")


def csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response) -> list[dict[str, object]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], line, strict=True)) for line in values[1:]]


def export(client, fmt="csv", **params):
    response = client.get(EXPORT, {"format": fmt, **params})
    assert response.status_code == 200
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)


def by_email(rows):
    return {r["email"]: r for r in rows}


def test_admin_exports_their_librarys_staff_with_hr_details(world, client_for):
    rows = by_email(export(client_for(world.alice)))

    assert set(rows) == {
        "alice@riverside.example",
        "sam@riverside.example",
        "bob@riverside.example",
    }
    bob = rows["bob@riverside.example"]
    assert list(bob) == COLUMNS
    assert bob["library"] == "Riverside Public Library"
    assert bob["branch"] == "Riverside Main"
    assert bob["job_class"] == "page"
    assert bob["schedule"] == "part-time"
    assert bob["weekly_hours"] == "15.0"
    assert bob["start_date"] == "2019-03-01"
    assert bob["supervisor_email"] == "sam@riverside.example"


def test_another_librarys_admin_never_sees_riverside_staff(world, client_for):
    emails = set(by_email(export(client_for(world.carol))))

    assert emails == {"carol@hillcrest.example", "dave@hillcrest.example"}


def test_a_filter_for_a_library_the_user_cannot_see_exports_nothing_more(world, client_for):
    emails = set(by_email(export(client_for(world.carol), library=world.riverside.pk)))

    assert "bob@riverside.example" not in emails


def test_staff_see_colleagues_but_not_their_hr_details(world, client_for):
    rows = by_email(export(client_for(world.bob)))

    assert set(rows) >= {"alice@riverside.example", "bob@riverside.example"}
    assert rows["alice@riverside.example"]["weekly_hours"] == ""
    assert rows["alice@riverside.example"]["supervisor_email"] == ""
    assert rows["alice@riverside.example"]["job_class"] == "librarian-ii"
    assert rows["bob@riverside.example"]["weekly_hours"] == "15.0"


def test_xlsx_has_the_same_rows_with_typed_cells(world, client_for):
    client = client_for(world.alice)
    response = client.get(EXPORT, {"format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = by_email(xlsx_rows(response))
    assert set(rows) == set(by_email(export(client)))
    bob = rows["bob@riverside.example"]
    assert bob["weekly_hours"] == 15
    assert bob["start_date"].date().isoformat() == "2019-03-01"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "bob"}, {"bob@riverside.example"}),
        ({"hours": "part"}, {"bob@riverside.example"}),
        ({"hours": "full"}, {"alice@riverside.example", "sam@riverside.example"}),
        ({"schedule": "part"}, {"bob@riverside.example"}),
    ],
)
def test_filters_narrow_the_export(world, client_for, params, expected):
    assert set(by_email(export(client_for(world.alice), **params))) == expected


def test_object_filters_narrow_the_export(world, client_for):
    client = client_for(world.root)

    assert set(by_email(export(client, library=world.hillcrest.pk))) == {
        "carol@hillcrest.example",
        "dave@hillcrest.example",
    }
    assert set(by_email(export(client, region=world.north.pk))) == {
        "alice@riverside.example",
        "sam@riverside.example",
        "bob@riverside.example",
    }
    assert set(by_email(export(client, job_class=world.page.pk))) == {"bob@riverside.example"}
    assert set(by_email(export(client, branch=world.riverside_east.pk))) == set()


def test_a_person_with_two_jobs_has_a_row_for_each(world, client_for):
    f.EmploymentFactory(
        person=world.dave, library=world.riverside, job_class=world.page, weekly_hours=Decimal("10")
    )

    rows = [r for r in export(client_for(world.root)) if r["email"] == "dave@hillcrest.example"]

    assert sorted(r["library"] for r in rows) == [
        "Hillcrest College Library",
        "Riverside Public Library",
    ]


def test_a_library_filter_lists_only_that_librarys_job(world, client_for):
    f.EmploymentFactory(
        person=world.dave, library=world.riverside, job_class=world.page, weekly_hours=Decimal("10")
    )

    rows = export(client_for(world.alice), library=world.riverside.pk)

    assert [r["library"] for r in rows if r["email"] == "dave@hillcrest.example"] == [
        "Riverside Public Library"
    ]


def test_cells_that_would_run_as_formulas_are_defused(world, client_for):
    world.bob.last_name = '=HYPERLINK("http://evil")'
    world.bob.phone = "+1 614 555 0100"
    world.bob.save()
    client = client_for(world.alice)

    bob = by_email(export(client))["bob@riverside.example"]
    assert bob["last_name"].startswith("'=")
    # One rule for every export (OWASP): a leading + is quoted too; the import drops the quote.
    assert bob["phone"] == "'+1 614 555 0100"
    sheet_bob = by_email(export(client, "xlsx"))["bob@riverside.example"]
    assert sheet_bob["last_name"] == '=HYPERLINK("http://evil")'


def test_an_unknown_format_is_a_400(world, client_for):
    assert client_for(world.alice).get(EXPORT, {"format": "pdf"}).status_code == 400


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(EXPORT)

    assert response.status_code == 302


def test_an_export_imports_back_without_changes(world, client_for):
    response = client_for(world.alice).get(EXPORT, {"format": "csv"})
    data = b"".join(response.streaming_content)

    preview = staff_import_preview(
        by=world.alice, library=world.riverside, filename="export.csv", data=data
    )

    assert preview.ok, preview.errors
    assert preview.counts.new_people == preview.counts.new_employments == 0
    assert preview.counts.updated_people == preview.counts.updated_employments == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_person_with_two_jobs_here_and_one_elsewhere_round_trips(world, client_for, fmt):
    """One row per employment: bob's second Riverside job and his Hillcrest job are in the
    export; importing the file unchanged into Riverside changes nothing and leaves Hillcrest's
    row out, saying so."""
    from ladder.people.imports import staff_import_commit
    from ladder.people.models import Employment

    f.EmploymentFactory(
        person=world.bob,
        library=world.riverside,
        branch=world.riverside_east,
        job_class=world.assistant,
        weekly_hours=Decimal("10"),
        start_date="2022-01-10",
        supervisor=world.sam,
    )
    f.EmploymentFactory(
        person=world.bob,
        library=world.hillcrest,
        branch=world.hillcrest_branch,
        job_class=world.page,
        weekly_hours=Decimal("8"),
        start_date="2023-05-01",
    )
    response = client_for(world.alice).get(EXPORT, {"format": fmt})
    data = b"".join(response.streaming_content)
    jobs_before = Employment.objects.count()

    preview = staff_import_preview(
        by=world.alice, library=world.riverside, filename=f"export.{fmt}", data=data
    )

    assert preview.ok, preview.errors
    counts = preview.counts
    assert (counts.new_people, counts.updated_people, counts.unchanged_people) == (0, 0, 3)
    assert (counts.new_employments, counts.updated_employments) == (0, 0)
    assert counts.unchanged_employments == 4
    assert [n.message for n in preview.notices if n.column == "library"] == [
        "Left out: this row is for Hillcrest College Library; this import is for Riverside "
        "Public Library."
    ]
    staff_import_commit(by=world.alice, library=world.riverside, rows=preview.rows)
    assert Employment.objects.count() == jobs_before


def _add_staff(world, count):
    for _ in range(count):
        f.EmploymentFactory(
            library=world.riverside,
            branch=world.riverside_east,
            job_class=world.page,
            supervisor=world.sam,
        )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_runs_the_same_number_of_queries_for_5_and_50_people(world, client_for, fmt):
    def count_queries():
        client = client_for(world.alice)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(EXPORT, {"format": fmt})
            b"".join(response.streaming_content)
        return len(queries)

    _add_staff(world, 5)
    few = count_queries()
    _add_staff(world, 45)
    many = count_queries()

    assert few == many
    assert few > 3


def test_export_staff_command_writes_what_the_person_may_see(world, tmp_path):
    out = io.StringIO()
    call_command("export_staff", "--as", "carol@hillcrest.example", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert {r["email"] for r in rows} == {"carol@hillcrest.example", "dave@hillcrest.example"}

    target = tmp_path / "staff.xlsx"
    call_command(
        "export_staff",
        "--as",
        "root@example.org",
        "--format",
        "xlsx",
        "--library",
        "riverside",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 4  # header + alice, sam, bob
