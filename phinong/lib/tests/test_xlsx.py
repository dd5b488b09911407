"""The streaming writer's files open in openpyxl (a strict reader) and in calamine, as written."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from python_calamine import CalamineWorkbook

from phinong.lib.xlsx import BOLD, PLAIN, TEXT, SheetWriter, column_letter


def written(rows: list[tuple[list, int]]) -> bytes:
    out = io.BytesIO()
    with SheetWriter(out, "ทะเบียน <ตัวอย่าง>", widths=[6, 20]) as sheet:
        for cells, style in rows:
            sheet.row(cells, style)
    return out.getvalue()


def test_text_numbers_and_gaps_read_back_exactly() -> None:
    data = written(
        [
            (["ทะเบียนกลุ่มเป้าหมาย"], BOLD),
            ([], PLAIN),
            ([1, "นายสมชาย", None, "", "0812345678", 45.5, 'A&B <c> "d"'], TEXT),
            (["  เว้นวรรค  ", "ก\x00ข\x1fค"], PLAIN),
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "ทะเบียน <ตัวอย่าง>"
    assert sheet["A1"].value == "ทะเบียนกลุ่มเป้าหมาย" and sheet["A1"].font.b
    assert [c.value for c in sheet[3]] == [
        1,
        "นายสมชาย",
        None,
        None,
        "0812345678",
        45.5,
        'A&B <c> "d"',
    ]
    assert sheet["E3"].number_format == "@"  # IDs and phones stay text when edited
    assert sheet["A4"].value == "  เว้นวรรค  " and sheet["B4"].value == "กขค"
    assert sheet.column_dimensions["B"].width == 20

    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert grid[2][:2] == [1, "นายสมชาย"] and grid[2][4] == "0812345678"


def test_the_package_starts_with_its_content_types() -> None:
    names = zipfile.ZipFile(io.BytesIO(written([(["x"], PLAIN)]))).namelist()
    assert names[0] == "[Content_Types].xml"
    assert "xl/worksheets/sheet1.xml" in names and "xl/styles.xml" in names


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
