"""The import pages: upload, preview with every bad row, commit (inline or as a job)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ladder.core.models import Job
from ladder.people.models import Employment, Person
from ladder.people.views_io import SESSION_KEY
from tests.people.fixtures.staff_files import csv_bytes, row

START = reverse("people:import_start")
PREVIEW = reverse("people:import_preview")
COMMIT = reverse("people:import_commit")


def upload(client, library, data, name="staff.csv"):
    return client.post(START, {"library": library.pk, "file": SimpleUploadedFile(name, data)})


def pending_files(settings):
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_library_admin_sees_the_upload_page_with_only_their_library(world, client_for):
    response = client_for(world.alice).get(START)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Riverside Public Library" in html
    assert "Hillcrest College Library" not in html


@pytest.mark.parametrize("who", ["bob", "sam", "nina"])
def test_people_who_are_not_library_admins_get_403(world, client_for, who):
    client = client_for(getattr(world, who))

    assert client.get(START).status_code == 403
    assert client.get(PREVIEW).status_code == 403
    assert client.post(COMMIT).status_code == 403


def test_another_librarys_admin_cannot_upload_into_riverside(world, client_for):
    response = upload(client_for(world.carol), world.riverside, csv_bytes([row()]))

    assert response.status_code == 403
    assert not Person.objects.filter(email="new.page@riverside.example").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(START)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_upload_preview_commit_imports_the_file(world, client_for, settings):
    client = client_for(world.alice)

    response = upload(client, world.riverside, csv_bytes([row()]))
    assert response.status_code == 302
    assert response["Location"] == PREVIEW
    assert len(pending_files(settings)) == 1

    page = client.get(PREVIEW)
    assert page.status_code == 200
    assert b"Commit import" in page.content
    assert not Person.objects.filter(email="new.page@riverside.example").exists()

    token = client.session[SESSION_KEY]["token"]
    done = client.post(COMMIT, {"token": token})

    assert done.status_code == 302
    assert done["Location"].startswith(reverse("people:directory"))
    assert Employment.objects.filter(person__email="new.page@riverside.example").exists()
    assert pending_files(settings) == []
    assert SESSION_KEY not in client.session


def test_preview_lists_every_bad_row_and_offers_no_commit(world, client_for):
    client = client_for(world.alice)
    rows = [row(), row(email="b@riverside.example", weekly_hours="99", job_class="astronaut")]
    upload(client, world.riverside, csv_bytes(rows))

    page = client.get(PREVIEW)

    html = page.content.decode()
    assert "1 row with errors" in html
    assert "Hours out of range" in html
    assert "Unknown job class" in html
    assert "Commit import" not in html


def test_committing_a_bad_file_anyway_saves_nothing(world, client_for):
    client = client_for(world.alice)
    rows = [row(), row(email="b@riverside.example", weekly_hours="99")]
    upload(client, world.riverside, csv_bytes(rows))

    response = client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]}, follow=True)

    assert "nothing was saved" in response.content.decode()
    assert not Person.objects.filter(email="new.page@riverside.example").exists()


def test_a_wrong_file_type_is_an_error_on_the_file_field(world, client_for):
    response = upload(client_for(world.alice), world.riverside, b"%PDF-1.4", name="staff.pdf")

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file" in response.content.decode()
    assert "usa-form-group--error" in response.content.decode()


def test_missing_columns_are_named(world, client_for):
    response = upload(client_for(world.alice), world.riverside, b"email,name\na@b.org,A\n")

    assert "Missing required columns" in response.content.decode()
    assert "first_name" in response.content.decode()


def test_a_commit_with_a_stale_token_saves_nothing(world, client_for):
    client = client_for(world.alice)
    upload(client, world.riverside, csv_bytes([row()]))

    response = client.post(COMMIT, {"token": "not-the-token"})

    assert response.status_code == 302
    assert response["Location"] == START
    assert not Person.objects.filter(email="new.page@riverside.example").exists()


def test_preview_without_an_upload_goes_back_to_the_start(world, client_for):
    response = client_for(world.alice).get(PREVIEW)

    assert response.status_code == 302
    assert response["Location"] == START


def test_a_new_upload_replaces_the_waiting_one(world, client_for, settings):
    client = client_for(world.alice)
    upload(client, world.riverside, csv_bytes([row()]))
    upload(client, world.riverside, csv_bytes([row(email="other@riverside.example")]))

    assert len(pending_files(settings)) == 1


def test_a_large_import_runs_as_a_job_with_progress(world, client_for, monkeypatch, settings):
    monkeypatch.setattr("ladder.people.views_io.INLINE_MAX_ROWS", 1)
    client = client_for(world.alice)
    rows = [row(email=f"p{i}@riverside.example") for i in range(3)]
    upload(client, world.riverside, csv_bytes(rows))

    response = client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})

    job = Job.objects.get(owner=world.alice)
    assert response["Location"] == reverse("job_status", args=[job.pk])
    assert job.state == Job.State.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.result["new_people"] == 3
    assert (
        Person.objects.filter(email__startswith="p", email__endswith="@riverside.example").count()
        == 3
    )
    assert pending_files(settings) == []
    assert client.get(response["Location"]).status_code == 200


def test_a_rejected_job_says_nothing_was_saved(world, client_for, monkeypatch):
    monkeypatch.setattr("ladder.people.views_io.INLINE_MAX_ROWS", 1)
    client = client_for(world.alice)
    upload(client, world.riverside, csv_bytes([row(), row(email="b@riverside.example")]))
    token = client.session[SESSION_KEY]["token"]
    # The branch disappears between preview and commit.
    world.riverside_east.delete()

    client.post(COMMIT, {"token": token})

    job = Job.objects.get(owner=world.alice)
    assert job.result["ok"] is False
    assert "Nothing was saved" in job.message
    assert not Person.objects.filter(email="b@riverside.example").exists()


def test_site_admin_may_import_into_any_library(world, client_for):
    client = client_for(world.root)
    hillcrest_row = row(branch="Hillcrest Library", supervisor_email="carol@hillcrest.example")
    upload(client, world.hillcrest, csv_bytes([hillcrest_row]))

    client.post(COMMIT, {"token": client.session[SESSION_KEY]["token"]})

    assert (
        Employment.objects.get(person__email="new.page@riverside.example").library
        == world.hillcrest
    )


def test_uploads_abandoned_for_a_day_are_removed(world, client_for, settings):
    client = client_for(world.alice)
    upload(client, world.riverside, csv_bytes([row()]))
    (old,) = pending_files(settings)
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))

    upload(client_for(world.carol), world.hillcrest, csv_bytes([row(branch="")]))

    assert old not in pending_files(settings)
    assert len(pending_files(settings)) == 1
