"""Thai digits, stray spaces and the จ./อ./ต. prefixes officers type before area names."""

import pytest

from phinong.lib.thai import (
    clean_text,
    digits_only,
    strip_area_prefix,
    to_arabic_digits,
    to_thai_digits,
)


def test_thai_digits_become_arabic_and_back() -> None:
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_only_the_digits_change_in_mixed_text() -> None:
    assert to_arabic_digits("หมู่ที่ ๑๒ บ้านโนน") == "หมู่ที่ 12 บ้านโนน"
    assert to_thai_digits("โครงการ 198/2564") == "โครงการ ๑๙๘/๒๕๖๔"
    assert to_thai_digits(to_arabic_digits("๑๕/๑๕")) == "๑๕/๑๕"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  สมศรี   ใจดี  ", "สมศรี ใจดี"),
        ("สมศรี\tใจดี\n", "สมศรี ใจดี"),
        ("สม\u200bศรี", "สมศรี"),  # a zero-width space inside a word, as Thai word processors leave
        ("\ufeffกุดป่อง", "กุดป่อง"),  # a byte-order mark from a spreadsheet export
        ("นา\u00a0ด้วง", "นา ด้วง"),  # a no-break space is folded like any other space
        ("\u200b \u200b", ""),
    ],
)
def test_clean_text_drops_stray_and_zero_width_spaces(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_normalises_to_nfc() -> None:
    decomposed = "Cafe\u0301"
    assert clean_text(decomposed) == "Caf\u00e9"
    assert len(clean_text(decomposed)) == 4


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("๐๘๑-๒๓๔-๕๖๗๘", "0812345678"),
        ("081 234 5678", "0812345678"),
        (" 3-1006-00012-34-8 ", "3100600012348"),
        ("๓ ๑๐๐๖ ๐๐๐๑๒ ๓๔ ๘", "3100600012348"),
        ("042.811.234", "042811234"),
        ("08\u200b1234\u200b5678", "0812345678"),
        ("๔๕", "45"),
        ("", ""),
    ],
)
def test_digits_only_reads_thai_digits_and_drops_spaces_dashes_and_dots(
    raw: str, digits: str
) -> None:
    assert digits_only(raw) == digits


def test_digits_only_leaves_other_characters_for_the_caller_to_refuse() -> None:
    assert digits_only("12a4") == "12a4"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("จ.เลย", "เลย"),
        ("จ. เลย", "เลย"),
        ("จังหวัดเลย", "เลย"),
        ("จังหวัด เลย", "เลย"),
        ("อ.เมืองเลย", "เมืองเลย"),
        ("อำเภอนาด้วง", "นาด้วง"),
        ("อำเภอ  นาด้วง ", "นาด้วง"),
        ("กิ่งอำเภอนาด้วง", "นาด้วง"),
        ("ต.กุดป่อง", "กุดป่อง"),
        ("ตำบลกุดป่อง", "กุดป่อง"),
        ("  ตำบล\u200b กุดป่อง ", "กุดป่อง"),
        ("เขตพระนคร", "พระนคร"),
        ("แขวงบางรัก", "บางรัก"),
    ],
)
def test_strip_area_prefix_removes_the_prefix(raw: str, name: str) -> None:
    assert strip_area_prefix(raw) == name


@pytest.mark.parametrize(
    "name",
    [
        "เลย",
        "กุดป่อง",
        "ตาดข่า",  # starts with ต but has no dot
        "อ่างทอง",  # starts with อ
        "จอมศรี",  # starts with จ
        "ตำหนักธรรม",  # starts like ตำบล but is a name
        "จ.ป.ร.",  # a real tambon of Ranong (850406) whose name looks like a prefix
    ],
)
def test_strip_area_prefix_leaves_names_without_a_prefix(name: str) -> None:
    assert strip_area_prefix(name) == name


def test_strip_area_prefix_removes_only_one_prefix() -> None:
    assert strip_area_prefix("ต.จ.ป.ร.") == "จ.ป.ร."
    assert strip_area_prefix("อำเภอ อ.") == "อ."
