"""A dashboard as an Excel workbook: one sheet for the area itself, one for its children.

The headings are Thai whatever the user's language, like the memo (an office's working file).
Figures are numbers (whole numbers with a thousands separator, baht with two decimals) and shares
are numbers between 0 and 1 shown as percentages, so a reader can sum, sort and chart them.
Dates are written as B.E. text, as Thai offices read them.
"""

from __future__ import annotations

import io
from decimal import Decimal

from phinong.dashboards.figures import Dashboard, Figure, Totals
from phinong.dashboards.memo import child_word, has_targets, place
from phinong.lib.xlsx import BOLD, MONEY, PERCENT, PLAIN, Workbook

TOTAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("households", "ครัวเรือนที่ร่วมดำเนินการ"),
    ("villages_covered", "หมู่บ้านที่ดำเนินการ"),
    ("villages_total", "หมู่บ้านทั้งหมด"),
    ("partners", "ภาคีเครือข่าย"),
    ("baht_saved", "ค่าใช้จ่ายที่ลดลง (บาท)"),
    ("centres", "ศูนย์แบ่งปันที่ดำเนินการ"),
    ("hici", "ครัวเรือน HI/CI"),
    ("food_packs", "ชุดอาหารที่แจกจ่าย"),
)


def _ratio(figure: Figure) -> tuple[float | None, int]:
    """The figure's share of its target (0.8 for 80%), unclamped; None without a target."""
    return (round(figure.value / figure.target, 4) if figure.target > 0 else None, PERCENT)


def _total(totals: Totals, name: str) -> int | float | tuple[float, int]:
    value = getattr(totals, name)
    if isinstance(value, Decimal):
        return (float(value), MONEY)
    return int(value)


def workbook(dash: Dashboard, *, today_label: str) -> bytes:
    """The .xlsx bytes of the dashboard. `today_label` is the date the data stands at (B.E.)."""
    book = Workbook()
    where = place(dash.area)
    period = (
        f"รอบรายงานที่ {dash.period.number} {dash.period.name}"
        if dash.period is not None
        else "ทุกรอบรายงานที่ถึงกำหนดแล้ว"
    )
    own = book.sheet(where if dash.area is not None else "ระดับประเทศ", widths=[46, 16, 16, 12])
    own.row([f"รายงานผลการดำเนินงานโครงการ{dash.programme.name}"], BOLD)
    own.row(["พื้นที่", where])
    own.row(["รอบรายงาน", period])
    own.row(["ข้อมูล ณ วันที่", today_label])
    own.row([])
    own.row(["ตัวชี้วัด", "ผลการดำเนินงาน", "เป้าหมาย", "ร้อยละ"], BOLD)
    for figure in dash.figures:
        own.row([figure.label, figure.value, figure.target, _ratio(figure)])
    own.row([])
    own.row(["ผลด้านความมั่นคงทางอาหาร (รายงานที่อนุมัติแล้ว)", "จำนวน"], BOLD)
    for name, heading in TOTAL_COLUMNS:
        own.row([heading, _total(dash.totals, name)])

    if dash.children:
        word = child_word(dash.area)
        figures = dash.figures
        sheet = book.sheet(
            f"ราย{word}",
            widths=[7, 9, 24, 12, *([14, 12, 10] * len(figures)), *([14] * len(TOTAL_COLUMNS))],
        )
        sheet.row([f"ผลการดำเนินงานราย{word} ของ{where} ({period}) ข้อมูล ณ วันที่ {today_label}"], BOLD)
        sheet.row(
            ["ลำดับ", "รหัส", word, "ความก้าวหน้าเฉลี่ย"]
            + [
                part
                for figure in figures
                for part in (
                    f"{figure.label}: ผลการดำเนินงาน",
                    f"{figure.label}: เป้าหมาย",
                    f"{figure.label}: ร้อยละ",
                )
            ]
            + [heading for _name, heading in TOTAL_COLUMNS],
            BOLD,
        )
        for rank, row in enumerate(dash.children, start=1):
            progress = (round(row.score, 4), PERCENT) if has_targets(row) else None
            cells: list = [rank, row.area.code, row.area.name_th, progress]
            for figure in figures:
                mine = row.figures[figure.key]
                cells += [mine.value, mine.target, _ratio(mine)]
            cells += [_total(row.totals, name) for name, _heading in TOTAL_COLUMNS]
            sheet.row(cells, PLAIN)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
