"""A dashboard as a Thai government internal memo (บันทึกข้อความ), printed by WeasyPrint.

The memo is an official document: its words are Thai in the template itself
(templates/dashboards/memo.html), whatever language the user reads the site in, and its numbers
and dates use Thai digits and the Buddhist Era. It comes from the user's own office (ส่วนราชการ),
is addressed to the head that office reports to (เรียน), and carries the dashboard's tables and
the same SVG charts as the page (phinong.lib.svgchart). The signature block reuses the
certificate signatory of the programme for the user's office (or the nearest area above it);
with none set, it leaves lines to sign and write the name on.

Nothing is fetched: fonts come from the Sarabun package through workshops.pdf's local-only
fetcher, an emblem (CertificateEmblem) is a data: URI and the charts are inline SVG.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML  # type: ignore[import-untyped]

from phinong.accounts.scoping import scope_of
from phinong.dashboards.figures import ChildRow, Dashboard, Figure
from phinong.dashboards.presenters import column_labels
from phinong.geo.models import District, Province, Tambon
from phinong.lib import svgchart
from phinong.lib.dates import format_th
from phinong.lib.thai import to_thai_digits
from phinong.lib.thai_tile_grid import ABBREVIATIONS
from phinong.workshops.certificate_settings import Signature, emblem_data_uris, signatures_for
from phinong.workshops.pdf import FONT_DIR, LocalOnlyFetcher, _font_config

if TYPE_CHECKING:
    from phinong.accounts.models import User
    from phinong.geo.models import Area

TEMPLATE = "dashboards/memo.html"
DEPARTMENT = "กรมการพัฒนาชุมชน"
CHART_ROWS = 20  # the ranked chart shows at most this many children (the laggards)


def thai(value: int | Decimal | None, *, money: bool = False) -> str:
    """'๑,๒๓๔' (or '๑,๒๓๔.๕๐' for money); None: '–'."""
    if value is None:
        return "–"
    text = f"{Decimal(value):,.2f}" if money else f"{int(value):,}"
    return to_thai_digits(text)


def share(figure: Figure) -> str:
    """'๘๐%', or '–' when the figure has no target."""
    if figure.target <= 0:
        return "–"
    return to_thai_digits(f"{round(100 * figure.value / figure.target)}") + "%"


def place(area: Area | None) -> str:
    """'จังหวัดเลย', 'อำเภอเมืองเลย จังหวัดเลย', 'ตำบลกุดป่อง อำเภอเมืองเลย จังหวัดเลย';
    the nation: 'ทั้งประเทศ'."""
    if area is None:
        return "ทั้งประเทศ"
    if isinstance(area, Province):
        return f"จังหวัด{area.name_th}"
    if isinstance(area, District):
        return f"{_district_word(area)}{area.name_th} จังหวัด{area.province.name_th}"
    if not isinstance(area, Tambon):
        raise TypeError(area)
    district = area.district
    return (
        f"ตำบล{area.name_th} {_district_word(district)}{district.name_th} "
        f"จังหวัด{district.province.name_th}"
    )


def _district_word(district: District) -> str:
    return "เขต" if district.code.startswith("10") else "อำเภอ"


def _area_of_code(code: str) -> Area | None:
    if not code:
        return None
    if len(code) == 2:
        return Province.objects.filter(code=code).first()
    if len(code) == 4:
        return District.objects.select_related("province").filter(code=code).first()
    return Tambon.objects.select_related("district__province").filter(code=code).first()


@dataclass(frozen=True)
class Office:
    """Who writes the memo and to whom: the user's own office and the head above it."""

    name: str  # ส่วนราชการ
    reference: str  # ที่: the office's prefix and room to write the number
    to: str  # เรียน
    area_code: str  # whose certificate signatory signs


def office_of(actor: User) -> Office:
    code = scope_of(actor).code or ""
    area = _area_of_code(code)
    blank = "………………/………………"
    if isinstance(area, Province):
        return Office(
            name=f"สำนักงานพัฒนาชุมชนจังหวัด{area.name_th}",
            reference=f"{ABBREVIATIONS.get(area.code, '')} {blank}",
            to=f"ผู้ว่าราชการจังหวัด{area.name_th}",
            area_code=area.code,
        )
    if isinstance(area, District):
        return Office(
            name=f"สำนักงานพัฒนาชุมชน{_district_word(area)}{area.name_th} จังหวัด{area.province.name_th}",
            reference=f"{ABBREVIATIONS.get(area.province_id, '')} {blank}",
            to=f"นายอำเภอ{area.name_th}",
            area_code=area.code,
        )
    if isinstance(area, Tambon):
        district = area.district
        return Office(
            name=f"ตำบล{area.name_th} {_district_word(district)}{district.name_th} "
            f"จังหวัด{district.province.name_th}",
            reference=f"{ABBREVIATIONS.get(district.province_id, '')} {blank}",
            to=f"พัฒนาการอำเภอ{district.name_th}",
            area_code=district.code,
        )
    return Office(name=DEPARTMENT, reference=f"มท {blank}", to="อธิบดีกรมการพัฒนาชุมชน", area_code="")


def child_word(area: Area | None) -> str:
    if area is None:
        return "จังหวัด"
    if isinstance(area, Province):
        return "อำเภอ"
    return "ตำบล"


@dataclass(frozen=True)
class ChildLine:
    rank: str
    name: str
    code: str
    progress: str
    cells: list[str]  # each figure's share of its target: "๘๐%" (or "–")


def has_targets(row: ChildRow) -> bool:
    """False for a child with nothing to do yet (no quota, nobody selected): its progress is
    shown as "–", not as the 100% its empty score stands for."""
    return row.taking_part


def _child_lines(rows: list[ChildRow], keys: list[str]) -> list[ChildLine]:
    return [
        ChildLine(
            rank=to_thai_digits(str(index)),
            name=row.area.name_th,
            code=row.area.code,
            progress=to_thai_digits(str(row.percent)) + "%" if has_targets(row) else "–",
            cells=[share(row.figures[key]) for key in keys],
        )
        for index, row in enumerate(rows, start=1)
    ]


def totals_lines(dash: Dashboard) -> list[tuple[str, str, str]]:
    """(what, how many, unit) of the approved food-security totals."""
    t = dash.totals
    return [
        ("ครัวเรือนที่ร่วมดำเนินการ", thai(t.households), "ครัวเรือน"),
        (
            "หมู่บ้านที่ดำเนินการ",
            f"{thai(t.villages_covered)} จาก {thai(t.villages_total)}",
            "หมู่บ้าน",
        ),
        ("ภาคีเครือข่ายที่ร่วมดำเนินการ", thai(t.partners), "เครือข่าย"),
        ("ค่าใช้จ่ายในครัวเรือนที่ลดลง", thai(t.baht_saved, money=True), "บาท"),
        ("ศูนย์แบ่งปันที่ดำเนินการอยู่", thai(t.centres), "ศูนย์"),
        ("ครัวเรือน HI/CI ที่ได้รับการดูแล", thai(t.hici), "ครัวเรือน"),
        ("ชุดอาหารที่แจกจ่าย", thai(t.food_packs), "ชุด"),
    ]


def memo_context(
    dash: Dashboard, *, actor: User, today: dt.date | None = None
) -> dict[str, object]:
    today = today or timezone.localdate()
    office = office_of(actor)
    programme = dash.programme
    where = place(dash.area)
    period = (
        to_thai_digits(f"รอบรายงานที่ {dash.period.number} {dash.period.name}")
        if dash.period is not None
        else "ทุกรอบรายงานที่ถึงกำหนดแล้ว"
    )
    found = signatures_for([programme.pk], [office.area_code]).get((programme.pk, office.area_code))
    signature = (
        Signature(to_thai_digits(found.name), to_thai_digits(found.position)) if found else None
    )
    emblem = emblem_data_uris([programme.pk]).get(programme.pk, "")
    keys = [f.key for f in dash.figures]
    headings = column_labels()
    charts = {
        "figures": svgchart.bar_chart(
            [(f.label, f.value, f.target if f.target > 0 else None) for f in dash.figures],
            rank=False,
            label_share=0.5,
            width=520,
            chart_id="memo-figures",
        ),
        "series": svgchart.line_chart(
            [(p.day, p.submitted, p.approved) for p in dash.series],
            [(day, to_thai_digits(label)) for day, label in dash.due_dates],
            names=("ส่งรายงานแล้ว (สะสม)", "อนุมัติแล้ว (สะสม)"),
            expected=dash.figure("reports").target or None,
            expected_label="รายงานที่ต้องส่ง",
            width=500,
            plot_height=170,
            chart_id="memo-series",
        ),
    }
    if dash.area is None:
        charts["map"] = svgchart.tile_map(
            {
                row.area.code: float(row.percent) if has_targets(row) else None
                for row in dash.children
            },
            names={row.area.code: row.area.name_th for row in dash.children},
            legend_title="ความก้าวหน้าเฉลี่ย",
            tile=44,
            chart_id="memo-map",
        )
    elif dash.children:
        laggards = dash.children[:CHART_ROWS]
        charts["children"] = svgchart.bar_chart(
            [
                (row.area.name_th, row.percent if has_targets(row) else None, 100)
                for row in laggards
            ],
            width=520,
            percent_only=True,
            chart_id="memo-children",
        )
    return {
        "office": office,
        "date": format_th(today, long=True),
        "subject": to_thai_digits(f"รายงานผลการดำเนินงานโครงการ{programme.name} ของ{where}"),
        "programme": to_thai_digits(programme.name),
        "fiscal_year": to_thai_digits(str(programme.fiscal_year)),
        "where": where,
        "period": period,
        "as_of": format_th(today, long=True),
        "figures": [
            (f.label, thai(f.value), thai(f.target) if f.target > 0 else "–", share(f))
            for f in dash.figures
        ],
        "totals": totals_lines(dash),
        "child_word": child_word(dash.area),
        "children": _child_lines(dash.children, keys),
        "child_headings": [headings[key] for key in keys],
        "laggards_shown": to_thai_digits(str(min(len(dash.children), CHART_ROWS))),
        "children_count": to_thai_digits(str(len(dash.children))),
        "charts": charts,
        "signature": signature,
        "emblem": emblem,
    }


def render_html(dash: Dashboard, *, actor: User, today: dt.date | None = None) -> str:
    return render_to_string(TEMPLATE, memo_context(dash, actor=actor, today=today))


def render_pdf(dash: Dashboard, *, actor: User, today: dt.date | None = None) -> bytes:
    html = HTML(
        string=render_html(dash, actor=actor, today=today),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=LocalOnlyFetcher(),
    )
    pdf: bytes = html.write_pdf(font_config=_font_config())
    return pdf
