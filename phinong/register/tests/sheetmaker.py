"""Real register files for tests: .xlsx written by XlsxWriter, .csv in any encoding."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import xlsxwriter

from phinong.lib.national_id import with_check_digit
from phinong.register.columns import COLUMNS

HEADINGS = [column.thai for column in COLUMNS]
_ids = iter(range(1, 10**9))


def new_id() -> str:
    return with_check_digit(f"98{next(_ids):010d}")


def row(**overrides: Any) -> dict[str, Any]:
    """One valid row of the register, keyed by column key; areas default to Mueang Loei."""
    values = {
        "seq": 1,
        "province": "เลย",
        "district": "เมืองเลย",
        "elder": "กุดป่อง",
        "younger": "นาอ้อ",
        "moo": "",
        "title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ทดสอบ",
        "national_id": new_id(),
        "sex": "ชาย",
        "age": 40,
        "birth_date": "",
        "position": "อสม.",
        "leader_type": "ไม่เป็นทางการ",
        "phone": "0812345678",
    }
    return values | overrides


def xlsx(rows: list[dict[str, Any]], *, title: str = "ทะเบียนกลุ่มเป้าหมาย") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.merge_range(0, 0, 0, len(COLUMNS) - 1, title)
    for index, heading in enumerate(HEADINGS):
        sheet.write_string(2, index, heading)
    for number, values in enumerate(rows, start=3):
        for index, column in enumerate(COLUMNS):
            value = values.get(column.key, "")
            if isinstance(value, int):
                sheet.write_number(number, index, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(number, index, value, date_format)
            else:
                sheet.write_string(number, index, str(value))
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, Any]], *, encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADINGS)
    for values in rows:
        writer.writerow([values.get(column.key, "") for column in COLUMNS])
    return text.getvalue().encode(encoding)
