"""Evidence files (photos and PDFs) of reports and activity records, as the API shows and takes them.

The upload is a multipart field `file`; the services check it exactly as on the web
(core.evidence: the type is read from the file's first bytes, the size and the count are limited).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema, UploadedFile


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int = Field(..., description="bytes")
    uploaded_at: dt.datetime
    url: str = Field(..., description="the file, for a signed-in web session")


def evidence_out(evidence: Any, url: str) -> dict[str, Any]:
    return {
        "id": evidence.pk,
        "name": evidence.name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "uploaded_at": evidence.uploaded_at,
        "url": url,
    }


def required_file(upload: UploadedFile | None) -> UploadedFile:
    """The upload, or a Thai 400 naming the field when none was sent."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    return upload
