"""Who came to an online workshop: a meeting platform's participant report, matched to the leaders.

read_report() reads the CSV a host downloads after a meeting: Zoom's participants report, Google Meet's
attendance report, Microsoft Teams' attendance report, or any CSV with a column of names. The header row is
found by its column names (English or Thai, any case) under any summary block. match() pairs the display
names people typed with the invited leaders. Nothing here touches the database: callers pass the leaders
in and record the attendance themselves.

A display name is read as Thai words. Titles, Latin words (devices, transliterations), digits and area
names (ต.นาอ้อ, ตำบลนาอ้อ, อบต.นาอ้อ, อ.เมืองเลย) are set aside; text in brackets and each part between
dashes or underscores are read as other ways of writing the name. A leader's nickname or tambon found
in the name is evidence for that leader. Matching never guesses: see match().
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import permutations
from typing import Literal

from rapidfuzz import fuzz

from phinong.lib.encodings import NotText, Undecodable, decode_thai_text
from phinong.lib.thai import clean_text, strip_area_prefix, to_arabic_digits
from phinong.register.rules import TITLES

Platform = Literal["zoom", "meet", "teams", "csv"]

MAX_BYTES = 5 * 2**20
MAX_ROWS = 5000
HEADER_SCAN_ROWS = 40
STRONG = 85  # a leader must score this much to be matched
WEAK = 70  # a leader scoring this much is offered as a candidate
CLOSE = 5  # the best must beat the next by more than this, or have more evidence
EXTRA_WORD = 5  # taken off for each word of a name beyond the first and last name

TOO_BIG = "ไฟล์ใหญ่เกิน {limit:g} MB กรุณาตรวจสอบว่าเป็นรายงานผู้เข้าร่วมประชุม"
EMPTY = "ไฟล์ว่าง ไม่มีรายชื่อผู้เข้าร่วม"
NOT_CSV = (
    "ไฟล์นี้ไม่ใช่ไฟล์ CSV กรุณาดาวน์โหลดรายงานผู้เข้าร่วมจาก Zoom, Google Meet หรือ Microsoft Teams "
    "เป็นไฟล์ .csv แล้วอัปโหลดใหม่"
)
ENCODING = "อ่านตัวอักษรในไฟล์นี้ไม่ได้ กรุณาบันทึกเป็น “CSV UTF-8” แล้วอัปโหลดใหม่"
BROKEN = "อ่านไฟล์ CSV นี้ไม่ได้ (ไฟล์อาจเสีย) กรุณาดาวน์โหลดรายงานใหม่ แล้วอัปโหลดอีกครั้ง"
NO_NAMES = "ไม่พบคอลัมน์ชื่อผู้เข้าร่วม (เช่น Name หรือ ชื่อ-นามสกุล) ในไฟล์นี้ กรุณาตรวจสอบว่าเป็นรายงานผู้เข้าร่วมประชุม"
TOO_MANY = "ไฟล์มีรายชื่อเกิน {limit:,} แถว กรุณาตรวจสอบว่าเป็นรายงานผู้เข้าร่วมประชุม"


@dataclass(frozen=True)
class Attendee:
    """One person in a report: the name as written, and the rows they rejoined on merged into one."""

    name: str
    email: str
    minutes: int | None
    row: int  # 1-based, in the file; the first row of a person who rejoined


@dataclass
class Report:
    platform: Platform
    people: list[Attendee]


@dataclass(frozen=True)
class Leader:
    id: int
    title: str
    first_name: str
    last_name: str
    nickname: str = ""
    tambon: str = ""  # the tambon's Thai name


@dataclass
class Matching:
    matched: list[tuple[Attendee, Leader, int]] = field(default_factory=list)
    ambiguous: list[tuple[Attendee, list[Leader]]] = field(default_factory=list)
    unmatched: list[Attendee] = field(default_factory=list)


# Reading a report ------------------------------------------------------------------------------------


def _key(cell: str) -> str:
    return re.sub(r"\s+", "", clean_text(cell).casefold())


NAME = {"name(originalname)", "name", "fullname", "participantname", "displayname", "participant"}
NAME |= {"ชื่อ(ชื่อเดิม)", "ชื่อ-สกุล", "ชื่อ-นามสกุล", "ชื่อนามสกุล", "ชื่อและนามสกุล", "ชื่อผู้เข้าร่วม"}
NAME |= {"ชื่อที่แสดง", "รายชื่อ", "รายชื่อผู้เข้าร่วม"}
FIRST = {"firstname", "givenname", "ชื่อ", "ชื่อจริง"}
LAST = {"lastname", "surname", "familyname", "นามสกุล", "สกุล"}
EMAIL = {"useremail", "email", "e-mail", "emailaddress", "อีเมล", "อีเมล์", "อีเมลผู้ใช้"}
MINUTES = {"duration(minutes)", "duration", "in-meetingduration", "ระยะเวลา", "ระยะเวลา(นาที)"}
MARKERS: tuple[tuple[Platform, set[str]], ...] = (
    ("teams", {"in-meetingduration", "participantid(upn)", "firstjoin", "lastleave", "useraction"}),
    ("zoom", {"name(originalname)", "useremail", "duration(minutes)", "guest"}),
    ("meet", {"timejoined", "timeexited", "participantname", "firstseen", "lastseen"}),
)
_BINARY = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"\x1f\x8b")
_DURATION = re.compile(
    r"(\d+(?:\.\d+)?)\s*(ชั่วโมง|ชม|นาที|วินาที|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)"
)
_SECONDS = {"h": 3600, "ช": 3600, "m": 60, "น": 60, "s": 1, "ว": 1}


@dataclass
class _Columns:
    platform: Platform
    name: list[int]  # one column, or first and last name
    email: int | None
    minutes: int | None


def read_report(data: bytes, filename: str) -> Report:
    """The people in a participant report. Raises ValueError, with a Thai message, for a file it cannot read."""
    if len(data) > MAX_BYTES:
        raise ValueError(TOO_BIG.format(limit=MAX_BYTES / 2**20))
    if data.startswith(_BINARY) or filename.lower().endswith((".xlsx", ".xls", ".pdf")):
        raise ValueError(NOT_CSV)
    text = _decode(data)
    if not text.strip(' \t\r\n,;"'):
        raise ValueError(EMPTY)
    for delimiter in ",\t;":  # the delimiter is the one that makes a header row appear
        rows = _rows(text, delimiter)
        for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
            if columns := _columns(cells):
                return Report(columns.platform, _people(rows, index + 1, columns))
    rows = _rows(text, ",")  # no header: a single column of names
    if any(len([cell for cell in cells if cell.strip()]) > 1 for cells in rows):
        raise ValueError(NO_NAMES)
    return Report("csv", _people(rows, 0, _Columns("csv", [0], None, None)))


def _decode(data: bytes) -> str:
    try:
        return decode_thai_text(data)
    except NotText as error:
        raise ValueError(NOT_CSV) from error
    except Undecodable as error:
        raise ValueError(ENCODING) from error


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ValueError(BROKEN) from error


def _columns(cells: list[str]) -> _Columns | None:
    keys = [_key(cell) for cell in cells]

    def find(names: set[str]) -> int | None:
        return next((i for i, key in enumerate(keys) if key in names), None)

    name, first, last = find(NAME), find(FIRST), find(LAST)
    if first is not None and last is not None:
        columns = [first, last]
    elif name is not None:
        columns = [name]
    elif first is not None and keys[first] == "ชื่อ":  # with no surname column, the whole name
        columns = [first]
    else:
        return None
    platform: Platform = next((p for p, marks in MARKERS if marks & set(keys)), "csv")
    return _Columns(platform, columns, find(EMAIL), find(MINUTES))


def _people(rows: list[list[str]], start: int, columns: _Columns) -> list[Attendee]:
    people: dict[str, Attendee] = {}  # people who rejoined are merged by name
    for number, cells in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in cells):
            if columns.platform == "teams" and people:
                break  # the end of "2. Participants": "3. In-Meeting Activities" lists every join
            continue
        name = " ".join(filter(None, (_cell(cells, index) for index in columns.name)))
        if not name:
            continue
        email, minutes = _cell(cells, columns.email), _minutes(_cell(cells, columns.minutes))
        person = Attendee(name, email, minutes, number)
        if (seen := people.get(key := _normalise(name))) is not None:
            if seen.minutes is not None:
                minutes = seen.minutes + (minutes or 0)
            person = replace(seen, email=seen.email or email, minutes=minutes)
        elif len(people) == MAX_ROWS:
            raise ValueError(TOO_MANY.format(limit=MAX_ROWS))
        people[key] = person
    if not people:
        raise ValueError(EMPTY)
    return list(people.values())


def _cell(cells: list[str], index: int | None) -> str:
    return clean_text(cells[index]) if index is not None and index < len(cells) else ""


def _minutes(text: str) -> int | None:
    """Whole minutes from '45', '1:05:00', '1 hr 5 min', '1h 5m 3s' or '1 ชม. 5 นาที'; None if not a time."""
    text = to_arabic_digits(text).casefold()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text))
    if clock := re.fullmatch(r"(\d+):(\d\d):\d\d", text):
        hours, minutes = map(int, clock.groups())
        return hours * 60 + minutes
    parts = _DURATION.findall(text)
    return int(sum(float(n) * _SECONDS[unit[0]] for n, unit in parts) // 60) if parts else None


# Matching names to leaders ---------------------------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Nikhahit and sara aa (with a tone mark between), as some keyboards type sara am.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_MARKS = re.compile("[\u0e47-\u0e4c]")  # ็ ่ ้ ๊ ๋ ์
_SOUNDS_ALIKE = str.maketrans("ใศษณธภ", "ไสสนทพ")
_NOT_THAI = re.compile("[^\u0e01-\u0e4e]")
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]?")
_SEPARATORS = re.compile(r"[-–—_|/\\,:;+]+")
_LATIN_TITLE = re.compile(r"^[a-z]+\.?(?=[\u0e01-\u0e4e])")  # "mr.สมชาย"
_AREA_WORDS = ("ตำบล", "อำเภอ", "จังหวัด", "เทศบาล", "หมู่")
_AREA_MARKS = frozenset({"ต.", "อ.", "จ.", "อบต.", "ทต.", "ทม.", "ม.", *_AREA_WORDS})


def _normalise(text: str) -> str:
    text = to_arabic_digits(clean_text(text.translate(_ZERO_WIDTH))).casefold()
    return _SARA_AM.sub("\\1\u0e33", text)


_TITLES = frozenset(_normalise(t) for t in (*TITLES, "นส.", "นส", "ดร.", "ว่าที่ร.ต."))
_GLUED_TITLES = sorted(_TITLES, key=len, reverse=True)  # longest first: นางสาว before นาง


def _thai(text: str) -> str:
    return _NOT_THAI.sub("", _normalise(text))


def _words(text: str) -> tuple[list[str], list[str]]:
    """(name words, area names) of a piece of a display name."""
    words: list[str] = []
    areas: list[str] = []
    area_next = False
    for token in _SEPARATORS.sub(" ", text).split():
        token = _LATIN_TITLE.sub("", token)
        if area_next:  # "ต. นาอ้อ", "ตำบล นาอ้อ"
            areas.append(_thai(token))
            area_next = False
        elif token in _AREA_MARKS:
            area_next = True
        elif token in _TITLES:
            continue
        elif dotted := next((t for t in _GLUED_TITLES if "." in t and token.startswith(t)), ""):
            words.extend(filter(None, [_thai(token[len(dotted) :])]))
        elif "." in token or token.startswith(_AREA_WORDS):
            areas.append(_thai(strip_area_prefix(token.rsplit(".", 1)[-1].removeprefix("เทศบาล"))))
        elif word := _thai(token):
            words.append(word)
    return words, [area for area in areas if area]


def _readings(name: str) -> tuple[list[list[str]], set[str]]:
    """The ways a display name can be read (outside brackets, each bracket, each part between dashes)."""
    text = _normalise(name)
    main = _BRACKETS.sub(" ", text)
    parts = _SEPARATORS.split(main)
    readings: list[list[str]] = []
    areas: set[str] = set()
    for piece in [main, *_BRACKETS.findall(text), *(parts if len(parts) > 1 else [])]:
        words, found = _words(piece)
        readings.append(words)
        areas.update(found)
    return readings, areas


@lru_cache(maxsize=65536)
def _similar(word: str, name: str) -> float:
    """0-100; spelling slips cost little: tone marks, ใ/ไ, ศ/ษ/ส and the like; a glued title nothing."""
    if word == name:
        return 100.0
    return max(
        max(fuzz.ratio(v, name), fuzz.ratio(_fold(v), _fold(name)) - 5) for v in _untitled(word)
    )


@lru_cache(maxsize=4096)
def _untitled(word: str) -> tuple[str, ...]:
    """The word, and the word without each title it may begin with: นายสมชาย, สมชาย."""
    return (word, *(word[len(t) :] for t in _GLUED_TITLES if word.startswith(t) and word != t))


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return _MARKS.sub("", text).translate(_SOUNDS_ALIKE)


@lru_cache(maxsize=4096)
def _names(leader: Leader) -> tuple[str, str, str, str]:
    """The leader's first name, last name, nickname and tambon, as _words writes words."""
    names = (leader.first_name, leader.last_name, leader.nickname, strip_area_prefix(leader.tambon))
    first, last, nickname, tambon = map(_thai, names)
    return first, last, nickname, tambon


def _score(readings: list[list[str]], areas: set[str], leader: Leader) -> tuple[float, int]:
    """(score 0-100, pieces of evidence: the leader's nickname or tambon written in the name)."""
    first, last, nickname, tambon = _names(leader)
    extras = {nickname, tambon} - {first, last, ""}
    every = {word for words in readings for word in words}
    evidence = (nickname in extras and nickname in every) + (
        tambon in extras and tambon in (every | areas)
    )
    best = 0.0
    for words in readings:
        words = [word for word in words if word not in extras][:6]
        if len(words) == 1:  # a first name alone
            best = max(best, _similar(words[0], first))
        elif len(words) > 1:  # first and last name, in either order, and perhaps other words
            pair = max(
                (_similar(a, first) + _similar(b, last)) / 2 for a, b in permutations(words, 2)
            )
            best = max(best, pair - EXTRA_WORD * (len(words) - 2))
    return best, evidence


def match(people: list[Attendee], leaders: list[Leader]) -> Matching:
    """Sort the people of a report into matched leaders, ambiguous ones and the unmatched.

    Matched: one leader scores at least STRONG and beats every other leader by more than CLOSE points,
    or by less but with more evidence (the leader's nickname or tambon in the name). Ambiguous: the best
    is below STRONG but at least WEAK, or others come within CLOSE of it; every leader within CLOSE of
    the best is a candidate. Also ambiguous: a person matched to a leader someone else matched better
    (or as well, on an earlier row), with that leader as the only candidate. Unmatched: nobody scores WEAK.
    """
    out = Matching()
    claims: dict[int, tuple[Attendee, Leader, int]] = {}
    for person in people:
        readings, areas = _readings(person.name)
        scored = [(*_score(readings, areas, leader), leader) for leader in leaders]
        scored = sorted((s for s in scored if s[0] >= WEAK), key=lambda s: (-s[0], -s[1]))
        if not scored:
            out.unmatched.append(person)
            continue
        (score, evidence, leader), *rest = scored
        close = [s for s in rest if score - s[0] <= CLOSE]
        if score < STRONG or any(s[1] >= evidence for s in close):
            out.ambiguous.append((person, [leader, *(s[2] for s in close)]))
        elif (claim := claims.get(leader.id)) is not None and claim[2] >= round(score):
            out.ambiguous.append((person, [leader]))
        else:
            if claim is not None:
                out.ambiguous.append((claim[0], [leader]))
            claims[leader.id] = (person, leader, round(score))
    out.matched = sorted(claims.values(), key=lambda m: m[0].row)
    out.ambiguous.sort(key=lambda a: a[0].row)
    return out
