from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import Cast, tambon
from phinong.lessons import services
from phinong.lessons.models import Lesson
from phinong.programmes.models import Pair, Programme

TEXT = {
    "background": "ตำบลเมืองเริ่มทำธนาคารอาหารชุมชนเมื่อปี 2564",
    "process": "ประชุมผู้นำ 15 คน แล้วลงมือทำโคก หนอง นา",
    "results": "ครัวเรือน 120 ครัวเรือนลดรายจ่ายได้",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lesson(cast: Cast, phase2: Programme, pair_a1: Pair) -> Lesson:
    """420102's draft, written by the district."""
    return services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values=TEXT,
    )


def picture(
    fmt: str = "JPEG", size: tuple[int, int] = (800, 600), exif: bool = False, name: str = ""
) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (40, 120, 60))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x0112] = 6  # Orientation: rotate 90 degrees
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    suffix = ".png" if fmt == "PNG" else ".jpg"
    return SimpleUploadedFile(name or f"photo{suffix}", out.getvalue())
