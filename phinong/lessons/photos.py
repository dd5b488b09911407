"""Photos of a write-up, judged by their content and stored as our own re-encoding.

Pillow must read the upload as JPEG or PNG (never trusting its name or the browser's word for it),
within MAX_BYTES, and with sides the header declares within MAX_SIDE before a pixel is decoded (so
a decompression bomb is refused cheaply). What is stored is the pixels alone, turned upright by
their EXIF orientation, scaled down to STORED_SIDE and encoded again: a JPEG stays a JPEG (quality
85), a PNG a PNG. Nothing else of the upload survives: no EXIF, GPS position, comments or ICC
profile, and nothing a crafted file might hide after its image data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from phinong.core.formatting import num

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 12  # per write-up; the booklet prints them all
MIN_SIDE, MAX_SIDE = 64, 12_000  # pixels, as the file's header declares them
MAX_PIXELS = 60_000_000
STORED_SIDE = 1600  # enough for a half page of the booklet at 200 dpi, and for a phone
FORMATS = ("JPEG", "PNG")


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
    too_big = ValidationError(
        {"image": _("A photo may be at most %(mb)s MB.") % {"mb": num(MAX_BYTES // 2**20)}}
    )
    if (upload.size or 0) > MAX_BYTES:
        raise too_big
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_big
    not_a_photo = ValidationError({"image": _("Only photos in JPEG or PNG are accepted.")})
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
            kind = probe.format
            width, height = probe.size
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE) or (
                width * height > MAX_PIXELS
            ):
                raise ValidationError(
                    {
                        "image": _(
                            "A photo must be between %(min)s and %(max)s pixels wide and high."
                        )
                        % {"min": num(MIN_SIDE), "max": num(MAX_SIDE)}
                    }
                )
            probe.verify()
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            image.load()
            pixels = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise not_a_photo from exc
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
