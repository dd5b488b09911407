"""Reading an uploaded register file (.xlsx or .csv) into rows, safely.

The format comes from the content, not the name: a zip must be a plain .xlsx workbook, anything else is
read as CSV text (UTF-8 with or without a BOM, UTF-16 with a BOM, or the Windows Thai cp874/TIS-620), with a
comma, semicolon or tab between cells. The header row is found under any title block, and every cell under
it comes back as clean text, or as a date for an Excel date cell. Nothing here checks the rows themselves:
the importer does that.

A file that cannot be read as a register raises SheetError, whose text is a Thai message for the user.
The messages are written in Thai here rather than in locale/th, because they are only ever shown in Thai.
Hostile files are refused before calamine sees them: zip bombs, macros, and cells placed so far apart that
calamine would lay out a grid too big for memory (it makes a full rows x columns grid of every sheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from django.conf import settings
from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from phinong.lib.encodings import UTF16_BOMS, NotText, Undecodable, decode_thai_text
from phinong.lib.thai import clean_text
from phinong.lib.xlsx import column_letter
from phinong.register import columns as cols

logger = logging.getLogger(__name__)

Value = str | dt.date

HEADER_SCAN_ROWS = 30  # the header row must be among the first rows of a sheet
MAX_ZIP_MEMBERS = 1000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # and never more than 10 x the upload limit
MAX_RATIO = 200  # the most a zip member over 1 MB may be compressed
MAX_GRID_CELLS = 4_000_000  # rows x columns of the grid calamine builds for one sheet
DELIMITERS = (",", ";", "\t")

_OLE = b"\xd0\xcf\x11\xe0"  # old .xls, and any password-protected Excel file
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_BINARY = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")
# What a damaged or odd file raises: encrypted or unsupported zip parts raise the last two.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    csv.Error,
    CalamineError,
    NotImplementedError,
    RuntimeError,
)

# How Excel and most writers put a cell: <c r="B7" s="1" t="s">, r= first and only once.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"(?: (?:s|t|cm|vm|ph)="[^"]*")*/?>')
_NOT_A_CELL = re.compile(rb"<c[\w.:-]")  # <col>, <cfRule>, ...
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
# Any other way of writing them, as calamine reads it: an r="AB12" or r="12" in any case, with spaces.
_REF = re.compile(rb"""r\s*=\s*["']([A-Za-z]*)([0-9]+)""")
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")

EMPTY = "ไฟล์ว่าง ไม่มีข้อมูล"
NOT_A_REGISTER_FILE = (
    "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV กรุณาบันทึกทะเบียนเป็น .xlsx หรือ .csv แล้วอัปโหลดใหม่"
)
NOT_XLSX = "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx หรือ .csv แล้วอัปโหลดใหม่"
OLD_XLS = (
    "ไฟล์นี้เป็นไฟล์ Excel รุ่นเก่า (.xls) หรือไฟล์ที่ตั้งรหัสผ่านไว้ ซึ่งระบบอ่านไม่ได้ "
    "กรุณาเปิดใน Excel แล้วบันทึกเป็น .xlsx (ไม่ตั้งรหัสผ่าน) แล้วอัปโหลดใหม่"
)
BROKEN = (
    "ไฟล์ Excel นี้เสียหรือไม่สมบูรณ์ (อาจอัปโหลดไม่ครบ) กรุณาเปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx แล้วอัปโหลดอีกครั้ง"
)
MACROS = (
    "ไฟล์นี้มีแมโคร (.xlsm) ซึ่งระบบไม่รับเพื่อความปลอดภัย กรุณาบันทึกเป็นไฟล์ Excel ธรรมดา (.xlsx) แล้วอัปโหลดใหม่"
)
ZIP_BOMB = "ไฟล์ Excel นี้ผิดปกติ (เมื่อขยายแล้วมีขนาดใหญ่เกินไป) ระบบจึงไม่อ่านไฟล์นี้"
CSV_BROKEN = (
    "อ่านไฟล์ CSV นี้ไม่ได้ (ไฟล์อาจเสีย หรือมีข้อความในช่องเดียวยาวผิดปกติ) กรุณาบันทึกจาก Excel ใหม่ แล้วอัปโหลดอีกครั้ง"
)
ENCODING = (
    "อ่านตัวอักษรในไฟล์ CSV นี้ไม่ได้ กรุณาบันทึกจาก Excel เป็น “CSV UTF-8 (Comma delimited)” แล้วอัปโหลดใหม่"
)
TOO_BIG = "ไฟล์ใหญ่เกิน {limit:g} MB (ไฟล์นี้ {size:.1f} MB) กรุณาแบ่งเป็นหลายไฟล์"
TOO_MANY_ROWS = "ไฟล์มีข้อมูลเกิน {limit:,} แถว กรุณาแบ่งเป็นหลายไฟล์ ไฟล์ละไม่เกิน {limit:,} แถว"
TOO_SPREAD = (
    "ตารางในไฟล์กว้างหรือยาวเกินไป (มีข้อมูลอยู่ถึงคอลัมน์ {letter} แถวที่ {row:,}) "
    "กรุณาลบแถวและคอลัมน์ที่ไม่ใช้ออก แล้วบันทึกใหม่"
)
NO_HEADER = "ไม่พบแถวหัวตารางใน {scan} แถวแรกของไฟล์ ต้องมีคอลัมน์ " + " ".join(
    cols.BY_KEY[key].thai for key in cols.REQUIRED
)
NO_HEADER_OF = "ไม่พบแถวหัวตารางใน {scan} แถวแรกของไฟล์ ต้องมีคอลัมน์ {columns}"
MISSING_COLUMNS = (
    "แถวหัวตาราง (แถวที่ {row}) ไม่มีคอลัมน์ {missing} กรุณาเพิ่มคอลัมน์ หรือแก้ชื่อหัวคอลัมน์ให้ตรงกับแบบฟอร์ม"
)


class SheetError(Exception):
    """The file itself cannot be read as a register. str(error) is a Thai message for the user."""


@dataclass(frozen=True)
class Layout:
    """The columns a kind of sheet has: how a header row is recognised, and the Thai headings of the
    columns it must have (named in the messages). The register's is the default; lessons learned
    (phinong/lessons/importer.py) read their own sheets with the same safe reader."""

    match_header: Callable[[list[object]], dict[str, int]]
    is_header: Callable[[dict[str, int]], bool]
    required: dict[str, str]  # key: Thai heading


REGISTER = Layout(
    cols.match_header, cols.is_header, {key: cols.BY_KEY[key].thai for key in cols.REQUIRED}
)


@dataclass
class Sheet:
    """A register as read from a file.

    header_row: the 1-based row number of the header row (the lower row of a two-row header).
    columns: column key (see columns.COLUMNS) -> 0-based column index, in the file's order.
    rows: (1-based row number, {key: value}) for every row under the header with anything in
        its columns; every key of columns has a value, "" when the cell is blank.
    title: the texts of the cells above the header, in order.
    """

    header_row: int
    columns: dict[str, int]
    rows: list[tuple[int, dict[str, Value]]]
    title: list[str]

    def letter(self, key: str) -> str:
        """The spreadsheet column letter of key: 'J', or '' if the sheet has no such column."""
        index = self.columns.get(key)
        return "" if index is None else column_letter(index)


def read_sheet(
    data: bytes, filename: str, *, max_bytes: int | None = None, max_rows: int | None = None
) -> Sheet:
    """The register in an uploaded file. Raises SheetError, and nothing else, for a file it cannot read."""
    return read_sheet_with(REGISTER, data, filename, max_bytes=max_bytes, max_rows=max_rows)


def read_sheet_with(
    layout: Layout,
    data: bytes,
    filename: str,
    *,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> Sheet:
    """A sheet of another layout (its own columns) in an uploaded file, read as safely."""
    max_bytes = settings.PHINONG_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    max_rows = settings.PHINONG_IMPORT_MAX_ROWS if max_rows is None else max_rows
    if len(data) > max_bytes:
        raise SheetError(TOO_BIG.format(limit=max_bytes / 2**20, size=len(data) / 2**20))
    name = filename.lower()
    is_zip = data.startswith(_ZIP)
    try:
        if is_zip:
            return _read_xlsx(data, name, max_bytes=max_bytes, max_rows=max_rows, layout=layout)
        if data.startswith(_OLE):
            raise SheetError(OLD_XLS)
        if name.endswith((".xlsx", ".xlsm")) and data.strip():
            raise SheetError(NOT_XLSX)
        return _read_csv(data, max_rows=max_rows, layout=layout)
    except SheetError:
        raise
    except _UNREADABLE as error:
        raise SheetError(BROKEN if is_zip else CSV_BROKEN) from error
    except BaseException as error:
        # Anything else is unexpected, but still the file's fault as far as the user can tell;
        # pyo3's PanicException (if calamine trips on a file) is a BaseException.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        logger.warning("Could not read the register file %r", filename, exc_info=True)
        raise SheetError(BROKEN if is_zip else CSV_BROKEN) from error


def _read_xlsx(data: bytes, name: str, *, max_bytes: int, max_rows: int, layout: Layout) -> Sheet:
    _check_zip(data, name, max_bytes=max_bytes)
    misses: list[_NoHeader] = []
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        for index, meta in enumerate(book.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_index(index)
            if sheet.start is not None:  # calamine's start is None for a sheet with no values
                try:
                    return _read_grid(_grid(sheet), max_rows=max_rows, layout=layout)
                except _NoHeader as miss:
                    misses.append(miss)
    raise _no_header(misses, layout) if misses else SheetError(EMPTY)


def _grid(sheet: CalamineSheet) -> Iterator[Sequence[object]]:
    """The sheet's rows from row 1 and column A. iter_rows starts at row 1 but at the first used column."""
    start = sheet.start
    pad = [""] * (start[1] if start else 0)
    for row in sheet.iter_rows():
        yield [*pad, *row] if pad else row


def _check_zip(data: bytes, name: str, *, max_bytes: int) -> None:
    """Refuse a zip that is not a plain .xlsx, or that would take calamine too much memory to read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if (
            len(members) > MAX_ZIP_MEMBERS
            or sum(m.file_size for m in members) > min(10 * max_bytes, MAX_UNZIPPED_BYTES)
            or any(
                m.file_size > 2**20 and m.file_size > MAX_RATIO * m.compress_size for m in members
            )
        ):
            raise SheetError(ZIP_BOMB)
        by_name = {m.filename.lower(): m for m in members}
        types = by_name.get("[content_types].xml")
        if (
            name.endswith(".xlsm")
            or any(n.endswith("vbaproject.bin") for n in by_name)
            or (types and b"macroenabled" in archive.read(types).lower())
        ):
            raise SheetError(MACROS)
        if not types or "xl/workbook.xml" not in by_name:
            raise SheetError(NOT_XLSX)
        # Reading a part checks its CRC. Any part may be a sheet, whatever its name.
        for member in members:
            rows, columns = _extent(archive.read(member))
            if rows * columns > MAX_GRID_CELLS:
                raise SheetError(TOO_SPREAD.format(letter=column_letter(columns - 1), row=rows))


def _extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid calamine would make of this part, if it is a sheet: an upper bound."""
    if b"sheetData" not in xml:
        return 0, 0
    refs = _PLAIN_CELL.findall(xml)
    extra_rows = extra_columns = 0
    if len(refs) != xml.count(b"<c") - len(_NOT_A_CELL.findall(xml)) or _PREFIXED_CELL.search(xml):
        # Cells without r=, or written some other way: calamine places a cell without r= after
        # the one before it, so bound the grid by every reference there is plus the tags' count.
        refs = _REF.findall(xml)
        parts = _ROW_TAG.split(xml)
        extra_rows = len(parts)
        extra_columns = max(len(_CELL_TAG.findall(part)) for part in parts)
    rows = max(map(int, {digits for _, digits in refs}), default=0) + extra_rows
    columns = max(map(_column_number, {letters for letters, _ in refs if letters}), default=0)
    return rows, columns + extra_columns


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - ord("A") + 1
    return number


def _read_csv(data: bytes, *, max_rows: int, layout: Layout) -> Sheet:
    if data.startswith(_BINARY) or (b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS)):
        raise SheetError(NOT_A_REGISTER_FILE)
    text = _decode(data)
    if not text.strip(' \t\r\n,;"\ufeff'):
        raise SheetError(EMPTY)
    misses: list[_NoHeader] = []
    for delimiter in DELIMITERS:  # the delimiter is the one that makes a header row appear
        try:
            return _read_grid(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter),
                max_rows=max_rows,
                layout=layout,
            )
        except _NoHeader as miss:
            misses.append(miss)
    raise _no_header(misses, layout)


def _decode(data: bytes) -> str:
    try:
        return decode_thai_text(data)
    except NotText as error:
        raise SheetError(NOT_A_REGISTER_FILE) from error
    except Undecodable as error:
        raise SheetError(ENCODING) from error


class _NoHeader(Exception):
    """No header row near the top of a sheet; the row that came nearest, with the headings it has."""

    def __init__(self, row: int, found: dict[str, int]) -> None:
        self.row, self.found = row, found


def _no_header(misses: list[_NoHeader], layout: Layout = REGISTER) -> SheetError:
    nearest = max(misses, key=lambda miss: len(miss.found))
    missing = [thai for key, thai in layout.required.items() if key not in nearest.found]
    if len(nearest.found) >= 2 and missing:
        return SheetError(MISSING_COLUMNS.format(row=nearest.row, missing=" ".join(missing)))
    if layout is not REGISTER:
        columns = " ".join(layout.required.values())
        return SheetError(NO_HEADER_OF.format(scan=HEADER_SCAN_ROWS, columns=columns))
    return SheetError(NO_HEADER.format(scan=HEADER_SCAN_ROWS))


def _read_grid(
    grid: Iterable[Sequence[object]], *, max_rows: int, layout: Layout = REGISTER
) -> Sheet:
    """The register under the header row. Raises _NoHeader if there is no header row near the top."""
    grid = iter(grid)
    head = list(islice(grid, HEADER_SCAN_ROWS))
    top, header, columns = _find_header(head, layout)
    columns = dict(sorted(columns.items(), key=lambda item: item[1]))
    keys = list(columns)
    indexes = [columns[key] for key in keys]
    rows: list[tuple[int, dict[str, Value]]] = []
    for number, cells in enumerate(chain(head[header + 1 :], grid), start=header + 2):
        width = len(cells)
        values = [_value(cells[i]) if i < width else "" for i in indexes]
        if not any(values):
            continue
        if len(rows) == max_rows:
            raise SheetError(TOO_MANY_ROWS.format(limit=max_rows))
        rows.append((number, dict(zip(keys, values, strict=True))))
    title = [str(value) for cells in head[:top] for cell in cells if (value := _value(cell))]
    return Sheet(header_row=header + 1, columns=columns, rows=rows, title=title)


def _find_header(
    head: list[Sequence[object]], layout: Layout = REGISTER
) -> tuple[int, int, dict[str, int]]:
    """(first row, last row, columns) of the header: one row, or two where the headings are split
    (a merged "ที่อยู่" above จังหวัด อำเภอ ตำบล, say). Raises _NoHeader."""
    matches = [layout.match_header(list(cells)) for cells in head]
    for index, found in enumerate(matches):
        if layout.is_header(found):
            return index, index, found
        below = matches[index + 1] if index + 1 < len(matches) else {}
        if found and not layout.is_header(below) and layout.is_header(found | below):
            return index, index + 1, found | below
    nearest = max(range(len(matches)), key=lambda index: len(matches[index]), default=0)
    raise _NoHeader(nearest + 1, matches[nearest] if matches else {})


def _value(cell: object) -> Value:
    """A cell as text (a whole number without '.0'), or a date for an Excel date cell."""
    if isinstance(cell, str):
        return _text(cell)
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else f"{cell:.15g}"
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return clean_text(str(cell))


def _text(text: str) -> str:
    """clean_text(text), without its cost for the usual cell that is clean already."""
    if (
        text.isprintable()  # no tabs, line breaks, zero-width or non-breaking spaces
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    return clean_text(text)
