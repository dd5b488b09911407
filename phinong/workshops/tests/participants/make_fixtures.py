"""Write the participant reports that test_participants.py reads, in the encodings the platforms use.

Run from the repository root:  uv run python -m phinong.workshops.tests.participants.make_fixtures
The bytes are the same on every run. Everyone is made up; the leaders are LEADERS in test_participants.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent


def csv_text(rows: list[list[str]], *, delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def zoom() -> bytes:
    """Zoom's "Participants" report exported with the meeting data: UTF-8 with a BOM, a summary on top.
    สมชาย ใจดี (แดง) left and rejoined, so he is on two rows."""
    day = "11/03/2025"
    summary = [
        ["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)",
         "Participants"],
        ["812 3456 7890", "อบรมเชิงปฏิบัติการผู้นำการเปลี่ยนแปลง วันที่ 1", f"{day} 08:45:12 AM",
         f"{day} 04:05:40 PM", "cdd.loei@example.org", "441", "13"],
        [],
    ]  # fmt: skip
    header = ["Name (Original Name)", "User Email", "Join Time", "Leave Time",
              "Duration (Minutes)", "Guest", "Recording Consent", "In Waiting Room"]  # fmt: skip
    people = [
        ("Host CDD", "cdd.loei@example.org", "08:45:12 AM", "04:05:40 PM", "441", "No"),
        ("สมชาย ใจดี (แดง)", "", "08:52:03 AM", "10:27:40 AM", "95", "Yes"),
        ("นายประเสริฐ บุญมา", "", "08:55:10 AM", "12:45:00 PM", "230", "Yes"),
        ("สมชาย ใจดี (แดง)", "", "01:10:00 PM", "03:40:30 PM", "150", "Yes"),
        ("น.ส.มาลี ศรีสุข ต.นาอ้อ", "malee.s@example.com", "08:58:41 AM", "04:00:02 PM", "422", "No"),
        ("[ต้อม] สมศรี", "", "09:01:15 AM", "04:01:00 PM", "420", "Yes"),
        ("iPhone ของ สมศรี", "", "09:03:00 AM", "09:20:00 AM", "17", "Yes"),
        ("จ.ส.อ. ธนากร สุขสวัสดิ์", "", "09:05:33 AM", "04:02:10 PM", "417", "Yes"),
        ("Mr.วิชัย คำมูล", "", "09:06:00 AM", "04:02:00 PM", "416", "Yes"),
        ("วันเพญ แกวมณี", "", "09:10:12 AM", "03:55:00 PM", "405", "Yes"),
        ("สมชาย", "", "09:12:00 AM", "02:00:00 PM", "288", "Yes"),
        ("สมชาย ไจดี", "", "10:30:00 AM", "11:00:00 AM", "30", "Yes"),
        ("Galaxy A52", "", "11:00:00 AM", "11:05:00 AM", "5", "Yes"),
    ]
    rows = [[name, email, f"{day} {join}", f"{day} {leave}", minutes, guest, "Y", "No"]
            for name, email, join, leave, minutes, guest in people]  # fmt: skip
    return ("\ufeff" + csv_text([*summary, header, *rows])).encode("utf-8")


def meet() -> bytes:
    """Google Meet's attendance report (a Google Sheet downloaded as CSV: UTF-8, no BOM)."""
    header = ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"]
    rows = [
        ["เจ้าหน้าที่ พช.เลย", "", "cdd.loei@example.org", "7 hr 10 min", "8:50 AM", "4:00 PM"],
        ["สมชาย_อบต.นาอ้อ", "", "", "1 hr 20 min", "9:00 AM", "10:20 AM"],
        ["ใจงาม", "สมชาย", "somchai.j@example.com", "6 hr 55 min", "9:02 AM", "3:57 PM"],
        ["นส. รัตนา", "พลอยงาม", "", "45 min", "9:05 AM", "9:50 AM"],
        ["ด.ต.อนุชา", "มั่นคง", "", "6 hr", "9:10 AM", "3:10 PM"],
        ["ทอ\u200bงใบ  ดวงดี", "", "", "5 hr 30 min", "9:15 AM", "2:45 PM"],
        ["สมศรี ทองดี อ.เมืองเลย", "", "", "6 hr 40 min", "9:00 AM", "3:40 PM"],
        ["๑๐ จันทร์เพ็ญ ศรีวงศ์", "", "", "6 hr 5 min", "9:20 AM", "3:25 PM"],
        ["ณัฐพล", "ศรีบุญเรือง", "nattaphon@example.com", "7 hr", "8:59 AM", "3:59 PM"],
        ["สมศรี", "ทองคำ", "somsri.t@example.com", "2 hr 5 min", "1:00 PM", "3:05 PM"],
    ]
    return csv_text([header, *rows]).encode("utf-8")


def teams() -> bytes:
    """Microsoft Teams' attendance report: UTF-16 LE with a BOM, tab-separated, in three sections.
    Section 3 lists every join; วิชัย คำมูล is only there, so a reader that goes on too far finds him."""
    day = "11/4/25"
    rows = [
        ["1. Summary"],
        ["Meeting title", "อบรมเชิงปฏิบัติการผู้นำการเปลี่ยนแปลง วันที่ 2"],
        ["Attended participants", "7"],
        ["Start time", f"{day}, 8:50:03 AM"],
        ["End time", f"{day}, 4:02:41 PM"],
        ["Meeting duration", "7h 12m 38s"],
        ["Average attendance time", "5h 40m 2s"],
        [],
        ["2. Participants"],
        ["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)",
         "Role"],
        ["เจ้าหน้าที่ พช.เลย", f"{day}, 8:50:03 AM", f"{day}, 4:02:41 PM", "7h 12m 38s",
         "cdd.loei@example.org", "cdd.loei@example.org", "Organizer"],
        ["แดง - สมชาย", f"{day}, 9:00:10 AM", f"{day}, 2:01:20 PM", "5h 1m 10s", "", "", "Attendee"],
        ["สมชาย ใจงาม", f"{day}, 9:01:00 AM", f"{day}, 4:00:00 PM", "6h 59m", "", "", "Attendee"],
        ["นางสาวมาลี ศรีสุข", f"{day}, 9:03:00 AM", f"{day}, 4:00:00 PM", "6h 57m", "", "",
         "Attendee"],
        ["ณัฐพล ศรีบุญเรือง (Guest)", f"{day}, 9:04:00 AM", f"{day}, 3:00:00 PM", "5h 56m", "", "",
         "Attendee"],
        ["สมพงษ์ ชัยมงคล - ตำบลกุดป่อง", f"{day}, 9:05:00 AM", f"{day}, 3:59:59 PM", "6h 54m 59s",
         "", "", "Attendee"],
        ["Mrs. ทองใบ ดวงดี", f"{day}, 9:06:00 AM", f"{day}, 12:00:00 PM", "2h 54m", "", "",
         "Attendee"],
        [],
        ["3. In-Meeting Activities"],
        ["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
        ["แดง - สมชาย", f"{day}, 9:00:10 AM", f"{day}, 11:30:15 AM", "2h 30m 5s", "", "Attendee"],
        ["วิชัย คำมูล", f"{day}, 10:00:00 AM", f"{day}, 10:05:00 AM", "5m", "", "Attendee"],
    ]  # fmt: skip
    return ("\ufeff" + csv_text(rows, delimiter="\t")).encode("utf-16-le")


def cp874() -> bytes:
    """A list typed in Thai Windows Excel and saved as "CSV": cp874, one column of names."""
    names = [
        "นาย บุญเลิศ พรหมมา",
        "สมชาย ใจด",
        "พระสมพงษ์ ชัยมงคล",
        "Ms.รัตนา พลอยงาม",
        "Miss มาลี ศรีสุข",
        "ประเสริฐ",
        "นาง ทองใบ ดวงดี ม.๕",
        "ผู้ประสานงาน อำเภอเมืองเลย",
    ]
    return csv_text([["ชื่อ-นามสกุล"], *([name] for name in names)]).encode("cp874")


def files() -> dict[str, bytes]:
    return {
        "zoom_participants.csv": zoom(),
        "meet_attendance.csv": meet(),
        "teams_attendance.csv": teams(),
        "names_cp874.csv": cp874(),
    }


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
