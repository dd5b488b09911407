"""The rollup stays equal to a recount from scratch after every kind of write, through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from conftest import Cast, add_leaders, tambon
from phinong.centres import services as centre_services
from phinong.dashboards import tallies
from phinong.dashboards.models import ReportDay, TambonTally
from phinong.dashboards.tests.data import BAHT, progress, report
from phinong.geo import services as geo_services
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.register import services as register_services
from phinong.register.importer import checksum_of, import_register
from phinong.register.sheets import read_sheet
from phinong.register.tests.sheetmaker import row, xlsx
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod
from phinong.workshops import services as workshop_services
from phinong.workshops.models import Workshop


def _rows(model: Any) -> list[dict[str, Any]]:
    fields = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
    return list(model.objects.order_by(*fields).values(*fields))


def kept() -> list[list[dict[str, Any]]]:
    """Every row of the rollup: the tallies and the reports' days."""
    return [_rows(TambonTally), _rows(ReportDay)]


def assert_current() -> None:
    """The rows the writes kept equal the rows a rebuild from the source tables makes."""
    before = kept()
    tallies.rebuild()
    assert kept() == before


def tally(programme: Programme, code: str) -> TambonTally:
    return TambonTally.objects.get(programme=programme, tambon_id=code)


@pytest.fixture
def periods(cast: Cast, phase2: Programme) -> list[ReportPeriod]:
    return report_services.periods_from_activities(actor=cast.dept, programme=phase2)


def test_pairing_and_unpairing_a_tambon(cast: Cast, phase2: Programme) -> None:
    pair = programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420102"), elder=tambon("420101")
    )
    assert tally(phase2, "420102").paired
    assert_current()

    programme_services.remove_pair(actor=cast.dist_a1, pair=pair, reason="เลือกผิดตำบล")

    assert not TambonTally.objects.filter(programme=phase2, tambon_id="420102").exists()
    assert_current()


def test_adding_and_removing_leaders(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    leaders = add_leaders(cast.dist_a1, phase2, "420102", 3)
    assert tally(phase2, "420102").leaders == 3
    assert_current()

    register_services.remove_member(actor=cast.dist_a1, member=leaders[0], reason="ย้ายออก")

    assert tally(phase2, "420102").leaders == 2
    assert_current()


def test_ticking_and_unticking_attendance(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    leaders = add_leaders(cast.dist_a1, phase2, "420102", 2)
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
        tambons=[tambon("420102")],
    )
    everyone = {m.pk for m in leaders}
    for day in (1, 2):
        workshop_services.set_attendance(
            actor=cast.dist_a1, workshop=workshop, day=day, present=everyone
        )
    assert tally(phase2, "420102").workshop_done == 2
    assert_current()

    workshop_services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=2, present={leaders[0].pk}
    )

    assert tally(phase2, "420102").workshop_done == 1
    assert_current()
    Workshop.objects.filter(pk=workshop.pk).get().delete()  # the cascade, row by row
    assert tally(phase2, "420102").workshop_done == 0
    assert_current()


def test_an_activity_record(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    activity = phase2.activities.get(number=2)
    workshop_services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "done", "participants": 15},
    )

    assert tally(phase2, "420102").activities_done == 1 << 2
    assert_current()


def test_a_record_that_alone_kept_a_row_takes_it_away(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    """A write that recounts only its own figures still removes a row nothing else keeps."""
    done = workshop_services.save_record(
        actor=cast.dist_a1,
        activity=phase2.activities.get(number=2),
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "done", "participants": 15},
    )
    programme_services.remove_pair(actor=cast.dist_a1, pair=pair_a1, reason="เลือกผิดตำบล")
    assert tally(phase2, "420102").activities_done == 1 << 2
    assert_current()

    workshop_services.delete_record(actor=cast.dist_a1, record_=done, expected_version=done.version)

    assert not TambonTally.objects.filter(programme=phase2, tambon_id="420102").exists()
    assert_current()


def test_a_tick_where_the_row_went_missing_recounts_the_whole_row(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    leaders = add_leaders(cast.dist_a1, phase2, "420102", 2)
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 1, "mode": "online"},
        tambons=[tambon("420102")],
    )
    TambonTally.objects.filter(programme=phase2, tambon_id="420102").delete()

    workshop_services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=1, present={leaders[0].pk}
    )

    assert (tally(phase2, "420102").leaders, tally(phase2, "420102").workshop_done) == (2, 1)
    assert_current()


@pytest.mark.parametrize("kind", sorted(tallies.PARTS))
def test_a_refresh_after_one_kind_of_write_reads_only_its_figures(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    periods: list[ReportPeriod],
    kind: str,
    django_assert_max_num_queries: Any,
) -> None:
    """Its source and the stored row (and the stored report days), against ten reads for the
    whole row; PostgreSQL takes the tambon's lock first."""
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    with django_assert_max_num_queries(4 if kind == "reports" else 3):
        tallies.refresh(programme_id=phase2.pk, tambon_codes=["420102"], kind=kind)
    assert_current()


def test_every_move_of_a_report(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    submitted = report(cast.dist_a1, cast.prov_a, periods[0], "420102", approve=False)
    assert tally(phase2, "420102").reports_submitted == 1 << periods[0].number
    assert_current()

    returned = report_services.move(
        actor=cast.prov_a,
        report=submitted,
        name="return",
        expected_version=submitted.version,
        reason="แนบภาพถ่าย",
    )
    assert_current()
    again = report_services.move(
        actor=cast.dist_a1, report=returned, name="resubmit", expected_version=returned.version
    )
    approved = report_services.move(
        actor=cast.prov_a, report=again, name="approve", expected_version=again.version
    )
    assert tally(phase2, "420102").expenses_reduced == BAHT
    day = ReportDay.objects.get(programme=phase2, tambon_id="420102")
    assert day.submitted_on is not None and day.approved_on is not None
    assert_current()

    report_services.move(
        actor=cast.prov_a,
        report=approved,
        name="reopen",
        expected_version=approved.version,
        reason="แก้ตัวเลข",
    )

    assert tally(phase2, "420102").reports_approved == 0
    assert tally(phase2, "420102").expenses_reduced == 0
    assert_current()


def test_a_village_added(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    villages = tally(phase2, "420102").villages

    geo_services.add_village(actor=cast.dist_a1, tambon=tambon("420102"), moo=31, name_th="ใหม่")

    assert tally(phase2, "420102").villages == villages + 1
    assert_current()


def test_a_sharing_centre_movement_leaves_the_tally_as_it_was(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    before = kept()
    centre = centre_services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420102"), name="ศูนย์แบ่งปัน", operator="อบต."
    )
    centre_services.record_donation(
        actor=cast.dist_a1,
        centre=centre,
        occurred_on=dt.date(2021, 9, 1),
        donor="วัด",
        item="ข้าวสาร",
        unit="กิโลกรัม",
        quantity=Decimal(20),
    )

    assert kept() == before  # the dashboards count centres from the approved reports
    assert_current()


def test_an_import_of_the_register(cast: Cast, phase2: Programme) -> None:
    data = xlsx([row(seq=n) for n in range(1, 16)])

    result = import_register(
        actor=cast.dist_a1,
        programme=phase2,
        sheet=read_sheet(data, "register.xlsx"),
        checksum=checksum_of(data),
        filename="register.xlsx",
    )

    assert result.created == 15
    assert (tally(phase2, "420103").leaders, tally(phase2, "420103").paired) == (15, True)
    assert_current()


def test_a_rebuild_from_nothing_gives_the_same_rows(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    before = kept()
    assert before

    TambonTally.objects.all().delete()
    tallies.rebuild()

    assert kept() == before
