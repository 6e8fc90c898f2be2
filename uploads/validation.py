"""Checks for uploaded files: the type is read from the content, never from the name."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024

PDF = {"pdf": "application/pdf"}
OFFICE = {
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
IMAGES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}

DOCUMENTS = {**PDF, **OFFICE}
DOCUMENTS_AND_IMAGES = {**PDF, **OFFICE, **IMAGES}


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    name: str
    content_type: str
    size: int


def safe_file_name(name: str, *, extension: str) -> str:
    """A plain ASCII name without any path, ending in the extension the content showed."""
    stem = PurePath(name.replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80] or "file"
    return f"{stem}.{extension}"


def check_upload(upload: UploadedFile, *, allowed: dict[str, str], max_size: int) -> CheckedUpload:
    """Validate an upload's size and real type; raise ``ValidationError`` with a clear message."""
    if upload.size > max_size:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_size),
            },
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.extension not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an accepted kind of file. Accepted: %(kinds)s.")
            % {"name": upload.name, "kinds": ", ".join(sorted(allowed)).upper()},
            code="file_type",
        )
    return CheckedUpload(
        file=upload,
        name=safe_file_name(upload.name, extension=kind.extension),
        content_type=allowed[kind.extension],
        size=upload.size,
    )
