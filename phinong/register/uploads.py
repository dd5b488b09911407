"""An uploaded register file waiting between its preview and its confirmation.

Only its uploader can open it, for the programme it was uploaded to; anyone else gets 404. It is
deleted when confirmed (by the request, or by the job that saves a large file) or cancelled, and
any left behind are deleted after a day.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.http import Http404
from django.utils import timezone

from phinong.register.models import PendingUpload

MAX_AGE = dt.timedelta(days=1)


def save(
    *, data: bytes, user_id: int, programme_id: int, filename: str, checksum: str
) -> PendingUpload:
    PendingUpload.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
    return PendingUpload.objects.create(
        token=secrets.token_urlsafe(18),
        user_id=user_id,
        programme_id=programme_id,
        filename=filename[:200],
        checksum=checksum,
        data=data,
    )


def find(token: str, *, user_id: int, programme_id: int) -> PendingUpload | None:
    """The upload with this token, if this user made it for this programme; else None."""
    return PendingUpload.objects.filter(
        token=token, user_id=user_id, programme_id=programme_id
    ).first()


def load(token: str, *, user_id: int, programme_id: int) -> PendingUpload:
    """The upload with this token, if this user made it for this programme; else 404."""
    upload = find(token, user_id=user_id, programme_id=programme_id)
    if upload is None:
        raise Http404
    return upload


def discard(upload: PendingUpload) -> None:
    upload.delete()
