"""Staff import (upload, preview, commit) and the directory's CSV/XLSX export."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib import messages
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladder.core import tabular
from ladder.core.access import Access, access_for
from ladder.core.http import AuthedRequest
from ladder.core.pending_uploads import pending_delete, pending_load, pending_save
from ladder.core.policies import library_admin, permission, require, signed_in
from ladder.core.tasks import enqueue
from ladder.orgs.models import Library
from ladder.people import exports
from ladder.people.forms import UswdsMixin
from ladder.people.imports import (
    MAX_UPLOAD_BYTES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ImportFileError,
    ImportRejected,
    check_upload_size,
    read_table,
    staff_import_commit,
    staff_import_preview,
)
from ladder.people.jobs import STAFF_IMPORT, directory_url
from ladder.people.policies import can_import_staff
from ladder.people.selectors import people_visible_to

SESSION_KEY = "people_staff_import"
# Bigger imports run as a background job whose progress the job page shows.
INLINE_MAX_ROWS = 200


class StaffImportForm(UswdsMixin, forms.Form):
    library = forms.ModelChoiceField(queryset=Library.objects.all(), empty_label=None)
    file = forms.FileField(
        label="Staff file",
        help_text=f"A .csv or .xlsx file of at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
    )

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        libraries = Library.objects.order_by("name")
        if not access.is_site_admin:
            libraries = libraries.filter(pk__in=access.admin_library_ids)
        # Offer only the user's libraries, but accept any id, so that a forbidden library
        # is refused by the service (403) rather than hidden behind a form error.
        field: Any = self.fields["library"]
        field.widget.choices = [(lib.pk, lib.name) for lib in libraries]
        self.style_fields()


def _pending(request: AuthedRequest) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY)
    return pending if isinstance(pending, dict) else None


def _forget(request: AuthedRequest, pending: dict[str, Any]) -> None:
    pending_delete(owner=request.user, token=pending["token"], filename=pending["filename"])
    request.session.pop(SESSION_KEY, None)


@permission(library_admin)
@require_http_methods(["GET", "POST"])
def import_start(request: AuthedRequest) -> HttpResponse:
    access = access_for(request.user)
    form = StaffImportForm(request.POST or None, request.FILES or None, access=access)
    if request.method == "POST" and form.is_valid():
        library: Library = form.cleaned_data["library"]
        require(can_import_staff, access, library)
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size or 0)
            data = upload.read()
            read_table(filename=upload.name, data=data)
        except ImportFileError as exc:
            form.add_error("file", exc.messages)
        else:
            previous = _pending(request)
            if previous:
                _forget(request, previous)
            token = pending_save(owner=request.user, filename=upload.name, data=data)
            request.session[SESSION_KEY] = {
                "token": token,
                "library_id": library.pk,
                "filename": upload.name,
            }
            return redirect("people:import_preview")
    context = {
        "form": form,
        "required_columns": REQUIRED_COLUMNS,
        "optional_columns": OPTIONAL_COLUMNS,
    }
    return render(request, "people/import_start.html", context)


@permission(library_admin)
@require_GET
def import_preview(request: AuthedRequest) -> HttpResponse:
    pending = _pending(request)
    data = None
    if pending is not None:
        data = pending_load(
            owner=request.user, token=pending["token"], filename=pending["filename"]
        )
    if pending is None or data is None:
        messages.info(request, "There is no import waiting: upload a file to start one.")
        return redirect("people:import_start")
    library = get_object_or_404(Library, pk=pending["library_id"])
    preview = staff_import_preview(
        by=request.user, library=library, filename=pending["filename"], data=data
    )
    context = {
        "preview": preview,
        "token": pending["token"],
        "runs_in_background": len(preview.rows) > INLINE_MAX_ROWS,
    }
    return render(request, "people/import_preview.html", context)


@permission(library_admin)
@require_POST
def import_commit(request: AuthedRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, "That import is no longer waiting; upload the file again.")
        return redirect("people:import_start")
    by = request.user
    library = get_object_or_404(Library, pk=pending["library_id"])
    data = pending_load(owner=by, token=pending["token"], filename=pending["filename"])
    if data is None:
        messages.error(request, "The uploaded file is gone; upload it again.")
        return redirect("people:import_start")
    rows = read_table(filename=pending["filename"], data=data).rows
    if len(rows) > INLINE_MAX_ROWS:
        job = enqueue(
            STAFF_IMPORT,
            owner=by,
            by_id=by.pk,
            library_id=library.pk,
            token=pending["token"],
            filename=pending["filename"],
        )
        assert job is not None
        return redirect("job_status", job_id=job.pk)
    try:
        result = staff_import_commit(by=by, library=library, rows=rows)
    except ImportRejected as exc:
        messages.error(request, exc.message)
        return redirect("people:import_preview")
    _forget(request, pending)
    counts = result.counts
    messages.success(
        request,
        f"Imported into {library}: {counts.new_people} new and {counts.updated_people} updated "
        f"people, {counts.new_employments} new and {counts.updated_employments} updated "
        "employments.",
    )
    return redirect(directory_url(library))


@permission(signed_in, scope=people_visible_to)
@require_GET
def directory_export(request: AuthedRequest) -> HttpResponseBase:
    """The directory as the user sees it (same filters), as CSV or XLSX."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("format must be csv or xlsx", content_type="text/plain")
    access = access_for(request.user)
    rows = exports.export_rows(access, **exports.ExportFilters(access, request.GET).as_kwargs())
    filename = exports.export_filename(fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            tabular.csv_chunks(rows), content_type=tabular.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # A spooled file keeps a large workbook off the heap.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    tabular.write_xlsx({"Staff": rows}, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=filename, content_type=tabular.CONTENT_TYPES["xlsx"]
    )
