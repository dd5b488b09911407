"""Uploaded images, judged by their content, never by their name or the browser's word.

`open_image` reads an upload as JPEG or PNG within a byte limit, checks the sides the header declares
before a pixel is decoded (so a decompression bomb is refused cheaply), verifies the file and returns
its pixels turned upright by their EXIF orientation, stripped of every piece of metadata. Callers
encode those pixels again (`encode`, or their own settings), so nothing else of the upload survives:
no EXIF, GPS position, comments or ICC profile, and nothing a crafted file might hide after its
image data. Every refusal is a ValidationError on `field`, in Thai.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from phinong.core.formatting import num

FORMATS = ("JPEG", "PNG")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    min_side: int
    max_side: int
    max_pixels: int


@dataclass(frozen=True)
class Opened:
    pixels: Image.Image
    kind: str  # "JPEG" or "PNG"


def open_image(upload: UploadedFile, *, limits: Limits, field: str = "image") -> Opened:
    too_big = ValidationError(
        {field: _("The image may be at most %(mb)s MB.") % {"mb": num(limits.max_bytes // 2**20)}}
    )
    if (upload.size or 0) > limits.max_bytes:
        raise too_big
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise too_big
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
            kind = str(probe.format)
            width, height = probe.size
            sides = (limits.min_side, limits.max_side)
            if not (sides[0] <= width <= sides[1] and sides[0] <= height <= sides[1]) or (
                width * height > limits.max_pixels
            ):
                raise ValidationError(
                    {
                        field: _(
                            "The image must be between %(min)s and %(max)s pixels wide and high."
                        )
                        % {"min": num(limits.min_side), "max": num(limits.max_side)}
                    }
                )
            probe.verify()
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            image.load()
            pixels = _bare(ImageOps.exif_transpose(image))
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError({field: _("Only PNG or JPEG images are accepted.")}) from exc
    return Opened(pixels=pixels, kind=kind)


def _bare(pixels: Image.Image) -> Image.Image:
    """The pixels alone, in RGB, RGBA, L or LA: a palette or odd mode is converted (keeping any
    transparency as alpha) and every piece of metadata is dropped (EXIF with its GPS position, ICC
    profile, text chunks, comments), so that no encoder can copy it into what is stored."""
    if pixels.mode == "P" or "transparency" in pixels.info:
        pixels = pixels.convert("RGBA")
    elif pixels.mode not in ("RGB", "RGBA", "L", "LA"):
        pixels = pixels.convert("RGB")
    else:
        pixels = pixels.copy()
    pixels.info = {}
    pixels.getexif().clear()
    return pixels


@dataclass(frozen=True)
class Encoded:
    data: bytes
    content_type: str
    suffix: str
    width: int
    height: int


def encode(opened: Opened, *, max_side: int | None = None) -> Encoded:
    """The pixels encoded again by us, in the upload's own format (JPEG quality 90, or PNG), scaled
    down to `max_side` if given. Nothing of the uploaded file but its pixels is in the result."""
    pixels = opened.pixels
    if max_side is not None:
        pixels = pixels.copy()
        pixels.thumbnail((max_side, max_side))
    out = io.BytesIO()
    if opened.kind == "PNG":
        pixels.save(out, format="PNG")
        content_type, suffix = "image/png", ".png"
    else:
        pixels.convert("RGB").save(out, format="JPEG", quality=90)
        content_type, suffix = "image/jpeg", ".jpg"
    return Encoded(out.getvalue(), content_type, suffix, pixels.width, pixels.height)
