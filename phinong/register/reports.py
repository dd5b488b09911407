"""The rejected rows of an import as an .xlsx the officer can download, fix from, and keep."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from phinong.lib.xlsx import BOLD, TEXT, SheetWriter

if TYPE_CHECKING:
    from phinong.register.import_plan import Problem

HEADINGS = ["แถว", "คอลัมน์", "ค่าในไฟล์", "เหตุผล"]


def problems_xlsx(problems: list[Problem], *, refusal: str = "") -> bytes:
    buffer = io.BytesIO()
    with SheetWriter(buffer, "แถวที่ถูกปฏิเสธ", widths=[8, 22, 24, 90]) as sheet:
        if refusal:
            sheet.row([refusal], BOLD)
            sheet.row([])
        sheet.row(HEADINGS, BOLD)
        for problem in problems:
            sheet.row([problem.row, problem.heading, problem.value, problem.reason], TEXT)
    return buffer.getvalue()
