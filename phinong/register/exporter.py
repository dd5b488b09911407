"""Exporting the target-group register to .xlsx, in the layout the importer reads back.

Rows stream from the database in chunks into XlsxWriter's constant-memory mode, so 100,000 leaders
take the memory of a few thousand. Areas are written by name wherever the name reads back to the
same area (else by DOPA code), dates in B.E., and IDs and phones as text, so that an export by a
role that sees national IDs imports back with zero changes. Other roles get masked IDs, the sheet
says so, and the importer refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

import xlsxwriter
from django.utils import timezone

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.audit.services import record
from phinong.geo.gazetteer import Gazetteer
from phinong.lib import national_id
from phinong.lib.dates import format_numeric_be, format_th
from phinong.register.columns import COLUMNS, MASKED_MARKER
from phinong.register.models import LeaderType, Member, MemberRole, Sex

if TYPE_CHECKING:
    import datetime as dt

    from phinong.accounts.models import User
    from phinong.programmes.models import Programme

SEX_WORDS: dict[str, str] = {Sex.MALE: "ชาย", Sex.FEMALE: "หญิง", Sex.OTHER: "ไม่ระบุ"}
LEADER_TYPE_WORDS: dict[str, str] = {LeaderType.FORMAL: "ทางการ", LeaderType.INFORMAL: "ไม่เป็นทางการ"}
HEADER_ROW = 3  # 0-based: a title, a line on what and who, the masking notice, then the header
WIDTHS = {"seq": 6, "national_id": 17, "first_name": 16, "last_name": 16, "position": 22}
FIELDS = (
    "tambon_id",
    "pair__elder_id",
    "village__moo",
    "title",
    "first_name",
    "last_name",
    "national_id",
    "sex",
    "age",
    "birth_date",
    "position",
    "leader_type",
    "phone",
)


def export_register(
    *,
    actor: User,
    programme: Programme,
    out: BinaryIO,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the leaders of the actor's area to `out` as .xlsx; return how many rows were written."""
    scope = scope_of(actor)
    show = can(actor, Action.SEE_PERSONAL_DATA)
    members = Member.objects.filter(
        scope.q("tambon__code"), programme=programme, role=MemberRole.LEADER
    ).order_by("tambon_id", "pk")
    total = members.count()
    places = Gazetteer.load()

    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("ทะเบียน")
    bold = workbook.add_format({"bold": True, "font_name": "TH Sarabun New", "font_size": 14})
    plain = workbook.add_format({"font_name": "TH Sarabun New", "font_size": 14})
    text = workbook.add_format({"font_name": "TH Sarabun New", "font_size": 14, "num_format": "@"})
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, WIDTHS.get(column.key, 12))
    area = places.names.get(scope.code or "", "") or "ทั่วประเทศ"
    sheet.write(0, 0, f"ทะเบียนกลุ่มเป้าหมาย โครงการ {programme.code} {programme.name}", bold)
    sheet.write(
        1,
        0,
        f"พื้นที่: {area} · ส่งออกเมื่อ {format_th(timezone.localdate())} "
        f"โดย {actor.username} · {total:,} คน",
        plain,
    )
    if not show:
        sheet.write(2, 0, f"{MASKED_MARKER} (นำเข้ากลับไม่ได้)", bold)
    for index, column in enumerate(COLUMNS):
        sheet.write(HEADER_ROW, index, column.thai, bold)

    row = HEADER_ROW
    areas: dict[tuple[str, str], list[str]] = {}
    for row_values in members.values_list(*FIELDS).iterator(chunk_size=2000):
        row += 1
        m = dict(zip(FIELDS, row_values, strict=True))
        key = (str(m["tambon_id"]), str(m["pair__elder_id"] or ""))
        if key not in areas:
            areas[key] = _area_cells(*key, places)
        cells = [row - HEADER_ROW, *areas[key], *_person_cells(m, show)]
        for index, value in enumerate(cells):
            if isinstance(value, int):
                sheet.write_number(row, index, value, plain)
            elif value:
                sheet.write_string(row, index, value, text)
        if progress and (row - HEADER_ROW) % 5000 == 0:
            progress(row - HEADER_ROW, total)
    workbook.close()
    if progress:
        progress(row - HEADER_ROW, total)
    record(
        actor=actor,
        action="register.export",
        obj=programme,
        area_code=scope.code or "",
        changes={"rows": row - HEADER_ROW, "national_ids": "shown" if show else "masked"},
    )
    return row - HEADER_ROW


def _area_cells(tambon: str, elder: str, places: Gazetteer) -> list[str]:
    """Province, district, elder tambon and tambon, each as a name that reads back the same."""
    return [
        places.name_for(tambon[:2]),
        places.name_for(tambon[:4], within=tambon[:2]),
        places.name_for(elder, near=tambon) if elder else "",
        places.name_for(tambon, within=tambon[:4]),
    ]


def _person_cells(m: dict[str, object], show: bool) -> list[str | int | None]:
    nid, phone = str(m["national_id"]), str(m["phone"] or "")
    birth_date: dt.date | None = m["birth_date"]  # type: ignore[assignment]
    return [
        m["village__moo"],  # type: ignore[list-item]
        str(m["title"]),
        str(m["first_name"]),
        str(m["last_name"]),
        nid if show else national_id.masked(nid),
        SEX_WORDS.get(str(m["sex"]), str(m["sex"])),
        m["age"],  # type: ignore[list-item]
        (format_numeric_be(birth_date) if show else "xx/xx/xxxx") if birth_date else "",
        str(m["position"]),
        LEADER_TYPE_WORDS.get(str(m["leader_type"]), str(m["leader_type"])),
        phone if show else national_id.masked_phone(phone) if phone else "",
    ]
