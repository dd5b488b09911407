"""Data for the dashboard tests: a tambon brought some way through the programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import Cast, add_leaders, tambon
from phinong.accounts.models import User
from phinong.programmes import services as programme_services
from phinong.programmes.models import Programme
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod, TambonReport
from phinong.workshops import services as workshop_services

FIGURES = {
    "households": 40,
    "villages_covered": 0,
    "partner_networks": 2,
    "expenses_reduced": "12500.50",
    "active_centres": 1,
    "hici_households": 5,
    "food_packs": 30,
    "narrative": "ปลูกผักสวนครัว",
}


def report(
    district: User, province: User, period: ReportPeriod, code: str, *, approve: bool = True
) -> TambonReport:
    """A report of `code` saved and submitted by the district, approved by the province."""
    saved = report_services.save_report(
        actor=district, period=period, tambon=tambon(code), expected_version=0, values=FIGURES
    )
    moved = report_services.move(
        actor=district, report=saved, name="submit", expected_version=saved.version
    )
    if approve:
        moved = report_services.move(
            actor=province, report=moved, name="approve", expected_version=moved.version
        )
    return moved


def progress(cast: Cast, programme: Programme, code: str, district: User, province: User) -> None:
    """Leaders, a workshop they attended, activity 1 done and a report approved for `code`."""
    leaders = add_leaders(district, programme, code, 2)
    workshop = workshop_services.create_workshop(
        actor=district,
        programme=programme,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
        tambons=[tambon(code)],
    )
    for day in (1, 2):
        workshop_services.set_attendance(
            actor=district, workshop=workshop, day=day, present={m.pk for m in leaders}
        )
    workshop_services.save_record(
        actor=district,
        activity=programme.activities.get(number=1),
        tambon=tambon(code),
        expected_version=0,
        values={"status": "done", "participants": 15},
    )
    period = ReportPeriod.objects.filter(programme=programme).order_by("number").first()
    assert period is not None
    report(district, province, period, code)


def pair_more(cast: Cast, programme: Programme, younger: list[str]) -> None:
    """Raise Loei's quota and pair more younger tambons of Mueang Loei, each with progress."""
    from phinong.geo.models import Province
    from phinong.programmes.models import Pair

    loei = Province.objects.get(code="42")
    used = Pair.objects.filter(programme=programme, younger__code__startswith="42").count()
    programme_services.set_province_quota(
        actor=cast.dept, programme=programme, province=loei, tambons=used + len(younger)
    )
    for i, code in enumerate(younger):
        programme_services.create_pair(
            actor=cast.dist_a1,
            programme=programme,
            younger=tambon(code),
            elder=tambon("420101" if i % 2 else "420201"),
        )
        progress(cast, programme, code, cast.dist_a1, cast.prov_a)


BAHT = Decimal("12500.50")  # FIGURES["expenses_reduced"]
