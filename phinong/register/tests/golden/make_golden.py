"""Write the golden register files that test_sheets.py reads: one file for each quirk of real uploads.

Run from the repository root:  uv run python -m phinong.register.tests.golden.make_golden
The bytes are the same on every run (fixed dates inside the .xlsx files), so a re-run changes nothing.
Everyone in these files is made up: their national IDs start with 99 and carry a valid check digit.
The hostile files that would be big (zip bombs, sheets with cells a million rows apart) are made by
the tests themselves when they run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import xlsxwriter

HERE = Path(__file__).resolve().parent
FIXED = (1980, 1, 1, 0, 0, 0)
HEADINGS = [
    "ลำดับ",
    "จังหวัด",
    "อำเภอ",
    "ตำบลบ้านพี่",
    "ตำบลเมืองน้อง",
    "หมู่ที่",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เลขประจำตัวประชาชน",
    "เพศ",
    "อายุ",
    "วันเกิด",
    "ตำแหน่ง",
    "ประเภทผู้นำ",
    "เบอร์โทรศัพท์",
]
# Three made-up people, as the text of CSV rows (the dates as Thai Excel shows them, in B.E.).
PEOPLE = [
    ["1", "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "3", "นาย", "สมชาย", "ทดสอบหนึ่ง", "9900100000016",
     "ชาย", "45", "12/5/2523", "ผู้ใหญ่บ้าน", "ทางการ", "0812345678"],
    ["2", "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "5", "นาง", "สมศรี", "ทดสอบสอง", "9900100000024",
     "หญิง", "52", "", "อสม.", "ไม่เป็นทางการ", "0898765432"],
    ["3", "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "", "นางสาว", "มาลี", "ทดสอบสาม", "9900100000032",
     "หญิง", "38", "1/1/2530", "ประธานกลุ่มแม่บ้าน", "ไม่เป็นทางการ", "0861112222"],
]  # fmt: skip
FORMULA_HEADINGS = ["ชื่อ", "นามสกุล", "ตำบลเมืองน้อง", "เลขประจำตัวประชาชน", "อายุ", "ตำแหน่ง"]
HYPERLINK = '=HYPERLINK("https://example.com","คลิก")'


def new_book() -> tuple[io.BytesIO, xlsxwriter.Workbook]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties(
        {"created": dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "author": "phinong tests"}
    )
    return buffer, book


def write_row(sheet: Any, row: int, col: int, values: list[Any], date_format: Any = None) -> None:
    """Numbers as numbers, dates as Excel dates, the rest as text."""
    for offset, value in enumerate(values):
        if isinstance(value, dt.date):
            sheet.write_datetime(row, col + offset, value, date_format)
        elif isinstance(value, int | float):
            sheet.write_number(row, col + offset, value)
        elif value != "":
            sheet.write_string(row, col + offset, value)


def rezip(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """The same zip with parts replaced or added, dated 1980 so the bytes never change."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = replace.get(info.filename, source.read(info))
            target.writestr(zipfile.ZipInfo(info.filename, FIXED), part, zipfile.ZIP_DEFLATED)
        for name, part in add.items():
            target.writestr(zipfile.ZipInfo(name, FIXED), part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv_text(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\r\n") -> str:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return text.getvalue()


def merged_title() -> bytes:
    """Merged title cells above the header, everything from B2; a blank row, a blank-looking row,
    and a row with only a note beside the register."""
    buffer, book = new_book()
    sheet = book.add_worksheet("ทะเบียน")
    centred = book.add_format({"bold": True, "align": "center"})
    date = book.add_format({"num_format": "d/m/yyyy"})
    sheet.merge_range("B2:Q2", "ทะเบียนกลุ่มเป้าหมาย โครงการตำบลบ้านพี่เมืองน้อง", centred)
    sheet.merge_range("B3:Q3", "อำเภอเมืองเลย จังหวัดเลย ปีงบประมาณ 2568", centred)
    write_row(sheet, 4, 1, HEADINGS)
    write_row(sheet, 5, 1, [1, "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", 3, "นาย", "สมชาย", "ทดสอบหนึ่ง",
                            9900100000016, "ชาย", 45, dt.date(1980, 5, 12), "ผู้ใหญ่บ้าน", "ทางการ",
                            "0812345678"], date)  # fmt: skip
    write_row(sheet, 6, 1, [2, "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", 5, "นาง", "สมศรี", "ทดสอบสอง",
                            "9900100000024", "หญิง", 52, "", "อสม.", "ไม่เป็นทางการ", "0898765432"])  # fmt: skip
    write_row(sheet, 8, 1, [3, "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "", "นางสาว", "  มาลี ", "ทดสอบ   สาม",
                            "9900100000032", "หญิง", 38, "", "ประธานกลุ่ม\nแม่บ้าน", "ไม่เป็นทางการ",
                            "0861112222"])  # fmt: skip
    write_row(sheet, 9, 1, [" ", "", "\u200b"])
    write_row(sheet, 10, 17, ["หมายเหตุ: ตรวจแล้ว"])
    book.close()
    return buffer.getvalue()


def english_headings() -> bytes:
    """An instructions sheet first, then a hidden template, then the data under English headings
    in another order, with odd case and spaces."""
    buffer, book = new_book()
    book.add_worksheet("คำชี้แจง").write_column(0, 0, ["วิธีกรอกแบบฟอร์ม", "กรอกหนึ่งคนต่อหนึ่งแถว"])
    hidden = book.add_worksheet("แม่แบบ")
    write_row(hidden, 0, 0, HEADINGS)
    write_row(hidden, 1, 0, ["0", "ตัวอย่าง", "ตัวอย่าง", "ตัวอย่าง", "ตัวอย่าง"])
    hidden.hide()
    sheet = book.add_worksheet("data")
    write_row(sheet, 0, 0, [" NATIONAL  ID ", "first name", "LAST NAME", "Younger  tambon", "elder_tambon",
                            "Title", "sex", "AGE", "Phone", "Province", "district", "remarks"])  # fmt: skip
    write_row(sheet, 1, 0, ["9900100000041", "Somchai", "Testing", "Na An", "Kut Pong", "Mr.", "male", 61,
                            "0812223333", "Loei", "Mueang Loei", "-"])  # fmt: skip
    write_row(sheet, 2, 0, ["9900100000059", "สมหญิง", "ทดสอบ", "นาอาน", "กุดป่อง", "นาง", "หญิง", 47,
                            "0823334444", "เลย", "เมืองเลย"])  # fmt: skip
    book.close()
    return buffer.getvalue()


def digits_and_dates() -> bytes:
    """Thai digits, dashes and spaces in IDs and phones; B.E. and C.E. dates as text and as dates."""
    buffer, book = new_book()
    sheet = book.add_worksheet()
    date = book.add_format({"num_format": "d/m/yyyy"})
    thai_date = book.add_format({"num_format": "[$-th-TH,107]d mmmm yyyy;@"})
    keys = ["ชื่อ", "นามสกุล", "ตำบลเมืองน้อง", "เลขประจำตัวประชาชน", "เบอร์โทรศัพท์", "อายุ", "วันเกิด"]
    write_row(sheet, 0, 0, keys)
    rows: list[tuple[list[Any], Any]] = [
        (["เลขไทย", "หนึ่ง", "นาอาน", "๙๙๐๐๑๐๐๐๐๐๐๖๗", "๐๘๑-๒๓๔-๕๖๗๘", "๔๕", "๑๕/๐๓/๒๕๓๐"], None),
        (["ขีด", "สอง", "นาอาน", "9-9001-00000-07-5", "081-234-5678", "45", "15/3/2530"], None),
        (["เว้นวรรค", "สาม", "นาอาน", "9 9001 00000 08 3", "081 234 5678", 45, "15/03/1987"], None),
        (["วันที่ค.ศ.", "สี่", "นาอาน", 9900100000091, 812345678, 45.0, dt.date(1987, 3, 15)], date),
        (
            [
                "ปีพ.ศ.ในช่องวันที่",
                "ห้า",
                "นาอาน",
                "9900100000105",
                "0812345678",
                45,
                dt.date(2530, 3, 15),
            ],
            date,
        ),
        (
            [
                "รูปแบบวันที่ไทย",
                "หก",
                "นาอาน",
                "9900100000113",
                "0812345678",
                45.5,
                dt.date(1987, 3, 15),
            ],
            thai_date,
        ),
        (["ปีอย่างเดียว", "เจ็ด", "นาอาน", "9900100000121", "+66812345678", "45 ปี", "2530"], None),
    ]
    for number, (values, date_format) in enumerate(rows, start=1):
        write_row(sheet, number, 0, values, date_format)
    book.close()
    return buffer.getvalue()


def area_names() -> bytes:
    """Area names with and without จ./จังหวัด, อ./อำเภอ, ต./ตำบล, and as DOPA codes (numbers and text)."""
    buffer, book = new_book()
    sheet = book.add_worksheet()
    rows: list[list[Any]] = [
        ["จังหวัด", "อำเภอ", "ตำบลบ้านพี่", "ตำบลเมืองน้อง", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน"],
        ["จ.เลย", "อ.เมืองเลย", "ต.กุดป่อง", "ต. นาอาน", "ก", "ทดสอบ", "9900100000016"],
        ["จังหวัดเลย", "อำเภอเมืองเลย", "ตำบลกุดป่อง", "ตำบล นาอาน", "ข", "ทดสอบ", "9900100000024"],
        ["เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "ค", "ทดสอบ", "9900100000032"],
        [42, 4201, 420101, 420107, "ง", "ทดสอบ", "9900100000041"],
        ["42", "4201", "420101", "420107", "จ", "ทดสอบ", "9900100000059"],
        ["จ. เลย", "อ. เมืองเลย", "ต.กุดป่อง (420101)", "420107 นาอาน", "ฉ", "ทดสอบ", "9900100000067"],
    ]
    for number, values in enumerate(rows):
        write_row(sheet, number, 0, values)
    book.close()
    return buffer.getvalue()


def two_row_header() -> bytes:
    """A header over two rows: "ที่ตั้ง" merged above จังหวัด อำเภอ ตำบล, the other headings merged down."""
    buffer, book = new_book()
    sheet = book.add_worksheet()
    centred = book.add_format({"align": "center", "valign": "vcenter"})
    sheet.merge_range("A1:H1", "แบบทะเบียนผู้นำการเปลี่ยนแปลง", centred)
    sheet.merge_range("A3:A4", "ลำดับ", centred)
    sheet.merge_range("B3:E3", "ที่ตั้ง", centred)
    write_row(sheet, 3, 1, ["จังหวัด", "อำเภอ", "ตำบลบ้านพี่", "ตำบลเมืองน้อง"])
    for column, heading in zip("FGH", ["ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน"], strict=True):
        sheet.merge_range(f"{column}3:{column}4", heading, centred)
    write_row(
        sheet, 4, 0, [1, "เลย", "เมืองเลย", "กุดป่อง", "นาอาน", "สมชาย", "ทดสอบ", "9900100000016"]
    )
    book.close()
    return buffer.getvalue()


def formulas() -> bytes:
    """Formulas with a cached 0 (XlsxWriter's default), a cached 2, an empty cached text, no cached
    value at all, and a HYPERLINK: each must come back as its cached value, never evaluated."""
    buffer, book = new_book()
    sheet = book.add_worksheet()
    write_row(sheet, 0, 0, FORMULA_HEADINGS)
    ids = ["9900100000016", "9900100000024", "9900100000032", "9900100000041"]
    for row, (name, national_id) in enumerate(
        zip(["ศูนย์", "สอง", "ว่าง", "ไม่มีค่า"], ids, strict=True), start=1
    ):
        write_row(sheet, row, 0, [name, "สูตร", "นาอาน", national_id])
    sheet.write_formula("E2", "=1+1")
    sheet.write_formula("E3", "=1+1", None, 2)
    sheet.write_formula("E4", "=1+1", None, "")
    sheet.write_formula("E5", "=2+2")  # its cached 0 is taken out below
    sheet.write_formula("F5", HYPERLINK, None, "คลิก")
    book.close()
    data = buffer.getvalue()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert xml.count(b"<f>2+2</f><v>0</v>") == 1
    return rezip(
        data,
        replace={"xl/worksheets/sheet1.xml": xml.replace(b"<f>2+2</f><v>0</v>", b"<f>2+2</f>")},
    )


def empty_xlsx() -> bytes:
    buffer, book = new_book()
    book.add_worksheet()
    book.close()
    return buffer.getvalue()


def no_header() -> bytes:
    """A memo, not a register: no row has the headings."""
    buffer, book = new_book()
    book.add_worksheet().write_column(
        0, 0, ["บันทึกข้อความ", "เรื่อง ส่งรายชื่อผู้นำ", "ตามที่แจ้ง", "จึงเรียนมาเพื่อทราบ"]
    )
    book.close()
    return buffer.getvalue()


def macro(data: bytes) -> bytes:
    """An .xlsm: a vbaProject.bin part and the macro-enabled content type."""
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    macro_types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert macro_types != types
    return rezip(
        data,
        replace={"[Content_Types].xml": macro_types},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really VBA"},
    )


def png() -> bytes:
    """A 1 x 1 white PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def files() -> dict[str, bytes]:
    headed = [HEADINGS, *PEOPLE]
    over_two_lines = [*PEOPLE[1][:13], "อสม.\nผู้ช่วยผู้ใหญ่บ้าน", *PEOPLE[1][14:]]
    with_a_comma = [*PEOPLE[0][:13], "ผู้ใหญ่บ้าน, อสม.", *PEOPLE[0][14:]]
    formulas_as_text = ["สูตร", "ข้อความ", "นาอาน", "9900100000016", "=1+1", HYPERLINK]
    merged = merged_title()
    return {
        # The quirks of real registers.
        "merged_title.xlsx": merged,
        "english_headings.xlsx": english_headings(),
        "digits_and_dates.xlsx": digits_and_dates(),
        "area_names.xlsx": area_names(),
        "two_row_header.xlsx": two_row_header(),
        "formulas.xlsx": formulas(),
        # Excel's "CSV UTF-8"; Google Sheets and LibreOffice (no BOM, LF, a cell over two lines);
        # Thai Windows Excel's "CSV" (cp874, a title line); Excel's "Unicode Text"; a European Excel.
        "utf8_bom.csv": ("\ufeff" + csv_text(headed)).encode(),
        "utf8.csv": csv_text([HEADINGS, PEOPLE[0], over_two_lines], newline="\n").encode(),
        "cp874.csv": csv_text([["ทะเบียนกลุ่มเป้าหมาย ตำบลนาอาน"], [], *headed]).encode("cp874"),
        "utf16.csv": ("\ufeff" + csv_text(headed, delimiter="\t")).encode("utf-16-le"),
        "semicolon.csv": csv_text([HEADINGS, with_a_comma], delimiter=";").encode(),
        "hyperlink.csv": csv_text([FORMULA_HEADINGS, formulas_as_text]).encode(),
        "missing_column.csv": csv_text(
            [HEADINGS[:4] + HEADINGS[5:], PEOPLE[0][:4] + PEOPLE[0][5:]]
        ).encode(),
        # Files that are not registers at all.
        "empty.csv": b"",
        "empty.xlsx": empty_xlsx(),
        "no_header.xlsx": no_header(),
        "truncated.xlsx": merged[: len(merged) // 2],
        "png_renamed.xlsx": png(),
        "macro.xlsm": macro(merged),
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    }


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
