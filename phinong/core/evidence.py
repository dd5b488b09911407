"""Evidence files (photos and PDFs) attached to reports and activity records: what is accepted.

The type is read from the file's first bytes, never from its name or the browser's word for it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from phinong.core.formatting import num

TYPES = {
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"%PDF-": ("application/pdf", ".pdf"),
}
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20


def check(upload: UploadedFile, *, files_so_far: int) -> tuple[str, str]:
    """(content type, file suffix) of an acceptable upload; else a ValidationError on `file`."""
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationError(
            {"file": _("A file may be at most %(mb)s MB.") % {"mb": MAX_BYTES // 2**20}}
        )
    if files_so_far >= MAX_FILES:
        raise ValidationError(
            {"file": _("A report holds at most %(n)s files.") % {"n": num(MAX_FILES)}}
        )
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for magic, kind in TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"file": _("Only photos (JPEG, PNG) and PDF files are accepted.")})
    return kind
