"""Completeness and timeliness: for a period and an area, who reported, on time or late, and who not.

A tambon is expected to report when the programme selected it. It reported on time when its first
submission came by the end of the period's due date (Bangkok time); later is late. A tambon with no
submission is missing, and overdue once the due date has passed. Awaiting approval counts the
reports submitted and not yet approved or returned; approved counts the approved reports. Rows are the area's children (provinces of the nation, districts of a province, tambons of
a district), plus a total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phinong.geo.models import District, Province, Tambon
from phinong.programmes.models import Programme
from phinong.programmes.selectors import selected_tambons
from phinong.reports.models import ReportPeriod, ReportState, TambonReport
from phinong.reports.selectors import reporting_tambons


@dataclass
class Row:
    code: str
    name: str
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    overdue: int = 0
    awaiting: int = 0  # submitted, waiting for the province to approve or return
    approved: int = 0
    overdue_tambons: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0


def on_time(report: TambonReport | None, period: ReportPeriod) -> bool | None:
    """None when never submitted; else whether the first submission came by the due date."""
    if report is None or report.first_submitted_at is None:
        return None
    return timezone.localtime(report.first_submitted_at).date() <= period.due_on


def status_of(report: TambonReport | None, period: ReportPeriod, today: dt.date) -> str:
    """'approved', 'on_time', 'late', 'overdue' or 'pending' (not submitted, not yet due)."""
    timely = on_time(report, period)
    if timely is None:
        return "overdue" if today > period.due_on else "pending"
    if report is not None and report.state == ReportState.APPROVED:
        return "approved"
    return "on_time" if timely else "late"


def completeness(
    programme: Programme,
    period: ReportPeriod,
    area_code: str,
    *,
    today: dt.date | None = None,
    reports: dict[str, TambonReport] | None = None,
) -> tuple[list[Row], Row]:
    """(a row per child area, the total) for the period in the area.

    `reports` ({tambon code: report} of the period, at least those of the area's reporting
    tambons) spares reading them again when the caller has them already."""
    today = today or timezone.localdate()
    level = len(area_code) + 2 if len(area_code) < 6 else 6
    if level == 6:  # the rows are the expected tambons themselves: one query for both
        names = _tambon_names(programme, area_code)
        expected = set(names)
    else:
        expected = reporting_tambons(programme, area_code)
        names = _names(area_code, level)
    if reports is None:
        reports = {
            r.tambon_id: r
            for r in TambonReport.objects.filter(period=period, tambon_id__in=expected)
            .order_by()  # a dict by code: the model's ordering would only add joins
            .only("tambon_id", "state", "first_submitted_at")
        }
    rows: dict[str, Row] = {}
    total = Row(area_code, "")
    for code in sorted(expected):
        child = code[:level]
        row = rows.setdefault(child, Row(child, names.get(child, child)))
        report = reports.get(code)
        timely = on_time(report, period)
        for target in (row, total):
            target.expected += 1
            if timely is not None:
                target.on_time += timely
                target.late += not timely
                target.approved += report is not None and report.state == ReportState.APPROVED
                target.awaiting += report is not None and report.state == ReportState.SUBMITTED
            else:
                target.missing += 1
                if today > period.due_on:
                    target.overdue += 1
                    target.overdue_tambons.append(code)
    return sorted(rows.values(), key=lambda r: r.code), total


def _names(area_code: str, level: int) -> dict[str, str]:
    areas: QuerySet[Any] = {
        2: Province.objects.all(),
        4: District.objects.all(),
        6: Tambon.objects.all(),
    }[level]
    return dict(areas.filter(code__startswith=area_code).values_list("code", "name_th"))


def _tambon_names(programme: Programme, area_code: str) -> dict[str, str]:
    """{code: name} of the tambons of an area that report in the programme (reporting_tambons)."""
    return dict(
        Tambon.objects.filter(code__startswith=area_code, code__in=selected_tambons(programme))
        .order_by()
        .values_list("code", "name_th")
    )
