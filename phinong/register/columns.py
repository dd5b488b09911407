"""The columns of the target-group register (ทะเบียนกลุ่มเป้าหมาย) as offices keep it in Excel.

Each column has a key, its Thai and English headings, and the other headings offices use for it.
Headings match without regard to case, spaces, dots or line breaks, so "เลขประจำตัว ประชาชน" and
"national id" both find the ID column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    thai: str
    english: str
    aliases: tuple[str, ...] = ()

    def headings(self) -> tuple[str, ...]:
        return (self.thai, self.english, *self.aliases)


COLUMNS: tuple[Column, ...] = (
    Column("seq", "ลำดับ", "No.", ("ลำดับที่", "ที่", "no", "#", "seq")),
    Column("province", "จังหวัด", "Province"),
    Column("district", "อำเภอ", "District"),
    Column("elder", "ตำบลบ้านพี่", "Elder tambon", ("บ้านพี่",)),
    Column("younger", "ตำบลเมืองน้อง", "Younger tambon", ("เมืองน้อง", "ตำบล", "tambon")),
    Column("moo", "หมู่ที่", "Village no.", ("หมู่", "หมู่บ้าน", "village", "moo")),
    Column("title", "คำนำหน้า", "Title", ("คำนำหน้าชื่อ", "prefix")),
    Column("first_name", "ชื่อ", "First name", ("firstname", "name")),
    Column("last_name", "นามสกุล", "Last name", ("สกุล", "lastname", "surname")),
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        "National ID",
        (
            "เลขบัตรประชาชน",
            "เลขบัตรประจำตัวประชาชน",
            "เลขประจำตัวประชาชน13หลัก",
            "id card",
            "citizen id",
        ),
    ),
    Column("sex", "เพศ", "Sex", ("gender",)),
    Column("age", "อายุ", "Age", ("อายุ(ปี)",)),
    Column("birth_date", "วันเกิด", "Birth date", ("วันเดือนปีเกิด", "date of birth", "dob")),
    Column("position", "ตำแหน่ง", "Position", ("ตำแหน่งในชุมชน",)),
    Column(
        "leader_type",
        "ประเภทผู้นำ",
        "Leader type",
        ("ประเภทผู้นำ(ทางการ/ไม่เป็นทางการ)", "ประเภท", "type"),
    ),
    Column("phone", "เบอร์โทรศัพท์", "Phone", ("โทรศัพท์", "เบอร์โทร", "หมายเลขโทรศัพท์", "mobile")),
)
BY_KEY = {column.key: column for column in COLUMNS}

# A sheet must have these to be a register at all; the rest may be missing (age or birth date,
# and the elder tambon of a programme not run in pairs, are checked row by row).
REQUIRED = ("younger", "first_name", "last_name", "national_id")
# How many known headings a row needs before it is taken as the header row.
MIN_HEADINGS = 4

# The line an export writes above the header when the national IDs in it are masked.
MASKED_MARKER = "เลขประจำตัวประชาชนในไฟล์นี้ถูกปิดบัง"

_NOISE = re.compile(r"[\s.\-_:*/()\[\]]+")


def heading_key(text: object) -> str:
    """'เลขประจำตัว ประชาชน' -> 'เลขประจำตัวประชาชน'; 'National ID' -> 'nationalid'."""
    return _NOISE.sub("", unicodedata.normalize("NFC", str(text or "")).casefold())


_LOOKUP = {heading_key(h): column.key for column in COLUMNS for h in column.headings()}


def match_header(cells: list[object]) -> dict[str, int]:
    """The column keys found in a row of headings: {key: index of its cell}. The first one wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _LOOKUP.get(heading_key(cell))
        if key and key not in found:
            found[key] = index
    return found


def is_header(found: dict[str, int]) -> bool:
    return len(found) >= MIN_HEADINGS and all(key in found for key in REQUIRED)
