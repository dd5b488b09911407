"""Thai word segmentation for the search index (no Django).

Thai is written without spaces between words, so the index and every query go through the same
steps: NFC, zero-width characters dropped, Thai digits to Arabic, pythainlp's normaliser (duplicate
or misordered vowels and tone marks), lower case, then pythainlp's `newmm` word segmenter. A token
keeps only letters, combining marks and digits; anything else separates tokens. The index stores
the tokens joined by single spaces, so the database's own full-text engine (FTS5 `unicode61`, or a
tsvector) only ever sees words it can match whole: นา never matches inside ธนาคาร.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import Trie, word_tokenize
from pythainlp.util import normalize as thai_normalize

from phinong.lib.thai import clean_text, to_arabic_digits

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


# Compounds of the programme's domain that pythainlp's dictionary keeps whole. Taking them out of the
# dictionary splits them into their words (ทำนา -> ทำ นา), so a search for นา or ปลา finds rice
# farming and fish ponds; a query typed as the compound still matches, as a phrase. Only compounds
# whose parts keep their own meaning belong here (not นาที, ธนาคาร or หมู่บ้าน).
SPLIT_COMPOUNDS = frozenset(
    {
        "ทำนา",
        "ชาวนา",
        "วนา",  # a poetic word for forest: without it ชาวนา splits ชา|วนา
        "ไร่นา",
        "ทุ่งนา",
        "ท้องนา",
        "คันนา",
        "นาปี",
        "นาปรัง",
        "นาดำ",
        "นาหว่าน",
        "นาข้าว",
        "ผักสวนครัว",
        "ผักพื้นบ้าน",
        "ปลานิล",
        "ปลาดุก",
        "ปลาตะเพียน",
        "ปลาทับทิม",
        "บ่อปลา",
        "เลี้ยงปลา",
        "ไก่ไข่",
        "ไก่พื้นบ้าน",
        "ไก่พื้นเมือง",
        "ไข่ไก่",
        "หมูหลุม",
        "ข้าวเหนียว",
        "ข้าวเจ้า",
        "ข้าวสาร",
        "ข้าวเปลือก",
        "ข้าวหอมมะลิ",
        "ปุ๋ยหมัก",
        "ปุ๋ยคอก",
        "น้ำหมัก",
        "เกษตรกร",
        "การเกษตร",
        "ทำการเกษตร",
        "สวนผัก",
        "แปลงผัก",
        "ปลูกผัก",
        "ผักปลอดสารพิษ",
        "ผักปลอดสาร",
        "ป่าชุมชน",
        "ธนาคารข้าว",
        "ธนาคารอาหาร",
        "ปูม้า",
        "ยาสมุนไพร",
        "ปูนา",
        "ข้าวกล้อง",
        "ข้าวโพด",
        "ธนาคารปู",
        "ธนาคารปลา",
        "ธนาคารน้ำ",
    }
)


@lru_cache(maxsize=1)
def _dictionary() -> Trie:
    return Trie(set(thai_words()) - SPLIT_COMPOUNDS)


def normalise(text: str) -> str:
    return " ".join(_normalise_chunk(chunk) for chunk in clean_text(text).split(" "))


@lru_cache(maxsize=200_000)
def _normalise_chunk(chunk: str) -> str:
    return thai_normalize(to_arabic_digits(chunk.translate(_ZERO_WIDTH))).lower()


def _word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


@lru_cache(maxsize=200_000)  # write-ups repeat phrases; a chunk is a run between spaces
def segment_chunk(chunk: str) -> tuple[tuple[str, int], ...]:
    """Tokens of one space-free chunk with their offsets in it."""
    out: list[tuple[str, int]] = []
    offset = 0
    for raw in word_tokenize(
        chunk, custom_dict=_dictionary(), engine="newmm", keep_whitespace=False
    ):
        start = chunk.find(raw, offset)
        if start < 0:  # the segmenter never rewrites text, but stay safe
            start = offset
        offset = start + len(raw)
        word: list[str] = []
        word_start = start
        for i, ch in enumerate(raw):
            if _word_char(ch):
                if not word:
                    word_start = start + i
                word.append(ch)
            elif word:
                out.append(("".join(word), word_start))
                word = []
        if word:
            out.append(("".join(word), word_start))
    return tuple(out)


@dataclass(frozen=True)
class Token:
    word: str
    start: int  # offset in the normalised text
    end: int


def tokens_with_offsets(normalised: str) -> list[Token]:
    out: list[Token] = []
    for match in re.finditer(r"\S+", normalised):
        for word, start in segment_chunk(match.group()):
            out.append(Token(word, match.start() + start, match.start() + start + len(word)))
    return out


def segment(text: str) -> list[str]:
    """The words of `text`, normalised, in order."""
    return [t.word for t in tokens_with_offsets(normalise(text))]


def parse_query(query: str) -> list[tuple[str, ...]]:
    """Clauses that must all match; a clause of several words is a phrase.

    "Quoted text" is one phrase. Outside quotes each run between spaces is one clause: a Thai run such
    as ธนาคารอาหาร is a compound typed as one unit, so its words must stand together (a phrase);
    runs separated by spaces are ANDed.
    """
    query = query.translate(_QUOTES)
    clauses: list[tuple[str, ...]] = []
    parts = query.split('"')
    for i, part in enumerate(parts):
        quoted = i % 2 == 1 and i < len(parts) - 1
        runs = [part] if quoted else part.split()
        for run in runs:
            words = tuple(segment(run))
            if words and words not in clauses:
                clauses.append(words)
    return clauses
