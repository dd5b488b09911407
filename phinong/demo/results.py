"""The demo's food-security results for phase 2: villages, reporting periods and tambon reports.

Reports are made through the real services and moved through the real workflow, so each state the
province meets on a Monday morning is there: approved, waiting for review, returned, a draft, and
tambons that have not reported at all. Like the rest of the demo, a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from phinong.accounts.models import User
from phinong.centres.models import HouseholdKind, SharingCentre
from phinong.centres.services import create_centre, record_distribution, record_donation
from phinong.demo.clock import at, dated
from phinong.geo.models import Tambon, Village
from phinong.geo.services import add_village
from phinong.partners.models import Partner, PartnerKind
from phinong.partners.services import create_partner
from phinong.programmes.models import Activity, Programme
from phinong.reports import services as reports
from phinong.reports.models import ReportPeriod, TambonReport
from phinong.workshops.certificates import issue_certificates
from phinong.workshops.models import Workshop
from phinong.workshops.selectors import participants
from phinong.workshops.services import create_workshop, save_record, set_attendance

VILLAGES = ("บ้านนาโป่ง", "บ้านหนองผือ", "บ้านโคกใหญ่", "บ้านท่าสวรรค์", "บ้านนาแก", "บ้านห้วยทราย")

# tambon: (figures of period 1, the moves it went through, the province's reason for returning)
REPORTS: dict[str, tuple[dict[str, Any], list[str], str]] = {
    "420102": (
        {
            "households": 120,
            "villages_covered": 6,
            "partner_networks": 4,
            "active_centres": 2,
            "expenses_reduced": "45600.00",
            "hici_households": 18,
            "food_packs": 240,
            "narrative": "ปลูกผักสวนครัวรั้วกินได้ครบทุกหมู่บ้าน ศูนย์แบ่งปันส่งอาหารให้ครัวเรือนกักตัว",
        },
        ["submit", "approve"],
        "",
    ),
    "420103": (
        {
            "households": 85,
            "villages_covered": 5,
            "partner_networks": 3,
            "active_centres": 1,
            "expenses_reduced": "21250.50",
            "hici_households": 9,
            "food_packs": 95,
            "narrative": "เลี้ยงไก่ไข่และเพาะเห็ดร่วมกับวัดและโรงเรียน",
        },
        ["submit"],
        "",
    ),
    "420104": (
        {
            "households": 60,
            "villages_covered": 4,
            "partner_networks": 2,
            "active_centres": 1,
            "expenses_reduced": "9800.00",
            "hici_households": 4,
            "food_packs": 40,
            "narrative": "แปลงผักรวมของหมู่บ้าน",
        },
        ["submit", "return"],
        "ยังไม่ได้แนบภาพถ่ายแปลงผัก และจำนวนครัวเรือนไม่ตรงกับทะเบียน",
    ),
    "450102": (
        {
            "households": 70,
            "villages_covered": 3,
            "partner_networks": 2,
            "active_centres": 1,
            "expenses_reduced": "15000.00",
            "hici_households": 6,
            "food_packs": 70,
            "narrative": "ตลาดนัดแลกเปลี่ยนผลผลิตในตำบล",
        },
        [],
        "",
    ),
}


# Partners of Mueang Loei (4201): name, type, the tambons they work in.
PARTNERS = (
    ("วัดศรีสุทธาวาส", PartnerKind.TEMPLE, ("420102", "420103")),
    ("โรงเรียนบ้านนาอ้อ", PartnerKind.SCHOOL, ("420103",)),
    ("องค์การบริหารส่วนตำบลกกดู่", PartnerKind.LOCAL_GOVERNMENT, ("420104",)),
    ("กลุ่มวิสาหกิจชุมชนผักปลอดสารพิษ", PartnerKind.COMMUNITY_GROUP, ("420102", "420104")),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบลเมือง", PartnerKind.AGENCY, ("420102",)),
)


def _seed_partners(officer: User) -> None:
    for name, kind, codes in PARTNERS:
        if Partner.objects.filter(name=name, owner_code=officer.area_code).exists():
            continue
        with dated(at(2021, 8, 3, 14)):
            create_partner(
                actor=officer,
                data={"name": name, "kind": kind},
                tambons=list(Tambon.objects.filter(code__in=codes)),
            )


def _seed_centre(officer: User) -> None:
    """A sharing centre in 420102 with a month of donations and distributions."""
    tambon = Tambon.objects.get(code="420102")
    if SharingCentre.objects.filter(tambon=tambon).exists():
        return
    with dated(at(2021, 8, 2, 9, 30)):
        centre = create_centre(
            actor=officer,
            tambon=tambon,
            name="ศูนย์แบ่งปันบ้านนาโป่ง",
            operator="นางบุญเรือน ใจดี",
            village=Village.objects.filter(tambon=tambon, moo=1).first(),
        )
    day = dt.date(2021, 8, 2)
    for donor, item, unit, quantity in (
        ("วัดศรีสุทธาวาส", "ข้าวสาร", "กก.", 500),
        ("กลุ่มวิสาหกิจชุมชนผักปลอดสารพิษ", "ผักสด", "กก.", 120),
        ("ร้านค้าชุมชน", "ถุงยังชีพ", "ถุง", 150),
    ):
        with dated(at(day.year, day.month, day.day, 11)):
            record_donation(
                actor=officer,
                centre=centre,
                occurred_on=day,
                donor=donor,
                item=item,
                unit=unit,
                quantity=Decimal(quantity),
            )
    for offset, kind, households, item, unit, quantity in (
        (3, HouseholdKind.HICI, 12, "ถุงยังชีพ", "ถุง", 12),
        (5, HouseholdKind.ELDERLY, 30, "ข้าวสาร", "กก.", 150),
        (9, HouseholdKind.HICI, 6, "ถุงยังชีพ", "ถุง", 6),
        (12, HouseholdKind.LOW_INCOME, 40, "ผักสด", "กก.", 80),
    ):
        occurred_on = day + dt.timedelta(days=offset)
        with dated(at(occurred_on.year, occurred_on.month, occurred_on.day, 15)):
            record_distribution(
                actor=officer,
                centre=centre,
                occurred_on=occurred_on,
                item=item,
                unit=unit,
                quantity=Decimal(quantity),
                household_kind=kind,
                households=households,
            )


WORKSHOP = "การประชุมเชิงปฏิบัติการผู้นำการเปลี่ยนแปลง (ออนไลน์) อำเภอเมืองเลย"


def _seed_workshop(officer: User, phase2: Programme) -> None:
    """Activity 2 (due 31 Aug 2564) for the three younger tambons of Mueang Loei: two days on Zoom,
    30 and 31 August 2564; three leaders missed day 2, the others completed it and have their
    certificates, issued on the last day. Activity 1 was recorded before its due date (15 Aug)."""
    if Workshop.objects.filter(programme=phase2, title=WORKSHOP).exists():
        return
    codes = ["420102", "420103", "420104"]
    activities = {a.number: a for a in phase2.activities.all()}
    for code in codes[:2]:
        with dated(at(2021, 8, 14, 16)):
            _record(officer, activities[1], code, "done")
    with dated(at(2021, 8, 16, 10)):
        workshop = create_workshop(
            actor=officer,
            programme=phase2,
            values={
                "title": WORKSHOP,
                "starts_on": dt.date(2021, 8, 30),
                "days": 2,
                "mode": "online",
                "platform": "Zoom",
                "link_or_venue": "https://zoom.us/j/0000000000",
                "activity": activities.get(2),
            },
            tambons=list(Tambon.objects.filter(code__in=codes)),
        )
    leaders = sorted(participants(workshop, actor=officer).values_list("pk", flat=True))
    with dated(at(2021, 8, 30, 16, 30)):
        set_attendance(actor=officer, workshop=workshop, day=1, present=set(leaders))
    with dated(at(2021, 8, 31, 16, 30)):
        set_attendance(actor=officer, workshop=workshop, day=2, present=set(leaders[3:]))
    with dated(at(2021, 8, 31, 17)):
        issue_certificates(actor=officer, workshop=workshop)
        for code, status in (("420102", "done"), ("420103", "in_progress")):
            _record(officer, activities[2], code, status)


def _record(officer: User, activity: Activity, code: str, status: str) -> None:
    save_record(
        actor=officer,
        activity=activity,
        tambon=Tambon.objects.get(code=code),
        expected_version=0,
        values={"status": status, "participants": 15, "notes": "ดำเนินการตามแผน"},
    )


# When each step of a report of period 1 (due 15 Aug 2564) happened: all before the due date.
REPORT_DAYS = {
    "save": at(2021, 8, 11, 14),
    "submit": at(2021, 8, 12, 10),
    "review": at(2021, 8, 13, 11),
}


def seed_results(*, phase2: Programme, dept: User, officers: dict[str, User]) -> list[str]:
    with dated(at(2021, 8, 2, 15)):
        periods = reports.periods_from_activities(actor=dept, programme=phase2)
    first = ReportPeriod.objects.get(programme=phase2, number=1)
    province_officers = {u.area_code: u for u in User.objects.filter(username__startswith="demo-p")}
    for code, (figures, moves, reason) in REPORTS.items():
        officer = officers[code[:4]]
        tambon = Tambon.objects.get(code=code)
        with dated(at(2021, 8, 10, 9, 30)):
            for moo, name in enumerate(VILLAGES, start=1):
                if not Village.objects.filter(tambon=tambon, moo=moo).exists():
                    add_village(actor=officer, tambon=tambon, moo=moo, name_th=name)
        if TambonReport.objects.filter(period=first, tambon=tambon).exists():
            continue
        with dated(REPORT_DAYS["save"]):
            report = reports.save_report(
                actor=officer, period=first, tambon=tambon, expected_version=0, values=figures
            )
        for name in moves:
            actor = officer if name == "submit" else province_officers[code[:2]]
            with dated(REPORT_DAYS["submit" if name == "submit" else "review"]):
                report = reports.move(
                    actor=actor,
                    report=report,
                    name=name,
                    expected_version=report.version,
                    reason=reason if name == "return" else "",
                )
    _seed_partners(officers["4201"])
    _seed_centre(officers["4201"])
    _seed_workshop(officers["4201"], phase2)
    return [f"{phase2.code}: {len(periods)} reporting periods added, reports of period 1 ready"]
