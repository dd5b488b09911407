"""Lessons-learned sheets for tests: .xlsx written by XlsxWriter, or CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

HEADER = ("รหัสตำบล", "หัวข้อ", "เนื้อหา")


def xlsx(rows: Sequence[Sequence[object]], *, title: str = "ถอดบทเรียน อำเภอเมืองเลย") -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [title])
    sheet.write_row(2, 0, HEADER)
    for i, row in enumerate(rows, start=3):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)
