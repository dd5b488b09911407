"""Thai text helpers that need no Django: digits, stray spaces and area-name prefixes."""

import re
import unicodedata
from functools import lru_cache

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
_SPACES = re.compile(r"\s+")

# Longest first, so "จังหวัด" wins over "จ." and "อำเภอ" over "อ.".
_AREA_PREFIXES = (
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "กิ่งอำเภอ",
    "เขต",
    "แขวง",
    "จ.",
    "อ.",
    "ต.",
)
# Real area names that begin like a prefix: tambon จ.ป.ร. (Ranong, 850406) is not "province ป.ร.".
_NAMES_LIKE_A_PREFIX = frozenset({"จ.ป.ร."})


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


@lru_cache(maxsize=65536)  # sheets repeat the same titles, positions and areas row after row
def clean_text(text: str) -> str:
    """NFC-normalise, drop zero-width characters and fold runs of white space into one."""
    text = unicodedata.normalize("NFC", text).replace("\u200b", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text).strip()


def digits_only(text: str) -> str:
    """Thai digits become Arabic; spaces, dashes and dots go."""
    return re.sub(r"[\s\-\.]", "", to_arabic_digits(clean_text(text)))


def strip_area_prefix(name: str) -> str:
    """'จ. เลย' -> 'เลย'; 'อำเภอเมืองเลย' -> 'เมืองเลย'; 'ต.กุดป่อง' -> 'กุดป่อง'."""
    name = clean_text(name)
    if name in _NAMES_LIKE_A_PREFIX:
        return name
    for prefix in sorted(_AREA_PREFIXES, key=len, reverse=True):
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name
