"""Completeness and timeliness on a fixed calendar."""

from __future__ import annotations

import datetime as dt

from conftest import Cast, tambon
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.reports.completeness import completeness, status_of
from phinong.reports.models import ReportPeriod, ReportState, TambonReport

BANGKOK = dt.timezone(dt.timedelta(hours=7))


def reported(
    code: str, period: ReportPeriod, when: dt.datetime, state: str = "submitted"
) -> TambonReport:
    return TambonReport.objects.create(
        period=period, tambon_id=code, state=state, first_submitted_at=when, submitted_at=when
    )


def test_on_time_late_missing_and_approved_by_province(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, period: ReportPeriod
) -> None:
    programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420103"), elder=tambon("420101")
    )
    assert period.due_on == dt.date(2021, 8, 15)
    # 420102: submitted at 23:59 Bangkok time on the due date, then approved: on time.
    reported(
        "420102", period, dt.datetime(2021, 8, 15, 23, 59, tzinfo=BANGKOK), ReportState.APPROVED
    )
    # 450102: submitted a minute after midnight: late.
    reported("450102", period, dt.datetime(2021, 8, 16, 0, 1, tzinfo=BANGKOK))
    # 420103: nothing, or only a draft: missing, and overdue after the 15th.
    TambonReport.objects.create(period=period, tambon_id="420103")

    rows, total = completeness(phase2, period, "", today=dt.date(2021, 8, 20))

    summary = {
        r.code: (r.expected, r.on_time, r.late, r.missing, r.overdue, r.approved) for r in rows
    }
    assert summary == {"42": (2, 1, 0, 1, 1, 1), "45": (1, 0, 1, 0, 0, 0)}
    assert (total.expected, total.submitted, total.missing, total.approved) == (3, 2, 1, 1)
    # 450102 is submitted and not yet approved: it awaits Roi Et's approval.
    assert [(r.code, r.awaiting) for r in rows] == [("42", 0), ("45", 1)]
    assert total.awaiting == 1
    assert total.overdue_tambons == ["420103"]
    assert [r.name for r in rows] == ["เลย", "ร้อยเอ็ด"]

    before_due, _total = completeness(phase2, period, "", today=dt.date(2021, 8, 15))
    assert sum(r.overdue for r in before_due) == 0

    district, _ = completeness(phase2, period, "4201", today=dt.date(2021, 8, 20))
    assert [(r.code, r.on_time, r.overdue) for r in district] == [
        ("420102", 1, 0),
        ("420103", 0, 1),
    ]


def test_the_status_of_one_tambon(cast: Cast, pair_a1: Pair, period: ReportPeriod) -> None:
    due = dt.date(2021, 8, 15)
    assert status_of(None, period, due) == "pending"
    assert status_of(None, period, due + dt.timedelta(days=1)) == "overdue"
    late = reported("420102", period, dt.datetime(2021, 8, 17, 9, 0, tzinfo=BANGKOK))
    assert status_of(late, period, due) == "late"
