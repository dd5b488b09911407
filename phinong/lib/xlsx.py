"""A streaming .xlsx writer for one sheet of text and numbers, in constant memory.

Exports are long tables of short texts. A general writer spends most of its time per cell; this one
writes each row as one piece of SpreadsheetML (inline strings, so no shared-string table to keep in
memory) straight into a deflated zip entry. The workbook has three styles: plain, bold (headings) and
text ("@", so Excel keeps IDs and phone numbers as typed when someone edits them), all in the
Sarabun-like "TH Sarabun New" that Thai offices have.

`Workbook` (below) writes a few small sheets held in memory, for the dashboard export: it adds
number styles (thousands, money, percentages) so that figures stay numbers a reader can sum.

Formulas: no cell is ever written as a formula. Text is an inline string, which a spreadsheet shows
as it is; text that starts like a formula (=, +, -, @, a tab or a carriage return) also gets a
"quote prefix" style twin, the xlsx form of Excel's leading apostrophe, so that it stays text even
when someone edits the cell, and reads back unchanged. Numbers (negative ones too) stay numbers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import IO, Literal

PLAIN, BOLD, TEXT = 0, 1, 2
Cell = str | int | float | None
FORMULA_START = frozenset("=+-@\t\r")


def formula_like(text: str) -> bool:
    """True for text a spreadsheet would take for a formula if it were typed in."""
    return text[:1] in FORMULA_START


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# The quote-prefixed twins of PLAIN, BOLD and TEXT, in that order, for formula-like text.
_QUOTED_XFS = (
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
)
_SHEET_QUOTED = {PLAIN: 3, BOLD: 4, TEXT: 5}
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_NS}">'
        '<fonts count="2"><font><sz val="14"/><name val="TH Sarabun New"/></font>'
        '<font><b/><sz val="14"/><name val="TH Sarabun New"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        f"{_QUOTED_XFS}"
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
# Characters XML 1.0 cannot hold at all; they are dropped.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(value: str) -> str:
    text = _INVALID.sub("", value).translate(_ESCAPES)
    if text[:1].isspace() or text[-1:].isspace():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


class SheetWriter:
    """with SheetWriter(out, "ทะเบียน", widths=[6, 12]) as sheet: sheet.row(["ลำดับ", ...], BOLD)"""

    def __init__(self, out: IO[bytes], name: str, *, widths: Sequence[float] = ()) -> None:
        self._zip = zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3)
        for part, xml in _PARTS.items():  # [Content_Types].xml first, as readers expect
            self._zip.writestr(part, _HEAD + xml)
        sheet_name = name[:31].translate(_ESCAPES).replace('"', "&quot;")
        self._zip.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        self._letters = [column_letter(i) for i in range(64)]
        self._rows = 0
        self._stream: IO[bytes] = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        self._stream.write(
            f'{_HEAD}<worksheet xmlns="{_NS}">{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'.encode()
        )

    def row(self, cells: Iterable[Cell], style: int = TEXT) -> None:
        """Append one row. Strings take `style`; numbers are plain; None and "" leave the cell empty."""
        self._rows += 1
        number = self._rows
        parts = [f'<row r="{number}">']
        for index, value in enumerate(cells):
            if value is None or value == "":
                continue
            ref = f"{self._letters[index]}{number}"
            if isinstance(value, str):
                own = _SHEET_QUOTED.get(style, style) if formula_like(value) else style
                parts.append(f'<c r="{ref}" s="{own}" t="inlineStr"><is>{_text(value)}</is></c>')
            else:
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        parts.append("</row>")
        self._stream.write("".join(parts).encode())

    def close(self) -> None:
        self._stream.write(b"</sheetData></worksheet>")
        self._stream.close()
        self._zip.close()

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> Literal[False]:
        self.close()
        return False


# -- several small sheets -------------------------------------------------------------------------

# Styles of a Workbook: the three above, then whole numbers with a thousands separator, money with
# two decimals, and shares of one shown as percentages (0.8 prints as 80.0%).
INTEGER, MONEY, PERCENT = 3, 4, 5
_BOOK_STYLES = (
    f'<styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
    '<fonts count="2"><font><sz val="14"/><name val="TH Sarabun New"/></font>'
    '<font><b/><sz val="14"/><name val="TH Sarabun New"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="9"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    f"{_QUOTED_XFS}"
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_BOOK_QUOTED = {PLAIN: 6, BOLD: 7, TEXT: 8}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

StyledCell = Cell | tuple[Cell, int]  # a value, or (value, style) to override the row's style


class _Sheet:
    def __init__(self, name: str, widths: Sequence[float]) -> None:
        self.name = name
        self.widths = list(widths)
        self.rows: list[str] = []

    def row(self, cells: Iterable[StyledCell], style: int = PLAIN) -> None:
        """Append one row. Strings take `style` (numbers: INTEGER unless `style` is a number
        style); a (value, style) pair sets a cell's own style. None and "" leave it empty."""
        number = len(self.rows) + 1
        parts = [f'<row r="{number}">']
        for index, cell in enumerate(cells):
            value, own = cell if isinstance(cell, tuple) else (cell, None)
            if value is None or value == "":
                continue
            ref = f"{column_letter(index)}{number}"
            if isinstance(value, str):
                chosen = own if own is not None else style
                if formula_like(value):
                    chosen = _BOOK_QUOTED.get(chosen, _BOOK_QUOTED[PLAIN])
                parts.append(f'<c r="{ref}" s="{chosen}" t="inlineStr"><is>{_text(value)}</is></c>')
            else:
                chosen = own if own is not None else (style if style >= INTEGER else INTEGER)
                parts.append(f'<c r="{ref}" s="{chosen}"><v>{value}</v></c>')
        parts.append("</row>")
        self.rows.append("".join(parts))


class Workbook:
    """A workbook of a few small sheets, built in memory (dashboard tables, not registers):

    book = Workbook(); sheet = book.sheet("จังหวัด", widths=[8, 30]); sheet.row([...], BOLD)
    book.save(out)
    """

    def __init__(self) -> None:
        self._sheets: list[_Sheet] = []

    def sheet(self, name: str, *, widths: Sequence[float] = ()) -> _Sheet:
        """A new sheet; its name is cleaned of the characters Excel refuses, cut to 31 characters
        and made unique."""
        base = _SHEET_NAME_BAD.sub(" ", name).strip()[:31] or "Sheet"
        taken = {s.name for s in self._sheets}
        clean, suffix = base, 2
        while clean in taken:
            tail = f" ({suffix})"
            clean, suffix = base[: 31 - len(tail)] + tail, suffix + 1
        sheet = _Sheet(clean, widths)
        self._sheets.append(sheet)
        return sheet

    def save(self, out: IO[bytes]) -> None:
        if not self._sheets:
            raise ValueError("a workbook needs at least one sheet")
        count = len(self._sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        relations = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        sheets = "".join(
            f'<sheet name="{s.name.translate(_ESCAPES).replace(chr(34), "&quot;")}" '
            f'sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self._sheets, start=1)
        )
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as book:
            book.writestr(
                "[Content_Types].xml",
                _HEAD
                + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                f"{overrides}"
                f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
                "</Types>",
            )
            book.writestr("_rels/.rels", _HEAD + _PARTS["_rels/.rels"])
            book.writestr(
                "xl/_rels/workbook.xml.rels",
                f'{_HEAD}<Relationships xmlns="{_PKG}">{relations}'
                f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
                "</Relationships>",
            )
            book.writestr("xl/styles.xml", _HEAD + _BOOK_STYLES)
            book.writestr(
                "xl/workbook.xml",
                f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>',
            )
            for i, sheet in enumerate(self._sheets, start=1):
                cols = "".join(
                    f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                    for c, w in enumerate(sheet.widths, start=1)
                )
                book.writestr(
                    f"xl/worksheets/sheet{i}.xml",
                    f'{_HEAD}<worksheet xmlns="{_NS}">{f"<cols>{cols}</cols>" if cols else ""}'
                    f"<sheetData>{''.join(sheet.rows)}</sheetData></worksheet>",
                )
