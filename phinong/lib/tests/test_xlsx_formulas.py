"""Formula-like text in any export stays text: never a formula, quote-prefixed so that editing the
cell keeps it text, and read back unchanged. Numbers, negative ones too, stay numbers."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from phinong.lib.xlsx import BOLD, TEXT, SheetWriter, Workbook, formula_like

DANGEROUS = ['=HYPERLINK("http://x","y")', "+66812345678", "-2+3", "@SUM(A1)", "\t=1+1"]


@pytest.mark.parametrize("text", [*DANGEROUS, "\r=1"])
def test_what_a_spreadsheet_would_run_is_formula_like(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize("text", ["สมชาย", "0812345678", "อสม.", " =1", ""])
def test_ordinary_text_is_not(text: str) -> None:
    assert not formula_like(text)


def written_by_sheet_writer() -> bytes:
    out = io.BytesIO()
    with SheetWriter(out, "ทะเบียน") as sheet:
        sheet.row(["หัวเรื่อง", "=1+1"], BOLD)
        sheet.row([*DANGEROUS, -5, 3.5, "สมชาย"], TEXT)
    return out.getvalue()


def written_by_workbook() -> bytes:
    book = Workbook()
    sheet = book.sheet("ตาราง")
    sheet.row(["หัวเรื่อง", "=1+1"], BOLD)
    sheet.row([*DANGEROUS, -5, 3.5, "สมชาย"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("write", [written_by_sheet_writer, written_by_workbook])
def test_formula_like_text_is_quote_prefixed_text_and_reads_back_unchanged(write) -> None:
    data = write()
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if "worksheets" in n)
    assert "<f>" not in xml and "<f " not in xml  # no cell is a formula
    opened = openpyxl.load_workbook(io.BytesIO(data))
    sheet = opened.active
    assert sheet is not None
    assert sheet["A1"].font.b and not sheet["A1"].quotePrefix
    assert sheet["B1"].font.b and sheet["B1"].quotePrefix  # bold stays bold
    for column, text in zip("ABCDE", DANGEROUS, strict=True):
        cell = sheet[f"{column}2"]
        assert cell.data_type == "s" and cell.quotePrefix and cell.value == text, column
    assert sheet["F2"].value == -5 and sheet["F2"].data_type == "n"
    assert sheet["G2"].value == 3.5 and not sheet["H2"].quotePrefix
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert rows[1][:5] == DANGEROUS and rows[1][5] == -5
