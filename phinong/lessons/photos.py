"""Photos of a write-up, judged by their content and stored as our own re-encoding.

core.images checks the upload (JPEG or PNG within MAX_BYTES, sides within MIN_SIDE..MAX_SIDE) and
turns it upright. What is stored is the pixels alone, scaled down to STORED_SIDE and encoded again:
a JPEG stays a JPEG (quality 85), a PNG a PNG. The booklet prints a smaller JPEG copy
(`print_copy`, PRINT_SIDE), made once and removed with the photo.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from phinong.core.formatting import num
from phinong.core.images import Limits, open_image

if TYPE_CHECKING:
    from phinong.lessons.models import LessonPhoto

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 12  # per write-up; the booklet prints them all
MIN_SIDE, MAX_SIDE = 64, 12_000  # pixels, as the file's header declares them
MAX_PIXELS = 60_000_000
STORED_SIDE = 1600  # enough for a half page of the booklet at 200 dpi, and for a phone
LIMITS = Limits(max_bytes=MAX_BYTES, min_side=MIN_SIDE, max_side=MAX_SIDE, max_pixels=MAX_PIXELS)


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    suffix: str
    width: int
    height: int


def clean(upload: UploadedFile, *, photos_so_far: int) -> CleanPhoto:
    """The upload re-encoded, or a ValidationError on `image` saying what is wrong, in Thai."""
    if photos_so_far >= MAX_PHOTOS:
        raise ValidationError(
            {"image": _("A write-up holds at most %(n)s photos.") % {"n": num(MAX_PHOTOS)}}
        )
    opened = open_image(upload, limits=LIMITS)
    pixels, kind = opened.pixels, opened.kind
    out = io.BytesIO()
    if kind == "PNG":
        mode = (
            "RGBA"
            if pixels.mode in ("RGBA", "LA", "PA") or "transparency" in pixels.info
            else "RGB"
        )
        pixels = pixels.convert(mode)
        pixels.thumbnail((STORED_SIDE, STORED_SIDE))
        pixels.save(out, format="PNG", optimize=True)
        content_type, suffix = "image/png", ".png"
    else:
        pixels = pixels.convert("RGB")
        pixels.thumbnail((STORED_SIDE, STORED_SIDE))
        pixels.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        content_type, suffix = "image/jpeg", ".jpg"
    return CleanPhoto(out.getvalue(), content_type, suffix, pixels.width, pixels.height)


# --- the booklet's copy ---------------------------------------------------------------------------

PRINT_SIDE = 800  # pixels: a photo prints half a page wide (80 mm), about 250 dpi
PRINT_QUALITY = 80


def print_name(image_name: str) -> str:
    """Where the print-size copy of a stored photo lives (next to nothing else: lessons/print/)."""
    stem = PurePosixPath(image_name).stem
    return f"lessons/print/{stem}-{PRINT_SIDE}.jpg"


def print_copy(photo: LessonPhoto) -> str | None:
    """The storage name of the photo's print-size JPEG, made once and kept (None: the photo's file
    is missing or unreadable). The booklet embeds this copy rather than the 1600 px original, so a
    province's booklet stays a few megabytes and WeasyPrint reads a small file per photo."""
    storage = photo.image.storage
    name = print_name(photo.image.name)
    if storage.exists(name):
        return name
    try:
        with photo.image.open("rb") as file, Image.open(file) as image:
            image.draft("RGB", (PRINT_SIDE, PRINT_SIDE))  # JPEG: decode at a reduced scale
            pixels = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P") else image
            pixels.thumbnail((PRINT_SIDE, PRINT_SIDE))
            if pixels.mode == "RGBA":
                flat = Image.new("RGB", pixels.size, (255, 255, 255))
                flat.paste(pixels, mask=pixels.getchannel("A"))
                pixels = flat
            out = io.BytesIO()
            pixels.convert("RGB").save(out, format="JPEG", quality=PRINT_QUALITY, optimize=True)
    except (OSError, ValueError):
        return None
    return storage.save(name, ContentFile(out.getvalue()))


def remove_print_copy(storage: Storage, image_name: str) -> None:
    storage.delete(print_name(image_name))
