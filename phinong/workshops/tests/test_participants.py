"""Reading meeting platforms' participant reports and matching display names to leaders (participants.py).

The reports are in participants/, written by participants/make_fixtures.py.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from phinong.workshops import participants as p
from phinong.workshops.participants import Attendee, Leader, Matching, match, read_report

FIXTURES = Path(__file__).parent / "participants"

# Two tambons' leaders (a workshop invites several). สมชาย ใจดี and สมชาย ใจงาม share a first name.
LEADERS = [
    Leader(1, "นาย", "สมชาย", "ใจดี", nickname="แดง", tambon="นาอ้อ"),
    Leader(2, "นาย", "สมชาย", "ใจงาม", tambon="กุดป่อง"),
    Leader(3, "นาง", "สมศรี", "ทองดี", nickname="ต้อม", tambon="กุดป่อง"),
    Leader(4, "นางสาว", "มาลี", "ศรีสุข", tambon="นาอ้อ"),
    Leader(5, "นาย", "ประเสริฐ", "บุญมา", tambon="นาอ้อ"),
    Leader(6, "นาง", "วันเพ็ญ", "แก้วมณี", tambon="นาอ้อ"),
    Leader(7, "นาย", "บุญเลิศ", "พรหมมา", tambon="นาอ้อ"),
    Leader(8, "จ.ส.อ.", "ธนากร", "สุขสวัสดิ์", tambon="กุดป่อง"),
    Leader(9, "นาง", "จันทร์เพ็ญ", "ศรีวงศ์", tambon="กุดป่อง"),
    Leader(10, "นาย", "วิชัย", "คำมูล", tambon="กุดป่อง"),
    Leader(11, "นางสาว", "รัตนา", "พลอยงาม", tambon="นาอ้อ"),
    Leader(12, "พระ", "สมพงษ์", "ชัยมงคล", tambon="กุดป่อง"),
    Leader(13, "นาง", "ทองใบ", "ดวงดี", tambon="นาอ้อ"),
    Leader(14, "ด.ต.", "อนุชา", "มั่นคง", tambon="กุดป่อง"),
    Leader(15, "นาย", "ณัฐพล", "ศรีบุญเรือง", tambon="นาอ้อ"),
]

Outcome = tuple[dict[str, int], dict[str, set[int]], set[str]]


def outcome(matching: Matching) -> Outcome:
    """(name -> leader id, name -> candidate ids, unmatched names)."""
    return (
        {person.name: leader.id for person, leader, _ in matching.matched},
        {person.name: {leader.id for leader in leaders} for person, leaders in matching.ambiguous},
        {person.name for person in matching.unmatched},
    )


def read(name: str) -> p.Report:
    return read_report((FIXTURES / name).read_bytes(), name)


def people(*names: str) -> list[Attendee]:
    return [Attendee(name, "", None, row) for row, name in enumerate(names, start=1)]


def one(name: str) -> int | set[int] | None:
    """The leader id a lone display name is matched to, the candidates if ambiguous, or None."""
    matched, ambiguous, _ = outcome(match(people(name), LEADERS))
    return matched.get(name) or ambiguous.get(name)


# Reading the reports ---------------------------------------------------------------------------------


def test_it_reads_a_zoom_report_under_its_summary_and_merges_people_who_rejoined() -> None:
    report = read("zoom_participants.csv")

    assert report.platform == "zoom"
    assert [person.name for person in report.people] == [
        "Host CDD",
        "สมชาย ใจดี (แดง)",
        "นายประเสริฐ บุญมา",
        "น.ส.มาลี ศรีสุข ต.นาอ้อ",
        "[ต้อม] สมศรี",
        "iPhone ของ สมศรี",
        "จ.ส.อ. ธนากร สุขสวัสดิ์",
        "Mr.วิชัย คำมูล",
        "วันเพญ แกวมณี",
        "สมชาย",
        "สมชาย ไจดี",
        "Galaxy A52",
    ]
    host, rejoined = report.people[:2]
    assert host == Attendee("Host CDD", "cdd.loei@example.org", 441, 5)
    assert rejoined == Attendee("สมชาย ใจดี (แดง)", "", 95 + 150, 6)  # rows 6 and 8


def test_it_reads_a_google_meet_report_joining_first_and_last_names() -> None:
    report = read("meet_attendance.csv")

    assert report.platform == "meet"
    assert len(report.people) == 10
    assert report.people[2] == Attendee("ใจงาม สมชาย", "somchai.j@example.com", 55 + 6 * 60, 4)
    assert report.people[5].name == "ทองใบ ดวงดี"  # zero-width character and double space gone
    assert [person.minutes for person in report.people[1:5]] == [80, 415, 45, 360]


def test_it_reads_only_the_participants_section_of_a_teams_report() -> None:
    report = read("teams_attendance.csv")

    assert report.platform == "teams"
    assert [person.name for person in report.people] == [
        "เจ้าหน้าที่ พช.เลย",
        "แดง - สมชาย",
        "สมชาย ใจงาม",
        "นางสาวมาลี ศรีสุข",
        "ณัฐพล ศรีบุญเรือง (Guest)",
        "สมพงษ์ ชัยมงคล - ตำบลกุดป่อง",
        "Mrs. ทองใบ ดวงดี",
    ]  # not วิชัย คำมูล, who is only in "3. In-Meeting Activities"
    assert report.people[0] == Attendee("เจ้าหน้าที่ พช.เลย", "cdd.loei@example.org", 7 * 60 + 12, 11)
    assert report.people[1].minutes == 5 * 60 + 1


def test_it_reads_a_plain_list_of_names_saved_by_thai_windows_excel() -> None:
    report = read("names_cp874.csv")

    assert report.platform == "csv"
    assert [person.row for person in report.people] == list(range(2, 10))
    assert report.people[6].name == "นาง ทองใบ ดวงดี ม.๕"
    assert {person.minutes for person in report.people} == {None}


def test_it_reads_a_list_of_names_without_a_header() -> None:
    report = read_report("สมชาย ใจดี\n\nมาลี ศรีสุข\n".encode(), "names.csv")

    assert report == p.Report(
        "csv", [Attendee("สมชาย ใจดี", "", None, 1), Attendee("มาลี ศรีสุข", "", None, 3)]
    )


def test_it_finds_thai_headings_with_separate_first_and_last_names() -> None:
    data = "รายชื่อผู้เข้าอบรม\nลำดับ,ชื่อ,นามสกุล,อีเมล,ระยะเวลา\n๑,สมชาย,ใจดี,a@example.com,๒ ชม. ๑๐ นาที\n"

    report = read_report(data.encode("cp874"), "list.csv")

    assert report == p.Report("csv", [Attendee("สมชาย ใจดี", "a@example.com", 130, 3)])


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "zoom.csv", p.EMPTY),
        (b'\r\n ,,"" \r\n', "zoom.csv", p.EMPTY),
        (codecs.BOM_UTF16_LE + "Name\tEmail\r\n".encode("utf-16-le"), "teams.csv", p.EMPTY),
        (b"PK\x03\x04 a workbook", "meet.csv", p.NOT_CSV),
        (b"Name\r\n", "meet.xlsx", p.NOT_CSV),
        (b"Name\r\n\x00\x01\x02", "meet.csv", p.NOT_CSV),
        (b"Name\r\n\xdb\xdc\xfc", "zoom.csv", p.ENCODING),
        (codecs.BOM_UTF8 + "ชื่อ".encode("cp874"), "zoom.csv", p.ENCODING),
        (b"Meeting ID,Topic\r\n812,Training\r\n", "zoom.csv", p.NO_NAMES),
        (b"x" * (p.MAX_BYTES + 1), "zoom.csv", p.TOO_BIG.format(limit=5)),
    ],
)
def test_it_refuses_an_unreadable_file_in_thai(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"[ก-๛]") as error:
        read_report(data, filename)

    assert str(error.value) == message


# Matching display names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("สมชาย ใจดี", 1),
        ("นาย สมชาย ใจดี", 1),
        ("นายสมชาย ใจดี", 1),
        ("น.ส.มาลี ศรีสุข", 4),
        ("นส.มาลี ศรีสุข", 4),
        ("นางสาวมาลี ศรีสุข", 4),
        ("ด.ต. อนุชา มั่นคง", 14),
        ("จ.ส.อ.ธนากร สุขสวัสดิ์", 8),
        ("พระ สมพงษ์ ชัยมงคล", 12),
        ("Mrs.ทองใบ ดวงดี", 13),
        ("Miss รัตนา พลอยงาม", 11),
        ("สมชาย ใจดี (แดง)", 1),
        ("แดง - สมชาย", 1),  # his nickname tells him from สมชาย ใจงาม
        ("[ต้อม] สมศรี", 3),  # a first name alone, unique among the leaders
        ("สมชาย ใจดี ต.นาอ้อ", 1),
        ("สมชาย ใจดี - ตำบลนาอ้อ", 1),
        ("สมชาย_อบต.นาอ้อ", 1),  # his tambon tells him from สมชาย ใจงาม
        ("สมชาย ต. นาอ้อ", 1),
        ("สมชาย ใจดี อ.เมืองเลย", 1),
        ("ใจดี สมชาย", 1),
        ("  สม\u200bชาย   ใจ\u200dดี ", 1),
        ("๒ วิชัย คำมูล ม.๓", 10),
        ("สมชาย ใจด", 1),
        ("สมชาย ไจดี", 1),
        ("วันเพญ แกวมณี", 6),
        ("แดง (สมชาย ใจดี)", 1),  # Zoom: a new name, then the original one
        ("สมชาย", {1, 2}),
        ("สมชาย นาอ้อ", 1),
        ("สมศรี ทองคำ", {3}),  # the surname is someone else's
        ("iPhone ของ สมศรี", {3}),
        ("Host CDD", None),
        ("เจ้าหน้าที่ พช.เลย", None),
        ("แดง", None),
        ("Somchai Jaidee", None),  # transliterations are not matched
        ("", None),
    ],
)
def test_it_matches_a_display_name(name: str, expected: int | set[int] | None) -> None:
    assert one(name) == expected


def test_it_scores_a_match() -> None:
    matching = match(people("สมชาย ใจดี", "วันเพญ แกวมณี"), LEADERS)

    assert [(leader.id, score) for _, leader, score in matching.matched] == [(1, 100), (6, 95)]


def test_it_keeps_the_better_of_two_people_matched_to_one_leader() -> None:
    matching = match(people("สมชาย ใจด", "สมชาย ใจดี", "สมชาย ใจดี ต.นาอ้อ"), LEADERS)

    assert outcome(matching) == (
        {"สมชาย ใจดี": 1},
        {"สมชาย ใจด": {1}, "สมชาย ใจดี ต.นาอ้อ": {1}},
        set(),
    )
    assert [person.row for person, _ in matching.ambiguous] == [1, 3]


def test_it_matches_nobody_when_there_are_no_leaders() -> None:
    assert outcome(match(people("สมชาย ใจดี"), [])) == ({}, {}, {"สมชาย ใจดี"})


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        (
            "zoom_participants.csv",
            (
                {
                    "สมชาย ใจดี (แดง)": 1,
                    "นายประเสริฐ บุญมา": 5,
                    "น.ส.มาลี ศรีสุข ต.นาอ้อ": 4,
                    "[ต้อม] สมศรี": 3,
                    "จ.ส.อ. ธนากร สุขสวัสดิ์": 8,
                    "Mr.วิชัย คำมูล": 10,
                    "วันเพญ แกวมณี": 6,
                },
                {"iPhone ของ สมศรี": {3}, "สมชาย": {1, 2}, "สมชาย ไจดี": {1}},
                {"Host CDD", "Galaxy A52"},
            ),
        ),
        (
            "meet_attendance.csv",
            (
                {
                    "สมชาย_อบต.นาอ้อ": 1,
                    "ใจงาม สมชาย": 2,
                    "นส. รัตนา พลอยงาม": 11,
                    "ด.ต.อนุชา มั่นคง": 14,
                    "ทองใบ ดวงดี": 13,
                    "สมศรี ทองดี อ.เมืองเลย": 3,
                    "๑๐ จันทร์เพ็ญ ศรีวงศ์": 9,
                    "ณัฐพล ศรีบุญเรือง": 15,
                },
                {"สมศรี ทองคำ": {3}},
                {"เจ้าหน้าที่ พช.เลย"},
            ),
        ),
        (
            "teams_attendance.csv",
            (
                {
                    "แดง - สมชาย": 1,
                    "สมชาย ใจงาม": 2,
                    "นางสาวมาลี ศรีสุข": 4,
                    "ณัฐพล ศรีบุญเรือง (Guest)": 15,
                    "สมพงษ์ ชัยมงคล - ตำบลกุดป่อง": 12,
                    "Mrs. ทองใบ ดวงดี": 13,
                },
                {},
                {"เจ้าหน้าที่ พช.เลย"},
            ),
        ),
        (
            "names_cp874.csv",
            (
                {
                    "นาย บุญเลิศ พรหมมา": 7,
                    "สมชาย ใจด": 1,
                    "พระสมพงษ์ ชัยมงคล": 12,
                    "Ms.รัตนา พลอยงาม": 11,
                    "Miss มาลี ศรีสุข": 4,
                    "ประเสริฐ": 5,
                    "นาง ทองใบ ดวงดี ม.๕": 13,
                },
                {},
                {"ผู้ประสานงาน อำเภอเมืองเลย"},
            ),
        ),
    ],
)
def test_it_sorts_everyone_in_a_report(filename: str, expected: Outcome) -> None:
    report = read(filename)

    matching = match(report.people, LEADERS)

    assert outcome(matching) == expected
    counted = len(matching.matched) + len(matching.ambiguous) + len(matching.unmatched)
    assert counted == len(report.people)
