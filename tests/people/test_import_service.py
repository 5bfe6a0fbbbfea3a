"""staff_import_preview / staff_import_commit: every bad row reported, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ladder.core.models import AuditEntry
from ladder.people.imports import (
    ImportFileError,
    ImportRejected,
    staff_import_commit,
    staff_import_preview,
)
from ladder.people.models import Employment, Person
from tests import factories as f
from tests.people.fixtures.staff_files import csv_bytes, row, xlsx_bytes


def preview(world, rows, *, by=None, library=None, filename="staff.csv"):
    data = rows if isinstance(rows, bytes) else csv_bytes(rows)
    return staff_import_preview(
        by=by or world.alice, library=library or world.riverside, filename=filename, data=data
    )


def commit(world, rows, *, by=None, library=None):
    result = preview(world, rows, by=by, library=library)
    return staff_import_commit(
        by=by or world.alice, library=library or world.riverside, rows=result.rows
    )


def errors_of(result):
    return [(e.line, e.column) for e in result.errors]


# --- a good file ----------------------------------------------------------------------------


def test_good_file_previews_what_it_would_do_and_saves_nothing(world):
    rows = [
        row(),
        row(
            email="bob@riverside.example",
            first_name="Bob",
            last_name="Page",
            branch="Riverside Main",
            weekly_hours="15",
            start_date="2019-03-01",
        ),
    ]

    result = preview(world, rows)

    assert result.ok
    assert result.counts.new_people == 1
    assert result.counts.unchanged_people == 1
    assert result.counts.new_employments == 1
    assert result.counts.unchanged_employments == 1
    assert not Person.objects.filter(email="new.page@riverside.example").exists()


def test_commit_creates_the_person_and_the_employment(world):
    commit(world, [row()])

    person = Person.objects.get(email="new.page@riverside.example")
    job = Employment.objects.get(person=person)
    assert (person.first_name, person.last_name) == ("Nora", "New")
    assert job.library == world.riverside
    assert job.branch == world.riverside_east
    assert job.job_class == world.page
    assert job.weekly_hours == Decimal("12")
    assert job.start_date == dt.date(2024, 1, 8)
    assert job.supervisor == world.sam
    assert job.benefits_eligible is False


def test_commit_leaves_an_audit_trail(world):
    commit(world, [row()])

    actions = set(AuditEntry.objects.filter(actor=world.alice).values_list("action", flat=True))
    assert {
        "people.person.created",
        "people.employment.created",
        "people.staff_import.committed",
    } <= actions


def test_us_dates_and_job_class_names_are_accepted(world):
    commit(world, [row(start_date="1/8/2024", job_class="Page")])

    job = Employment.objects.get(person__email="new.page@riverside.example")
    assert job.start_date == dt.date(2024, 1, 8)
    assert job.job_class == world.page


def test_headers_are_case_insensitive_and_unknown_columns_are_ignored(world):
    data = (
        b"E-mail,First Name,LAST_NAME,Job Class,Weekly Hours,Start Date,Shoe size\n"
        b"new.page@riverside.example,Nora,New,page,12,2024-01-08,38\n"
    )

    result = preview(world, data)

    assert result.ok
    assert result.ignored_columns == ["Shoe size"]


def test_xlsx_file_with_date_and_number_cells_imports_like_csv(world):
    data = xlsx_bytes(
        [
            ["email", "first_name", "last_name", "job_class", "weekly_hours", "start_date"],
            ["new.page@riverside.example", "Nora", "New", "page", 12.5, dt.datetime(2024, 1, 8)],
        ]
    )

    result = preview(world, data, filename="staff.xlsx")
    staff_import_commit(by=world.alice, library=world.riverside, rows=result.rows)

    job = Employment.objects.get(person__email="new.page@riverside.example")
    assert job.weekly_hours == Decimal("12.5")
    assert job.start_date == dt.date(2024, 1, 8)


def test_xlsx_bad_rows_report_the_sheet_row_number(world):
    data = xlsx_bytes(
        [
            ["email", "first_name", "last_name", "job_class", "weekly_hours", "start_date"],
            ["new.page@riverside.example", "Nora", "New", "page", 12, "2024-01-08"],
            ["other@riverside.example", "Otto", "Other", "page", 99, "2024-01-08"],
        ]
    )

    result = preview(world, data, filename="staff.xlsx")

    assert errors_of(result) == [(3, "weekly_hours")]


def test_a_supervisor_new_in_the_file_is_set_even_when_listed_after_the_report(world):
    rows = [
        row(supervisor_email="boss@riverside.example"),
        row(
            email="boss@riverside.example",
            first_name="Bea",
            last_name="Boss",
            job_class="branch-manager",
            weekly_hours="40",
            supervisor_email="",
        ),
    ]

    commit(world, rows)

    job = Employment.objects.get(person__email="new.page@riverside.example")
    assert job.supervisor.email == "boss@riverside.example"


# --- bad rows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"library": "Nowhere Library"}, "library", "Unknown library"),
        ({"branch": "Atlantis"}, "branch", "Unknown branch"),
        ({"start_date": "2024-13-45"}, "start_date", "Bad date"),
        ({"start_date": "next week"}, "start_date", "Bad date"),
        ({"end_date": "2020-01-01"}, "end_date", "before the start date"),
        ({"weekly_hours": "75"}, "weekly_hours", "Hours out of range"),
        ({"weekly_hours": "0"}, "weekly_hours", "Hours out of range"),
        ({"weekly_hours": "lots"}, "weekly_hours", "not a number"),
        ({"weekly_hours": "12.25"}, "weekly_hours", "one decimal place"),
        ({"job_class": "astronaut"}, "job_class", "Unknown job class"),
        ({"email": "not-an-address"}, "email", "not a valid e-mail"),
        ({"first_name": ""}, "first_name", "required"),
        ({"benefits_eligible": "maybe"}, "benefits_eligible", "not yes or no"),
        ({"supervisor_email": "ghost@example.org"}, "supervisor_email", "Unknown supervisor"),
        ({"supervisor_email": "dave@hillcrest.example"}, "supervisor_email", "Unknown supervisor"),
        ({"supervisor_email": "new.page@riverside.example"}, "supervisor_email", "own supervisor"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_line_column_and_reason(world, cells, column, reason):
    header = [*row(), "library", "end_date"]

    result = preview(world, csv_bytes([row(**cells)], header=header))

    assert [(e.line, e.column) for e in result.errors] == [(2, column)]
    assert reason in result.errors[0].message


def test_duplicate_email_is_an_error_on_the_later_row(world):
    rows = [row(), row(first_name="Again"), row(email="NEW.PAGE@riverside.example")]

    result = preview(world, rows)

    assert errors_of(result) == [(3, "email"), (4, "email")]
    assert "already on line 2" in result.errors[0].message


def test_a_row_with_several_problems_lists_every_one(world):
    rows = [
        row(),
        row(
            email="x@riverside.example",
            branch="Atlantis",
            job_class="astronaut",
            weekly_hours="99",
            start_date="31/31/2024",
        ),
    ]

    result = preview(world, rows)

    assert errors_of(result) == [
        (3, "branch"),
        (3, "job_class"),
        (3, "weekly_hours"),
        (3, "start_date"),
    ]
    assert result.bad_lines == 1


def test_line_numbers_count_quoted_line_breaks(world):
    data = (
        b"email,first_name,last_name,job_class,weekly_hours,start_date\n"
        b'"a@riverside.example","Ann","Two\nLines",page,10,2024-01-08\n'
        b"b@riverside.example,Ben,Bad,page,100,2024-01-08\n"
    )

    result = preview(world, data)

    assert errors_of(result) == [(4, "weekly_hours")]


def test_supervisors_who_supervise_each_other_are_an_error(world):
    rows = [
        row(email="a@riverside.example", supervisor_email="b@riverside.example"),
        row(email="b@riverside.example", supervisor_email="a@riverside.example"),
    ]

    result = preview(world, rows)

    assert [e.column for e in result.errors] == ["supervisor_email"]
    assert "loop" in result.errors[0].message


def test_one_bad_row_means_nothing_is_saved(world):
    rows = [
        row(),
        row(email="second@riverside.example"),
        row(email="bad@riverside.example", weekly_hours="90"),
    ]
    people, jobs, audits = (
        Person.objects.count(),
        Employment.objects.count(),
        AuditEntry.objects.count(),
    )
    result = preview(world, rows)

    with pytest.raises(ImportRejected) as caught:
        staff_import_commit(by=world.alice, library=world.riverside, rows=result.rows)

    assert [(e.line, e.column) for e in caught.value.row_errors] == [(4, "weekly_hours")]
    assert Person.objects.count() == people
    assert Employment.objects.count() == jobs
    assert AuditEntry.objects.count() == audits


def test_commit_validates_again_and_refuses_a_file_gone_stale(world):
    result = preview(world, [row(), row(email="second@riverside.example")])
    assert result.ok
    # Between preview and commit, the branch is renamed.
    world.riverside_east.name = "East Side"
    world.riverside_east.save()

    with pytest.raises(ImportRejected) as caught:
        staff_import_commit(by=world.alice, library=world.riverside, rows=result.rows)

    assert {(e.line, e.column) for e in caught.value.row_errors} == {(2, "branch"), (3, "branch")}
    assert not Person.objects.filter(
        email__endswith="@riverside.example", first_name="Nora"
    ).exists()


# --- importing again ------------------------------------------------------------------------


def test_importing_the_same_file_again_updates_and_never_duplicates(world):
    commit(world, [row()])
    people, jobs = Person.objects.count(), Employment.objects.count()

    again = preview(world, [row(weekly_hours="20", first_name="Norah")])
    staff_import_commit(by=world.alice, library=world.riverside, rows=again.rows)

    assert again.counts.updated_people == 1
    assert again.counts.updated_employments == 1
    assert again.counts.new_people == again.counts.new_employments == 0
    assert (Person.objects.count(), Employment.objects.count()) == (people, jobs)
    job = Employment.objects.get(person__email="new.page@riverside.example")
    assert job.weekly_hours == Decimal("20")
    assert job.person.first_name == "Norah"


def test_an_unchanged_file_changes_nothing(world):
    commit(world, [row()])
    audits = AuditEntry.objects.exclude(action="people.staff_import.committed").count()

    again = preview(world, [row()])
    staff_import_commit(by=world.alice, library=world.riverside, rows=again.rows)

    assert again.counts.unchanged_people == again.counts.unchanged_employments == 1
    assert AuditEntry.objects.exclude(action="people.staff_import.committed").count() == audits


def test_a_new_start_date_is_a_new_employment_and_is_flagged(world):
    bob_row = row(
        email="bob@riverside.example",
        first_name="Bob",
        last_name="Page",
        branch="Riverside Main",
        job_class="library-assistant",
        weekly_hours="30",
        start_date="2024-06-01",
    )

    result = preview(world, [bob_row])
    staff_import_commit(by=world.alice, library=world.riverside, rows=result.rows)

    assert result.counts.new_employments == 1
    assert [n.column for n in result.notices] == ["job_class"]
    assert world.bob.employments.count() == 2


def test_a_missing_optional_column_keeps_the_recorded_value(world):
    bob = (
        b"email,first_name,last_name,job_class,weekly_hours,start_date\n"
        b"bob@riverside.example,Bob,Page,page,18,2019-03-01\n"
    )

    commit(world, bob)

    job = world.bob.employments.get()
    assert job.weekly_hours == Decimal("18")
    assert job.supervisor == world.sam
    assert job.branch == world.riverside_main


def test_an_empty_optional_cell_clears_the_value(world):
    bob = row(
        email="bob@riverside.example",
        first_name="Bob",
        last_name="Page",
        branch="",
        weekly_hours="15",
        start_date="2019-03-01",
        supervisor_email="",
    )

    commit(world, [bob])

    job = world.bob.employments.get()
    assert job.supervisor is None
    assert job.branch is None


# --- people from elsewhere ------------------------------------------------------------------


def test_a_library_admin_cannot_pull_in_another_librarys_employee(world):
    dave = row(email="dave@hillcrest.example", first_name="Dave", last_name="Assist")

    result = preview(world, [dave])

    assert errors_of(result) == [(2, "email")]
    assert "only a site admin" in result.errors[0].message


def test_a_site_admin_may_add_a_second_job_at_another_library(world):
    dave = row(email="dave@hillcrest.example", first_name="Dave", last_name="Assist")

    commit(world, [dave], by=world.root)

    assert sorted(world.dave.employments.values_list("library__slug", flat=True)) == [
        "hillcrest",
        "riverside",
    ]


def test_an_existing_profile_the_admin_does_not_manage_keeps_its_name(world):
    # Riverside added Nell once; she has a login but no job anywhere: alice may employ her,
    # not rename her.
    nell = f.PersonFactory(
        email="nell@riverside.example", first_name="Nell", added_by_library=world.riverside
    )
    result = preview(world, [row(email=nell.email, first_name="Renamed", last_name="Person")])
    staff_import_commit(by=world.alice, library=world.riverside, rows=result.rows)

    nell.refresh_from_db()
    assert nell.first_name == "Nell"
    assert [n.column for n in result.notices] == ["email"]
    assert nell.employments.get().library == world.riverside


def test_a_coordinator_with_no_job_is_not_pulled_in_by_an_import(world):
    # nina coordinates the network: only the site admin gives a role-holder a job.
    result = preview(world, [row(email="nina@buckeye.example", first_name="Nina", last_name="C")])
    assert errors_of(result) == [(2, "email")]
    assert not world.nina.employments.exists()


def test_a_librarys_own_job_class_wins_over_the_network_template(world):
    own = f.JobClassFactory(name="Page", code="page", library=world.riverside)

    commit(world, [row()])

    assert Employment.objects.get(person__email="new.page@riverside.example").job_class == own


# --- permissions ----------------------------------------------------------------------------


def test_another_librarys_admin_cannot_import_into_riverside(world):
    with pytest.raises(PermissionDenied):
        preview(world, [row()], by=world.carol)
    with pytest.raises(PermissionDenied):
        staff_import_commit(by=world.carol, library=world.riverside, rows=[])


@pytest.mark.parametrize("who", ["bob", "sam", "nina"])
def test_staff_supervisors_and_coordinators_cannot_import(world, who):
    with pytest.raises(PermissionDenied):
        preview(world, [row()], by=getattr(world, who))


# --- unreadable files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("staff.pdf", b"%PDF-1.4", "Upload a .csv or .xlsx file"),
        ("staff.csv", b"", "empty"),
        ("staff.csv", b"email,first_name\nx@y.org,X\n", "Missing required columns"),
        (
            "staff.csv",
            b"email,first_name,last_name,job_class,weekly_hours,start_date\n",
            "no staff rows",
        ),
        ("staff.xlsx", b"email,first_name\n", "cannot be read as an XLSX"),
        ("staff.xlsx", b"PK\x03\x04garbage", "cannot be read as an XLSX"),
        ("staff.csv", b"PK\x03\x04garbage", "not CSV text"),
        (
            "staff.csv",
            b"email,email,first_name,last_name,job_class,weekly_hours,start_date\n",
            "appears twice",
        ),
    ],
)
def test_unreadable_files_say_what_is_wrong(world, filename, data, message):
    with pytest.raises(ImportFileError) as caught:
        preview(world, data, filename=filename)

    assert message in " ".join(caught.value.messages)


def test_a_file_over_the_size_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr("ladder.people.imports.MAX_UPLOAD_BYTES", 100)

    with pytest.raises(ImportFileError) as caught:
        preview(world, [row(), row(email="b@riverside.example")])

    assert "larger than" in caught.value.messages[0]


def test_a_windows_encoded_csv_is_read(world):
    data = (
        "email,first_name,last_name,job_class,weekly_hours,start_date\n"
        "jose@riverside.example,José,Núñez,page,10,2024-01-08\n"
    ).encode("cp1252")

    commit(world, data)

    assert Person.objects.get(email="jose@riverside.example").last_name == "Núñez"


# --- cost -----------------------------------------------------------------------------------


def test_preview_runs_the_same_number_of_queries_for_5_and_50_rows(world):
    def count_queries(n):
        rows = [row(email=f"p{i}@riverside.example") for i in range(n)]
        rows.append(
            row(
                email="bob@riverside.example",
                first_name="Bob",
                last_name="Page",
                branch="Riverside Main",
                weekly_hours="15",
                start_date="2019-03-01",
            )
        )
        with CaptureQueriesContext(connection) as queries:
            preview(world, rows)
        return len(queries)

    count_queries(1)  # the first call also works out alice's access, then caches it
    assert count_queries(5) == count_queries(50)


def test_a_row_for_another_known_library_is_left_out_with_a_notice(world):
    header = [*row(), "library"]
    result = preview(
        world, csv_bytes([row(library="hillcrest"), row(email="x@y.example")], header=header)
    )
    assert result.ok
    assert [(n.line, n.column) for n in result.notices if n.column == "library"] == [(2, "library")]
    assert result.counts.new_people == 1


def test_two_rows_of_one_new_person_make_two_employments(world):
    rows = [
        row(),
        row(job_class="library-assistant", weekly_hours="8", start_date="2024-02-01"),
    ]
    result = commit(world, rows)
    assert result.counts.new_people == 1 and result.counts.new_employments == 2
    person = Person.objects.get(email="new.page@riverside.example")
    assert person.employments.count() == 2


def test_one_persons_rows_must_agree_on_the_name(world):
    rows = [row(), row(first_name="Other", job_class="library-assistant")]
    result = preview(world, rows)
    assert errors_of(result) == [(3, "email")]
    assert "with another name or phone" in result.errors[0].message
