"""Text files as Thai offices save them: UTF-16 with a BOM, UTF-8 with or without one, or else the
Windows Thai code page (cp874, a superset of TIS-620). Never a guess that garbles: a file that
decodes none of these ways is refused."""

import codecs

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class NotText(ValueError):
    """The bytes decode, but hold NUL characters: a binary file, not text."""


class Undecodable(ValueError):
    """Neither UTF-8 nor UTF-16 nor cp874 reads these bytes."""


def decode_thai_text(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        encodings: tuple[str, ...] = ("utf-16",)
    elif data.startswith(codecs.BOM_UTF8):  # a BOM says UTF-8: no falling back to Windows Thai
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp874")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise NotText
        return text
    raise Undecodable
