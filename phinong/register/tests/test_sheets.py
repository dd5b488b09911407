"""Reading uploaded register files (register.sheets.read_sheet), against the golden files in golden/.

The golden files are written by golden/make_golden.py; the hostile files that would be big are made here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from pytest_django.fixtures import Settings

from phinong.register.sheets import Sheet, SheetError, column_letter, read_sheet

GOLDEN = Path(__file__).parent / "golden"

EMPTY = "ไฟล์ว่าง ไม่มีข้อมูล"
BROKEN = (
    "ไฟล์ Excel นี้เสียหรือไม่สมบูรณ์ (อาจอัปโหลดไม่ครบ) กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx แล้วอัปโหลดอีกครั้ง"
)
NOT_XLSX = "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx หรือ .csv แล้วอัปโหลดใหม่"
NOT_A_REGISTER_FILE = (
    "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV กรุณาบันทึกทะเบียนเป็น .xlsx หรือ .csv แล้วอัปโหลดใหม่"
)
MACROS = (
    "ไฟล์นี้มีแมโคร (.xlsm) ซึ่งระบบไม่รับเพื่อความปลอดภัย กรุณาบันทึกเป็นไฟล์ Excel ธรรมดา (.xlsx) แล้วอัปโหลดใหม่"
)
OLD_XLS = (
    "ไฟล์นี้เป็นไฟล์ Excel รุ่นเก่า (.xls) หรือไฟล์ที่ตั้งรหัสผ่านไว้ ซึ่งระบบอ่านไม่ได้ "
    "กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx (ไม่ตั้งรหัสผ่าน) แล้วอัปโหลดใหม่"
)
ZIP_BOMB = "ไฟล์ Excel นี้ผิดปกติ (เมื่อขยายแล้วมีขนาดใหญ่เกินไป) ระบบจึงไม่อ่านไฟล์นี้"
NO_HEADER = "ไม่พบแถวหัวตารางใน 30 แถวแรกของไฟล์ ต้องมีคอลัมน์ ตำบลเมืองน้อง ชื่อ นามสกุล เลขประจำตัวประชาชน"


def read(name: str, **limits: int) -> Sheet:
    return read_sheet((GOLDEN / name).read_bytes(), name, **limits)


def refused(data: bytes, filename: str, **limits: int) -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(data, filename, **limits)
    return str(caught.value)


def values(sheet: Sheet) -> list[dict[str, str | dt.date]]:
    return [cells for _number, cells in sheet.rows]


def numbers(sheet: Sheet) -> list[int]:
    return [number for number, _cells in sheet.rows]


ALL_KEYS = [
    "seq",
    "province",
    "district",
    "elder",
    "younger",
    "moo",
    "title",
    "first_name",
    "last_name",
    "national_id",
    "sex",
    "age",
    "birth_date",
    "position",
    "leader_type",
    "phone",
]
SOMCHAI = {
    "seq": "1",
    "province": "เลย",
    "district": "เมืองเลย",
    "elder": "กุดป่อง",
    "younger": "นาอาน",
    "moo": "3",
    "title": "นาย",
    "first_name": "สมชาย",
    "last_name": "ทดสอบหนึ่ง",
    "national_id": "9900100000016",
    "sex": "ชาย",
    "age": "45",
    "birth_date": "12/5/2523",
    "position": "ผู้ใหญ่บ้าน",
    "leader_type": "ทางการ",
    "phone": "0812345678",
}
SOMSRI = {
    "seq": "2",
    "province": "เลย",
    "district": "เมืองเลย",
    "elder": "กุดป่อง",
    "younger": "นาอาน",
    "moo": "5",
    "title": "นาง",
    "first_name": "สมศรี",
    "last_name": "ทดสอบสอง",
    "national_id": "9900100000024",
    "sex": "หญิง",
    "age": "52",
    "birth_date": "",
    "position": "อสม.",
    "leader_type": "ไม่เป็นทางการ",
    "phone": "0898765432",
}
MALEE = {
    "seq": "3",
    "province": "เลย",
    "district": "เมืองเลย",
    "elder": "กุดป่อง",
    "younger": "นาอาน",
    "moo": "",
    "title": "นางสาว",
    "first_name": "มาลี",
    "last_name": "ทดสอบสาม",
    "national_id": "9900100000032",
    "sex": "หญิง",
    "age": "38",
    "birth_date": "1/1/2530",
    "position": "ประธานกลุ่มแม่บ้าน",
    "leader_type": "ไม่เป็นทางการ",
    "phone": "0861112222",
}


# The quirks of real registers.


def test_it_finds_the_header_under_a_merged_title_block() -> None:
    sheet = read("merged_title.xlsx")

    assert sheet.header_row == 5
    assert sheet.title == [
        "ทะเบียนกลุ่มเป้าหมาย โครงการตำบลบ้านพี่เมืองน้อง",
        "อำเภอเมืองเลย จังหวัดเลย ปีงบประมาณ 2568",
    ]
    assert sheet.columns == {
        key: index for index, key in enumerate(ALL_KEYS, start=1)
    }  # from column B
    assert (sheet.letter("seq"), sheet.letter("national_id"), sheet.letter("phone")) == (
        "B",
        "K",
        "Q",
    )
    # Row 8 is blank, row 10 only has spaces and a zero-width space, row 11 only a note in column R.
    assert numbers(sheet) == [6, 7, 9]
    assert values(sheet) == [
        SOMCHAI | {"birth_date": dt.date(1980, 5, 12)},  # an Excel date; the ID was a number
        SOMSRI,
        MALEE | {"last_name": "ทดสอบ สาม", "birth_date": "", "position": "ประธานกลุ่ม แม่บ้าน"},
    ]


def test_it_reads_english_headings_in_any_order_and_case_on_the_first_sheet_that_has_them() -> None:
    sheet = read("english_headings.xlsx")  # after an instructions sheet and a hidden template

    assert sheet.header_row == 1
    assert sheet.title == []
    assert list(sheet.columns) == [
        "national_id",
        "first_name",
        "last_name",
        "younger",
        "elder",
        "title",
        "sex",
        "age",
        "phone",
        "province",
        "district",
    ]
    assert sheet.letter("national_id") == "A"
    assert sheet.letter("birth_date") == ""
    assert sheet.rows == [
        (
            2,
            {
                "national_id": "9900100000041",
                "first_name": "Somchai",
                "last_name": "Testing",
                "younger": "Na An",
                "elder": "Kut Pong",
                "title": "Mr.",
                "sex": "male",
                "age": "61",
                "phone": "0812223333",
                "province": "Loei",
                "district": "Mueang Loei",
            },
        ),
        (
            3,
            {
                "national_id": "9900100000059",
                "first_name": "สมหญิง",
                "last_name": "ทดสอบ",
                "younger": "นาอาน",
                "elder": "กุดป่อง",
                "title": "นาง",
                "sex": "หญิง",
                "age": "47",
                "phone": "0823334444",
                "province": "เลย",
                "district": "เมืองเลย",
            },
        ),
    ]


def test_it_reads_csv_in_utf8_with_a_bom_as_excel_saves_it() -> None:
    sheet = read("utf8_bom.csv")

    assert (sheet.header_row, sheet.title) == (1, [])
    assert sheet.columns == {key: index for index, key in enumerate(ALL_KEYS)}
    assert numbers(sheet) == [2, 3, 4]
    assert values(sheet) == [SOMCHAI, SOMSRI, MALEE]


def test_it_reads_csv_in_utf8_without_a_bom_counting_a_cell_over_two_lines_as_one_row() -> None:
    sheet = read("utf8.csv")

    assert numbers(sheet) == [2, 3]
    assert values(sheet) == [SOMCHAI, SOMSRI | {"position": "อสม. ผู้ช่วยผู้ใหญ่บ้าน"}]


def test_it_reads_csv_in_the_windows_thai_encoding_under_a_title() -> None:
    sheet = read("cp874.csv")

    assert (sheet.header_row, sheet.title) == (3, ["ทะเบียนกลุ่มเป้าหมาย ตำบลนาอาน"])
    assert numbers(sheet) == [4, 5, 6]
    assert values(sheet) == [SOMCHAI, SOMSRI, MALEE]


def test_it_reads_utf16_text_with_tabs_as_excel_saves_unicode_text() -> None:
    sheet = read("utf16.csv")

    assert numbers(sheet) == [2, 3, 4]
    assert values(sheet) == [SOMCHAI, SOMSRI, MALEE]


def test_it_reads_csv_with_semicolons_keeping_the_commas_in_a_cell() -> None:
    sheet = read("semicolon.csv")

    assert sheet.rows == [(2, SOMCHAI | {"position": "ผู้ใหญ่บ้าน, อสม."})]


def test_it_keeps_thai_digits_dashes_and_spaces_and_reads_excel_dates_as_dates() -> None:
    sheet = read("digits_and_dates.xlsx")

    assert sheet.rows == [
        (
            2,
            {
                "first_name": "เลขไทย",
                "last_name": "หนึ่ง",
                "younger": "นาอาน",
                "national_id": "๙๙๐๐๑๐๐๐๐๐๐๖๗",
                "phone": "๐๘๑-๒๓๔-๕๖๗๘",
                "age": "๔๕",
                "birth_date": "๑๕/๐๓/๒๕๓๐",
            },
        ),
        (
            3,
            {
                "first_name": "ขีด",
                "last_name": "สอง",
                "younger": "นาอาน",
                "national_id": "9-9001-00000-07-5",
                "phone": "081-234-5678",
                "age": "45",
                "birth_date": "15/3/2530",
            },
        ),
        (
            4,
            {
                "first_name": "เว้นวรรค",
                "last_name": "สาม",
                "younger": "นาอาน",
                "national_id": "9 9001 00000 08 3",
                "phone": "081 234 5678",
                "age": "45",
                "birth_date": "15/03/1987",
            },
        ),
        (
            5,
            {
                "first_name": "วันที่ค.ศ.",
                "last_name": "สี่",
                "younger": "นาอาน",
                "national_id": "9900100000091",  # a number in Excel: no ".0"
                "phone": "812345678",  # a number in Excel, its leading 0 lost there
                "age": "45",  # 45.0
                "birth_date": dt.date(1987, 3, 15),
            },
        ),
        (
            6,
            {
                "first_name": "ปีพ.ศ.ในช่องวันที่",
                "last_name": "ห้า",
                "younger": "นาอาน",
                "national_id": "9900100000105",
                "phone": "0812345678",
                "age": "45",
                "birth_date": dt.date(
                    2530, 3, 15
                ),  # a B.E. year typed into a date: the importer's call
            },
        ),
        (
            7,
            {
                "first_name": "รูปแบบวันที่ไทย",
                "last_name": "หก",
                "younger": "นาอาน",
                "national_id": "9900100000113",
                "phone": "0812345678",
                "age": "45.5",
                "birth_date": dt.date(1987, 3, 15),  # shown in B.E. by its Thai number format
            },
        ),
        (
            8,
            {
                "first_name": "ปีอย่างเดียว",
                "last_name": "เจ็ด",
                "younger": "นาอาน",
                "national_id": "9900100000121",
                "phone": "+66812345678",
                "age": "45 ปี",
                "birth_date": "2530",
            },
        ),
    ]


def test_it_keeps_area_names_and_codes_as_written() -> None:
    sheet = read("area_names.xlsx")
    areas = [
        (cells["province"], cells["district"], cells["elder"], cells["younger"])
        for cells in values(sheet)
    ]

    assert numbers(sheet) == [2, 3, 4, 5, 6, 7]
    assert areas == [
        ("จ.เลย", "อ.เมืองเลย", "ต.กุดป่อง", "ต. นาอาน"),
        ("จังหวัดเลย", "อำเภอเมืองเลย", "ตำบลกุดป่อง", "ตำบล นาอาน"),
        ("เลย", "เมืองเลย", "กุดป่อง", "นาอาน"),
        ("42", "4201", "420101", "420107"),  # DOPA codes as numbers
        ("42", "4201", "420101", "420107"),  # and as text
        ("จ. เลย", "อ. เมืองเลย", "ต.กุดป่อง (420101)", "420107 นาอาน"),
    ]
    assert [cells["national_id"] for cells in values(sheet)][:2] == [
        "9900100000016",
        "9900100000024",
    ]


def test_it_reads_a_header_split_over_two_rows() -> None:
    sheet = read("two_row_header.xlsx")

    assert sheet.header_row == 4
    assert sheet.title == ["แบบทะเบียนผู้นำการเปลี่ยนแปลง"]  # not the upper header row
    assert sheet.columns == {
        "seq": 0,
        "province": 1,
        "district": 2,
        "elder": 3,
        "younger": 4,
        "first_name": 5,
        "last_name": 6,
        "national_id": 7,
    }
    assert sheet.rows == [
        (
            5,
            {
                "seq": "1",
                "province": "เลย",
                "district": "เมืองเลย",
                "elder": "กุดป่อง",
                "younger": "นาอาน",
                "first_name": "สมชาย",
                "last_name": "ทดสอบ",
                "national_id": "9900100000016",
            },
        )
    ]


def test_it_never_evaluates_a_formula() -> None:
    sheet = read("formulas.xlsx")
    formula_cells = [
        (cells["first_name"], cells["age"], cells["position"]) for cells in values(sheet)
    ]

    assert formula_cells == [
        ("ศูนย์", "0", ""),  # =1+1 as XlsxWriter writes it, with 0 as the cached value
        ("สอง", "2", ""),  # =1+1 with the cached 2 that Excel would write
        ("ว่าง", "", ""),  # =1+1 with an empty cached text
        ("ไม่มีค่า", "", "คลิก"),  # =2+2 with no cached value at all; a HYPERLINK's cached text
    ]


def test_a_formula_in_a_csv_stays_plain_text() -> None:
    sheet = read("hyperlink.csv")

    assert sheet.rows == [
        (
            2,
            {
                "first_name": "สูตร",
                "last_name": "ข้อความ",
                "younger": "นาอาน",
                "national_id": "9900100000016",
                "age": "=1+1",
                "position": '=HYPERLINK("https://example.com","คลิก")',
            },
        )
    ]


def test_the_content_decides_the_format_not_the_name() -> None:
    xlsx = (GOLDEN / "merged_title.xlsx").read_bytes()
    text = (GOLDEN / "utf8_bom.csv").read_bytes()

    assert values(read_sheet(xlsx, "register.csv")) == values(read("merged_title.xlsx"))
    assert values(read_sheet(text, "register.txt")) == [SOMCHAI, SOMSRI, MALEE]
    assert values(read_sheet(text, "register.xls")) == [
        SOMCHAI,
        SOMSRI,
        MALEE,
    ]  # an "xls" that is text


def test_a_header_without_rows_gives_no_rows() -> None:
    sheet = read_sheet("ชื่อ,นามสกุล,ตำบลเมืองน้อง,เลขประจำตัวประชาชน\r\n,,,\r\n".encode(), "a.csv")

    assert (sheet.header_row, sheet.rows) == (1, [])


def test_column_letters() -> None:
    assert [column_letter(index) for index in (0, 9, 25, 26, 51, 701, 702, 16383)] == [
        "A",
        "J",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
        "XFD",
    ]


# Limits.


def test_it_refuses_a_file_over_the_size_limit() -> None:
    message = refused(b"x" * (2**20 + 1), "big.csv", max_bytes=2**20)

    assert message == "ไฟล์ใหญ่เกิน 1 MB (ไฟล์นี้ 1.0 MB) กรุณาแบ่งเป็นหลายไฟล์"


def test_it_takes_its_limits_from_the_settings(settings: Settings) -> None:
    settings.PHINONG_IMPORT_MAX_ROWS = 2

    message = refused((GOLDEN / "utf8_bom.csv").read_bytes(), "a.csv")

    assert message == "ไฟล์มีข้อมูลเกิน 2 แถว กรุณาแบ่งเป็นหลายไฟล์ ไฟล์ละไม่เกิน 2 แถว"


def test_it_refuses_more_rows_than_the_limit_but_not_blank_ones() -> None:
    header = "ชื่อ,นามสกุล,ตำบลเมืองน้อง,เลขประจำตัวประชาชน\r\n"
    five = header + "ก,ข,ค,1\r\n,,,\r\n" * 5

    assert len(read_sheet(five.encode(), "a.csv", max_rows=5).rows) == 5
    assert (
        refused((five + "ก,ข,ค,1\r\n").encode(), "a.csv", max_rows=5)
        == "ไฟล์มีข้อมูลเกิน 5 แถว กรุณาแบ่งเป็นหลายไฟล์ ไฟล์ละไม่เกิน 5 แถว"
    )


# Files that are not registers.


@pytest.mark.parametrize("name", ["empty.csv", "empty.xlsx"])
def test_it_refuses_an_empty_file(name: str) -> None:
    assert refused((GOLDEN / name).read_bytes(), name) == EMPTY


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n", b",,,\r\n;;\r\n", b'"",""\n'])
def test_it_refuses_a_file_with_nothing_in_it(data: bytes) -> None:
    assert refused(data, "register.csv") == EMPTY


def test_it_refuses_an_empty_upload_whatever_its_name() -> None:
    assert refused(b"", "register.xlsx") == EMPTY


def test_it_refuses_a_sheet_without_a_header_naming_the_headings_it_needs() -> None:
    assert refused((GOLDEN / "no_header.xlsx").read_bytes(), "memo.xlsx") == NO_HEADER


def test_it_names_the_columns_a_near_header_lacks() -> None:
    message = refused((GOLDEN / "missing_column.csv").read_bytes(), "a.csv")

    assert message == (
        "แถวหัวตาราง (แถวที่ 1) ไม่มีคอลัมน์ ตำบลเมืองน้อง กรุณาเพิ่มคอลัมน์ หรือแก้ชื่อหัวคอลัมน์ให้ตรงกับแบบฟอร์ม"
    )


def test_it_refuses_a_truncated_xlsx() -> None:
    assert refused((GOLDEN / "truncated.xlsx").read_bytes(), "register.xlsx") == BROKEN


@pytest.mark.parametrize(
    "data", [(GOLDEN / "png_renamed.xlsx").read_bytes(), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"]
)
def test_it_refuses_a_picture_or_pdf_renamed_xlsx(data: bytes) -> None:
    assert refused(data, "register.xlsx") == NOT_XLSX
    assert refused(data, "register.csv") == NOT_A_REGISTER_FILE


def test_it_refuses_another_kind_of_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")

    assert refused(buffer.getvalue(), "register.ods") == NOT_XLSX


@pytest.mark.parametrize("name", ["register.xlsm", "register.xlsx"])
def test_it_refuses_a_workbook_with_macros(name: str) -> None:
    assert refused((GOLDEN / "macro.xlsm").read_bytes(), name) == MACROS


def test_it_refuses_a_plain_workbook_named_xlsm() -> None:
    assert refused((GOLDEN / "merged_title.xlsx").read_bytes(), "register.xlsm") == MACROS


@pytest.mark.parametrize("name", ["register.xls", "register.xlsx"])
def test_it_asks_for_an_old_xls_to_be_saved_as_xlsx(name: str) -> None:
    assert refused((GOLDEN / "old.xls").read_bytes(), name) == OLD_XLS


def test_it_refuses_text_that_is_neither_utf8_nor_windows_thai() -> None:
    data = "ชื่อ,นามสกุล\r\n".encode("cp874") + b"\xfc\xfd\r\n"

    assert refused(data, "a.csv") == (
        "อ่านตัวอักษรในไฟล์ CSV นี้ไม่ได้ กรุณาบันทึกจาก Excel เป็น “CSV UTF-8 (Comma delimited)” แล้วอัปโหลดใหม่"
    )


def test_it_never_reads_a_file_marked_utf8_as_windows_thai() -> None:
    data = "\ufeffชื่อ,นามสกุล,ตำบลเมืองน้อง,เลขประจำตัวประชาชน\r\n".encode() + b"\xe0\xb8\r\n"

    assert refused(data, "a.csv").startswith("อ่านตัวอักษรในไฟล์ CSV นี้ไม่ได้")


def test_it_refuses_binary_data() -> None:
    assert refused(b"ID3\x04\x00\x00\x00\x00\x00", "a.csv") == NOT_A_REGISTER_FILE
    assert refused(b"\xff\xfe\x00\x00a\x00\x00\x00", "a.csv") == NOT_A_REGISTER_FILE  # UTF-32


def test_it_refuses_a_csv_cell_too_long_to_be_real() -> None:
    data = ('"' + "ก" * 200_000 + '"\r\n').encode()

    assert refused(data, "a.csv") == (
        "อ่านไฟล์ CSV นี้ไม่ได้ (ไฟล์อาจเสีย หรือมีข้อความในช่องเดียวยาวผิดปกติ) "
        "กรุณาบันทึกจาก Excel ใหม่ แล้วอัปโหลดอีกครั้ง"
    )


# Hostile workbooks, made here rather than committed.


def small_xlsx(*cells: tuple[str, str]) -> bytes:
    """A workbook with the register's required headings in row 1 and the given cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["ตำบลเมืองน้อง", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน"])
    sheet.write_row(1, 0, ["นาอาน", "สมชาย", "ทดสอบ", "9900100000016"])
    for ref, value in cells:
        sheet.write(ref, value)
    book.close()
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change: dict[bytes, bytes]) -> bytes:
    """The workbook with text in its first sheet's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in change.items():
                    assert old in part, old
                    part = part.replace(old, new)
            target.writestr(info.filename, part)
    return out.getvalue()


def test_it_refuses_a_zip_bomb() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(50 * 2**20))  # 50 MB of zeros in 50 kB

    assert len(buffer.getvalue()) < 100_000
    assert refused(buffer.getvalue(), "register.xlsx") == ZIP_BOMB


def test_it_refuses_a_zip_that_unpacks_to_too_much_in_small_parts() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(20):
            archive.writestr(f"xl/media/image{number}.bin", bytes(900_000))

    assert refused(buffer.getvalue(), "register.xlsx", max_bytes=2**20) == ZIP_BOMB


def test_it_refuses_a_zip_of_too_many_parts() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(1001):
            archive.writestr(f"xl/{number}.xml", "")

    assert refused(buffer.getvalue(), "register.xlsx") == ZIP_BOMB


SPREAD = "ตารางในไฟล์กว้างหรือยาวเกินไป (มีข้อมูลอยู่ถึงคอลัมน์ {letter} แถวที่ {row}) กรุณาลบแถวและคอลัมน์ที่ไม่ใช้ออก แล้วบันทึกใหม่"


def test_it_refuses_cells_so_far_apart_that_calamine_would_need_gigabytes() -> None:
    # Five kilobytes; calamine alone would ask for 512 GiB and abort the process.
    data = small_xlsx(("XFD1048576", "x"))

    assert len(data) < 10_000
    assert refused(data, "register.xlsx") == SPREAD.format(letter="XFD", row="1,048,576")


@pytest.mark.parametrize(
    "change",
    [
        {b'<c r="A2"': b'<c r="A2" r="ZZ9999"'},  # a second r= wins in calamine
        {b'<c r="A2"': b'<c r = "zz9999"'},  # spaces and small letters
        {b'<c r="A2"': b"<c r='ZZ9999'"},
        {b'<c r="A2" t="s"': b'<c t="s" r="ZZ9999"'},
    ],
)
def test_it_refuses_far_apart_cells_however_the_reference_is_written(
    change: dict[bytes, bytes],
) -> None:
    assert refused(with_sheet_xml(small_xlsx(), change), "register.xlsx").startswith(
        "ตารางในไฟล์กว้างหรือยาวเกินไป"
    )


def test_it_refuses_far_apart_cells_that_have_no_reference() -> None:
    # Cells without r= go one after another: 2,000 of them in row 2, and a cell in row 5,000.
    many = b"<c><v>1</v></c>" * 2000
    data = with_sheet_xml(
        small_xlsx(("A5000", "x")),
        {b'<c r="A2" t="s"><v>4</v></c>': b'<c r="A2" t="s"><v>4</v></c>' + many},
    )

    assert refused(data, "register.xlsx").startswith("ตารางในไฟล์กว้างหรือยาวเกินไป")


def test_it_still_reads_a_sheet_whose_cells_have_no_reference() -> None:
    data = small_xlsx(("B3", "สมหญิง"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    plain = re.sub(rb' r="[A-Z]+[0-9]+"', b"", xml)  # rows keep theirs; B3 becomes A3

    sheet = read_sheet(with_sheet_xml(data, {xml: plain}), "register.xlsx")

    assert sheet.rows == [
        (
            2,
            {
                "younger": "นาอาน",
                "first_name": "สมชาย",
                "last_name": "ทดสอบ",
                "national_id": "9900100000016",
            },
        ),
        (3, {"younger": "สมหญิง", "first_name": "", "last_name": "", "national_id": ""}),
    ]


def test_it_turns_calamines_own_errors_into_a_message() -> None:
    data = with_sheet_xml(small_xlsx(), {b'<c r="A2"': b'<c r="&#65;2"'})

    assert refused(data, "register.xlsx") == BROKEN


def test_it_raises_nothing_but_sheet_error_for_damaged_workbooks() -> None:
    data = (GOLDEN / "merged_title.xlsx").read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    chance = random.Random(2568)  # the same damage on every run
    for _ in range(300):
        damaged = bytearray(xml)
        for _ in range(chance.randint(1, 5)):
            damaged[chance.randrange(len(damaged))] = chance.choice(b"<>/=\"' :&;#rcvAZ019\x00\xff")
        with contextlib.suppress(SheetError):  # a Sheet or a SheetError, nothing else
            read_sheet(with_sheet_xml(data, {xml: bytes(damaged)}), "register.xlsx")
    for end in range(0, len(data), 97):
        with contextlib.suppress(SheetError):
            read_sheet(data[:end], "register.xlsx")


def test_the_golden_files_are_what_make_golden_writes() -> None:
    from phinong.register.tests.golden.make_golden import files

    for name, data in files().items():
        assert (GOLDEN / name).read_bytes() == data, f"{name}: run make_golden.py again"
