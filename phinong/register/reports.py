"""The rejected rows of an import as an .xlsx the officer can download, fix from, and keep."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import xlsxwriter

if TYPE_CHECKING:
    from phinong.register.import_plan import Problem

HEADINGS = ("แถว", "คอลัมน์", "ค่าในไฟล์", "เหตุผล")


def problems_xlsx(problems: list[Problem], *, refusal: str = "") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("แถวที่ถูกปฏิเสธ")
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@", "text_wrap": True})
    for index, width in enumerate((8, 22, 24, 70)):
        sheet.set_column(index, index, width)
    row = 0
    if refusal:
        sheet.write_string(row, 0, refusal, bold)
        row += 2
    for index, heading in enumerate(HEADINGS):
        sheet.write_string(row, index, heading, bold)
    for problem in problems:
        row += 1
        sheet.write_number(row, 0, problem.row)
        sheet.write_string(row, 1, problem.heading, text)
        sheet.write_string(row, 2, problem.value, text)
        sheet.write_string(row, 3, problem.reason, text)
    workbook.close()
    return buffer.getvalue()
