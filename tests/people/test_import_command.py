"""`ladder import_staff FILE --library SLUG --as EMAIL [--commit]`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from ladder.people.models import Person
from tests.people.fixtures.staff_files import csv_bytes, row


def run(*args):
    out = io.StringIO()
    call_command("import_staff", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes([row(), row(email="second@riverside.example")]))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "staff.csv"
    rows = [
        row(),
        row(email="b@riverside.example", weekly_hours="80", start_date="soon"),
        row(email="c@riverside.example", job_class="astronaut"),
    ]
    path.write_bytes(csv_bytes(rows))
    return path


def test_without_commit_it_checks_and_saves_nothing(world, good_file):
    output = run(str(good_file), "--library", "riverside", "--as", "alice@riverside.example")

    assert "People: 2 new" in output
    assert "Nothing was saved" in output
    assert not Person.objects.filter(email="second@riverside.example").exists()


def test_with_commit_it_saves_the_rows(world, good_file):
    output = run(
        str(good_file), "--library", "riverside", "--as", "alice@riverside.example", "--commit"
    )

    assert "Imported" in output
    assert Person.objects.filter(email="second@riverside.example").exists()


def test_it_prints_every_bad_row_and_fails(world, bad_file):
    out = io.StringIO()

    with pytest.raises(CommandError, match="2 rows with errors; nothing was saved"):
        call_command(
            "import_staff",
            str(bad_file),
            "--library",
            "riverside",
            "--as",
            "alice@riverside.example",
            "--commit",
            stdout=out,
        )

    output = out.getvalue()
    assert "error: line 3, weekly_hours: Hours out of range" in output
    assert "error: line 3, start_date: Bad date 'soon'" in output
    assert "error: line 4, job_class: Unknown job class 'astronaut'" in output
    assert not Person.objects.filter(email="new.page@riverside.example").exists()


def test_another_librarys_admin_is_refused(world, good_file):
    with pytest.raises(CommandError, match="admins"):
        run(str(good_file), "--library", "riverside", "--as", "carol@hillcrest.example")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--library", "atlantis", "--as", "alice@riverside.example"], "No library"),
        (["--library", "riverside", "--as", "ghost@example.org"], "No person"),
    ],
)
def test_unknown_library_or_person_is_refused(world, good_file, args, message):
    with pytest.raises(CommandError, match=message):
        run(str(good_file), *args)


def test_an_unreadable_file_is_refused(world, tmp_path):
    path = tmp_path / "staff.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")

    with pytest.raises(CommandError, match=r"Upload a \.csv or \.xlsx file"):
        run(str(path), "--library", "riverside", "--as", "alice@riverside.example")


def test_the_documented_sample_file_is_good(world, settings):
    sample = settings.BASE_DIR / "docs" / "samples" / "staff-import.csv"

    output = run(str(sample), "--library", "riverside", "--as", "alice@riverside.example")

    assert "People: 3 new" in output
    assert "error:" not in output
