"""Uploaded images, judged by their content, never by their name or the browser's word.

`open_image` reads an upload as JPEG or PNG within a byte limit, checks the sides the header declares
before a pixel is decoded (so a decompression bomb is refused cheaply), verifies the file and returns
its pixels turned upright by their EXIF orientation. Callers encode those pixels again, so nothing
else of the upload survives: no EXIF, GPS position, comments or ICC profile, and nothing a crafted
file might hide after its image data. Every refusal is a ValidationError on `field`, in Thai.
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
            pixels = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError({field: _("Only PNG or JPEG images are accepted.")}) from exc
    return Opened(pixels=pixels, kind=kind)
