"""Private uploads (evidence, receipts, resources): one stored-file model, one way in, one out.

`StoredFile` is the abstract model of an uploaded file (name shown, type, size, checksum,
who and when); `attach_upload` validates an upload, stores it with its row and removes the
stored file again if the block around it fails; `serve_stored` sends a file back once the
view has found it through its own visibility rules.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

# What a file starts with, by content type: the extension alone proves nothing.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def safe_upload_name(upload: UploadedFile[bytes], fallback_stem: str = "evidence") -> str:
    """The uploaded file's name as pages show it and Content-Disposition sends it back: no
    control characters, no folders, at most 255 characters (its end, to keep the suffix)."""
    raw = Path(upload.name or "").name
    printable = "".join(ch for ch in raw if ch.isprintable()).strip()
    return (printable or f"{fallback_stem}{Path(raw).suffix.lower()}")[-255:]


def delete_stored_files(names: Iterable[str]) -> None:
    """Remove stored files (after a rollback or a delete); empty names are skipped."""
    for name in names:
        if name:
            default_storage.delete(name)


class StoredUploads:
    """The files stored inside one `removed_on_failure` block."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def store(self, field_file: FieldFile, upload: UploadedFile[bytes], name: str) -> str:
        """Write the upload to storage now (the row is saved by the caller); its stored name."""
        field_file.save(name, upload, save=False)
        stored = field_file.name or ""
        self.names.append(stored)
        return stored


@contextmanager
def removed_on_failure() -> Iterator[StoredUploads]:
    """Files stored in the block are removed again if the block fails (put the transaction
    inside it, so a failed commit removes them too)."""
    uploads = StoredUploads()
    try:
        yield uploads
    except BaseException:
        delete_stored_files(uploads.names)
        raise


def stored_file_upload_to(instance: StoredFile, filename: str) -> str:
    """A random name in the model's folder; the name people gave it is kept in a field."""
    return f"{instance.upload_folder()}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class StoredFile(models.Model):
    """An uploaded file kept under MEDIA_ROOT, outside the web root."""

    file = models.FileField(upload_to=stored_file_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def upload_folder(self) -> str:
        """The folder under MEDIA_ROOT, e.g. "evidence/<person id>"."""
        raise NotImplementedError


def upload_content_type(
    upload: UploadedFile[bytes],
    *,
    allowed: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> str:
    """The content type the file really is, or a ValidationError on the 'file' field.

    Checked by extension (one of `allowed`, by default EVIDENCE_CONTENT_TYPES), by size and
    by the first bytes of the content.
    """
    allowed = allowed if allowed is not None else settings.EVIDENCE_CONTENT_TYPES
    limit: int = max_bytes if max_bytes is not None else settings.EVIDENCE_MAX_BYTES
    suffix = Path(upload.name or "").suffix.lower()
    kinds = ", ".join(sorted({s.lstrip(".").upper() for s in allowed}))
    if suffix not in allowed:
        raise ValidationError({"file": [f"Upload a file of one of these types: {kinds}."]})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": ["The file is empty."]})
    if size > limit:
        raise ValidationError(
            {"file": [f"The file is too large: the limit is {limit // (1024 * 1024) or 1} MB."]}
        )
    content_type = allowed[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC.get(content_type, ())):
        raise ValidationError(
            {"file": [f"The file's content is not a {suffix.lstrip('.').upper()} file."]}
        )
    return content_type


def _sha256(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


S = TypeVar("S", bound=StoredFile)


@contextmanager
def attach_upload(
    *,
    stored: S,
    upload: UploadedFile[bytes],
    by: Any,
    fallback_stem: str = "evidence",
    allowed: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> Iterator[S]:
    """Validate the upload, store it and save `stored` inside a transaction; the caller's
    block (the audit entry, say) runs inside it too. If the block, the save or the commit
    fails, the stored file is removed again and the error goes on."""
    stored.content_type = upload_content_type(upload, allowed=allowed, max_bytes=max_bytes)
    stored.original_name = safe_upload_name(upload, fallback_stem)
    stored.size = upload.size or 0
    stored.sha256 = _sha256(upload)
    stored.uploaded_by = by
    with removed_on_failure() as uploads, transaction.atomic():
        uploads.store(stored.file, upload, stored.original_name)
        stored.save()
        yield stored


def serve_stored(field_file: FieldFile, *, filename: str, content_type: str = "") -> FileResponse:
    """The file as a download, for a view that has already checked who may see it.

    Without a content type, the type is the one EVIDENCE_CONTENT_TYPES gives the suffix.
    """
    if not field_file:
        raise Http404("No file")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc
    if not content_type:
        types: dict[str, str] = settings.EVIDENCE_CONTENT_TYPES
        content_type = types.get(Path(field_file.name or "").suffix.lower(), "")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
