"""Evidence files (photos and PDFs) attached to reports and activity records: what is accepted, what
is stored, and how it is served.

The type is read from the file's first bytes, never from its name or the browser's word for it.

- A photo (JPEG or PNG) must be read by Pillow (core.images) and is stored as our own re-encoding
  of its pixels, turned upright: no EXIF (nor its GPS position), no ICC profile or comments, and
  nothing a crafted file hides after its image data.
- A PDF is stored as uploaded, unless it can run something when opened: `pdf_active_content`
  looks for JavaScript, automatic actions (/OpenAction, /AA), launching programs and embedded
  files, in the file's own bytes and inside its compressed object streams. An encrypted PDF cannot
  be checked, so it is refused too.
- `file_response` serves a stored file as an attachment (a safe file name for any language, by
  RFC 5987) with `X-Content-Type-Options: nosniff`; a file missing from MEDIA_ROOT (e.g. after a
  restore on a new host without the files) is the Thai 404 page, never a 500. An <img> on a page
  still shows an image served as an attachment.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from phinong.core import images
from phinong.core.formatting import num

TYPES = {
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"%PDF-": ("application/pdf", ".pdf"),
}
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20
IMAGE_LIMITS = images.Limits(
    max_bytes=MAX_BYTES, min_side=16, max_side=12_000, max_pixels=60_000_000
)

# PDF names that make a reader act on its own: run a script, act on an event, start a program,
# send or fetch data, or carry a file inside. /OpenAction is judged by what it does (`_opens_safely`):
# going to a page, as LaTeX and office programs write it, is fine; any other action is not.
ACTIVE_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "AA",
        "Launch",
        "EmbeddedFile",
        "EmbeddedFiles",
        "SubmitForm",
        "ImportData",
        "GoToE",
        "RichMediaExecute",
    }
)
MAX_INFLATED = 64 * 1024 * 1024  # all object streams of one PDF together, decompressed
_NAME = re.compile(rb"/([^\s/<>\[\]()\{\}%]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b(.*?)endobj", re.S)
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R\b")
_OPEN_ACTION = re.compile(rb"/OpenAction\b")
_ACTION_TYPE = re.compile(rb"/S\s*/([^\s/<>\[\]()\{\}%]+)")


@dataclass(frozen=True)
class Accepted:
    """What is stored for an accepted upload."""

    content: ContentFile[bytes]
    content_type: str
    suffix: str
    size: int


def accept(upload: UploadedFile, *, files_so_far: int) -> Accepted:
    """The file to store for an acceptable upload; else a ValidationError on `file`, in Thai."""
    if (upload.size or 0) > MAX_BYTES:
        raise ValidationError(
            {"file": _("A file may be at most %(mb)s MB.") % {"mb": num(MAX_BYTES // 2**20)}}
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
    content_type, suffix = kind
    if content_type == "application/pdf":
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(
                {"file": _("A file may be at most %(mb)s MB.") % {"mb": num(MAX_BYTES // 2**20)}}
            )
        problem = pdf_active_content(data)
        if problem is not None:
            raise ValidationError({"file": problem})
    else:
        encoded = images.encode(images.open_image(upload, limits=IMAGE_LIMITS, field="file"))
        data, content_type, suffix = encoded.data, encoded.content_type, encoded.suffix
    return Accepted(ContentFile(data), content_type, suffix, len(data))


def pdf_active_content(data: bytes) -> str | None:
    """Why this PDF is refused (a Thai sentence), or None when nothing in it acts on its own."""
    outside, object_streams = _split_streams(data)
    texts = [_unescape(outside)]
    objects = {int(m[1]): m[2] for m in _OBJECT.finditer(texts[0])}
    inflated = 0
    for dictionary, body in object_streams:
        try:
            plain = zlib.decompressobj().decompress(body, MAX_INFLATED - inflated + 1)
        except zlib.error:
            continue
        inflated += len(plain)
        if inflated > MAX_INFLATED:
            return _("This PDF is too complex to check. Save it again as a simpler PDF.")
        texts.append(_unescape(plain))
        objects |= _packed_objects(_unescape(dictionary), texts[-1])
    names = set().union(*(_names(text) for text in texts))
    if "Encrypt" in names:
        return _(
            "This PDF is encrypted or protected, so it cannot be checked. Save it again without "
            "protection (for example, print it to a new PDF) and attach that."
        )
    opens_badly = any(
        not _opens_safely(text[match.end() :], objects)
        for text in texts
        for match in _OPEN_ACTION.finditer(text)
    )
    if names & ACTIVE_NAMES or opens_badly:
        return _(
            "This PDF contains scripts or actions that run by themselves when it is opened, "
            "which are not accepted as evidence. Save it again without them (for example, print "
            "it to a new PDF) and attach that."
        )
    return None


def _unescape(data: bytes) -> bytes:
    """#xx escapes decoded, so that /J#61vaScript reads as /JavaScript."""
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data)


def _names(data: bytes) -> set[str]:
    return {raw.decode("latin-1") for raw in _NAME.findall(data)}


def _opens_safely(value: bytes, objects: dict[int, bytes]) -> bool:
    """Whether an /OpenAction (the bytes after it) only shows a page: a destination [page /Fit],
    or a /GoTo action; followed through one indirect reference. Anything else, or what cannot be
    found, is not safe."""
    value = value.lstrip()
    reference = _REFERENCE.match(value)
    if reference is not None:
        value = objects.get(int(reference[1]), b"").lstrip()
    if value.startswith(b"["):
        return True
    if not value.startswith(b"<<"):
        return False
    action = _ACTION_TYPE.search(_dictionary(value))
    return action is not None and action[1] == b"GoTo"


def _dictionary(value: bytes) -> bytes:
    """The dictionary at the start of `value`, up to its matching >>."""
    depth, index = 0, 0
    while index < len(value) - 1:
        pair = value[index : index + 2]
        if pair in (b"<<", b">>"):
            depth += 1 if pair == b"<<" else -1
            index += 2
            if depth == 0:
                return value[:index]
        else:
            index += 1
    return value


def _packed_objects(dictionary: bytes, plain: bytes) -> dict[int, bytes]:
    """{object number: its text} of an inflated object stream, from its header of number/offset
    pairs and the /First offset its dictionary gives."""
    first = re.search(rb"/First\s+(\d+)", dictionary)
    if first is None:
        return {}
    start = int(first[1])
    header = plain[:start].split()
    pairs = [
        (int(n), int(o))
        for n, o in zip(header[::2], header[1::2], strict=False)
        if n.isdigit() and o.isdigit()
    ]
    offsets = [start + offset for _n, offset in pairs] + [len(plain)]
    return {n: plain[offsets[i] : offsets[i + 1]] for i, (n, _o) in enumerate(pairs)}


def _split_streams(data: bytes) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """(the file without its stream bodies, [(dictionary, raw body) of each object stream]).

    Stream bodies are left out of the scan of the file's own bytes: compressed images and fonts
    would hold "/AA" or "/JS" by chance. The object streams (PDF 1.5+), where most dictionaries
    live, are returned to be inflated and scanned, so an action hidden there is found too.
    """
    outside: list[bytes] = []
    bodies: list[tuple[bytes, bytes]] = []
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        outside.append(data[position : match.start()])
        end = data.find(_ENDSTREAM, match.end())
        end = len(data) if end == -1 else end
        lookback = max(position, match.start() - 4096)
        starts = [m.end() for m in _OBJ.finditer(data, lookback, match.start())]
        dictionary = data[starts[-1] if starts else lookback : match.start()]
        if "ObjStm" in _names(_unescape(dictionary)):
            bodies.append((dictionary, data[match.end() : end]))
        position = end + len(_ENDSTREAM)
    outside.append(data[position:])
    return b"\n".join(outside), bodies


def file_response(
    stored: FieldFile, *, content_type: str, filename: str = "", inline: bool = False
) -> FileResponse:
    """A stored file as a download (`inline` only for images we encoded ourselves, such as the
    photos of lessons learned); the Thai 404 page when it is gone from storage."""
    try:
        handle = stored.open("rb")
    except (OSError, ValueError) as exc:  # FileNotFoundError, or a row without a file name
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=content_type,
        filename=filename or "evidence",
        as_attachment=not inline,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
