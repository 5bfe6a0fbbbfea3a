"""Background tasks of the people app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ladder.core.pending_uploads import pending_delete, pending_load
from ladder.core.tasks import Progress, task
from ladder.orgs.models import Library
from ladder.people.imports import (
    ImportFileError,
    ImportRejected,
    read_table,
    staff_import_commit,
)
from ladder.people.models import Person

STAFF_IMPORT = "people.staff_import_commit"


@task(STAFF_IMPORT)
def staff_import_commit_task(
    *, progress: Progress, by_id: int, library_id: int, token: str, filename: str
) -> dict[str, Any]:
    """Commit a kept staff import, reporting progress on the job page.

    A rejected import is a normal outcome, not a failure: the job ends saying that nothing
    was saved and links back to the preview, which lists the bad rows. The row-by-row
    progress is written inside the import's transaction (all or nothing), so on PostgreSQL
    another connection sees it only at the end; the stages before and after show at once.
    """
    by = Person.objects.get(pk=by_id)
    library = Library.objects.get(pk=library_id)
    preview_url = reverse("people:import_preview")
    data = pending_load(owner=by, token=token, filename=filename)
    if data is None:
        progress(0, message="The uploaded file is gone; upload it again.")
        return {"ok": False, "redirect": reverse("people:import_start")}
    try:
        rows = read_table(filename=filename, data=data).rows
        progress(0, len(rows), message=f"Importing {len(rows)} rows into {library}")
        result = staff_import_commit(by=by, library=library, rows=rows, progress=progress)
    except ImportFileError as exc:
        progress(0, message=f"Nothing was saved: {' '.join(exc.messages)}")
        return {"ok": False, "redirect": preview_url}
    except ImportRejected as exc:
        progress(0, message=f"Nothing was saved: {exc.message}")
        return {
            "ok": False,
            "errors": [str(e) for e in exc.row_errors[:100]],
            "redirect": preview_url,
        }
    pending_delete(owner=by, token=token, filename=filename)
    counts = result.counts
    progress(
        len(rows),
        len(rows),
        message=(
            f"Imported: {counts.new_people} new and {counts.updated_people} updated people, "
            f"{counts.new_employments} new and {counts.updated_employments} updated employments"
        ),
    )
    return {"ok": True, **result.as_dict(), "redirect": directory_url(library)}


def directory_url(library: Library) -> str:
    return f"{reverse('people:directory')}?library={library.pk}"
