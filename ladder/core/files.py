"""Private uploads (evidence, receipts, resources): the names people see and clean-up."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile


def safe_upload_name(upload: UploadedFile[bytes], fallback_stem: str = "evidence") -> str:
    """The uploaded file's name as pages show it and Content-Disposition sends it back: no
    control characters, no folders, at most 255 characters (its end, to keep the suffix)."""
    raw = Path(upload.name or "").name
    printable = "".join(ch for ch in raw if ch.isprintable()).strip()
    return (printable or f"{fallback_stem}{Path(raw).suffix.lower()}")[-255:]


def delete_stored_files(names: Iterable[str]) -> None:
    """Remove stored files (after a rollback or a delete); empty names are skipped."""
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)
