"""The small multi-sheet workbook: numbers stay numbers, shares are percentages, names are safe."""

from __future__ import annotations

import io

import openpyxl
from python_calamine import CalamineWorkbook

from phinong.lib.xlsx import BOLD, MONEY, PERCENT, Workbook


def test_sheets_numbers_and_percentages_read_back() -> None:
    book = Workbook()
    first = book.sheet("ประเทศ", widths=[30, 12])
    first.row(["ตัวชี้วัด", "ผล", "ร้อยละ"], BOLD)
    first.row(["คู่ตำบล", 1234, (0.8, PERCENT), (45600.5, MONEY)])
    second = book.sheet("ราย/จังหวัด*")
    second.row(["เลย", 3, None, ""])
    book.sheet("ประเทศ")  # a second sheet of the same name gets a suffix
    out = io.BytesIO()
    book.save(out)

    opened = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert opened.sheetnames == ["ประเทศ", "ราย จังหวัด", "ประเทศ (2)"]
    sheet = opened["ประเทศ"]
    assert sheet["A1"].font.b
    assert sheet["B2"].value == 1234 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].value == 0.8 and sheet["C2"].number_format == "0.0%"
    assert sheet["D2"].value == 45600.5 and sheet["D2"].number_format == "#,##0.00"
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))
    assert calamine.get_sheet_by_name("ราย จังหวัด").to_python() == [["เลย", 3.0]]
