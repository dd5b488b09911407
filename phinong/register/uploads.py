"""An uploaded register file waiting between its preview and its confirmation.

The file is kept on disk under a random token with a small JSON note of who uploaded it for which
programme. Only its uploader can see it; it is deleted when confirmed or cancelled, and any left
behind are deleted after a day.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Upload:
    token: str
    user_id: int
    programme_id: int
    filename: str
    checksum: str

    @property
    def path(self) -> Path:
        return _folder() / f"{self.token}.bin"

    def data(self) -> bytes:
        return self.path.read_bytes()


def _folder() -> Path:
    folder = Path(settings.PHINONG_IMPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(*, data: bytes, user_id: int, programme_id: int, filename: str, checksum: str) -> Upload:
    _sweep()
    upload = Upload(secrets.token_urlsafe(18), user_id, programme_id, filename[:200], checksum)
    upload.path.write_bytes(data)
    note = _folder() / f"{upload.token}.json"
    note.write_text(json.dumps(upload.__dict__), encoding="utf-8")
    return upload


def load(token: str, *, user_id: int, programme_id: int) -> Upload:
    """The upload with this token, if this user made it for this programme; else 404."""
    if not token.replace("-", "").replace("_", "").isalnum():
        raise Http404
    note = _folder() / f"{token}.json"
    try:
        upload = Upload(**json.loads(note.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise Http404 from exc
    if upload.user_id != user_id or upload.programme_id != programme_id or not upload.path.exists():
        raise Http404
    return upload


def discard(upload: Upload) -> None:
    for path in (upload.path, _folder() / f"{upload.token}.json"):
        path.unlink(missing_ok=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in _folder().glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
