"""Reads of tambon reports, always inside the reader's area."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum

from phinong.accounts.scoping import get_in_scope, scope_of
from phinong.geo.models import Village
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme
from phinong.reports.models import (
    FIGURES,
    Notification,
    ReportPeriod,
    ReportState,
    ReportTransition,
    TambonReport,
)
from phinong.reports.rules import Context

if TYPE_CHECKING:
    from phinong.accounts.models import User


def reporting_tambons(programme: Programme, area_code: str = "") -> set[str]:
    """The tambons that report in a programme (its younger tambons, or its targets), in an area."""
    return programme_selectors.selected_codes(programme, area_code)


def periods_of(programme: Programme) -> QuerySet[ReportPeriod]:
    return ReportPeriod.objects.filter(programme=programme).select_related("activity")


def get_report_for(*, actor: User, pk: int) -> TambonReport:
    return get_in_scope(
        TambonReport.objects.select_related("period__programme", "tambon__district__province"),
        actor=actor,
        path="tambon__code",
        pk=pk,
    )


def report_of(period: ReportPeriod, tambon_code: str) -> TambonReport | None:
    report = TambonReport.objects.filter(period=period, tambon_id=tambon_code).first()
    if report is not None:
        report.period = period  # the caller's row: reading report.period costs no query
    return report


def return_of(report: TambonReport) -> ReportTransition | None:
    """The province's latest return (or reopening) of a report: who, when and why."""
    if report.pk is None:
        return None
    return (
        ReportTransition.objects.filter(report=report, to_state=ReportState.RETURNED)
        .order_by("-at", "-id")
        .first()
    )


def rule_context(report: TambonReport) -> Context:
    previous = (
        TambonReport.objects.filter(
            tambon_id=report.tambon_id,
            period__programme_id=report.period.programme_id,
            period__number__lt=report.period.number,
        )
        .order_by("-period__number")
        .values(*FIGURES)
        .first()
    )
    return Context(
        villages=Village.objects.filter(tambon_id=report.tambon_id).count(), previous=previous
    )


def approved_totals(
    programme: Programme, area_code: str, period: ReportPeriod | None = None
) -> dict[str, Any]:
    """The sums of every approved report in an area: what the department sees at once."""
    reports = TambonReport.objects.filter(
        period__programme=programme,
        state=ReportState.APPROVED,
        tambon__code__startswith=area_code,
    )
    if period is not None:
        reports = reports.filter(period=period)
    return _zero_for_none(reports.aggregate(reports=Count("pk"), **{f: Sum(f) for f in FIGURES}))


def approved_totals_with_period(
    programme: Programme, area_code: str, period: ReportPeriod
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(approved_totals of every period, approved_totals of `period`), in one query."""
    reports = TambonReport.objects.filter(
        period__programme=programme,
        state=ReportState.APPROVED,
        tambon__code__startswith=area_code,
    )
    in_period = Q(period=period)
    names = ["reports", *FIGURES]
    totals = reports.aggregate(  # aliases unlike the fields: an alias may not hide a field here
        all_reports=Count("pk"),
        **{f"all_{f}": Sum(f) for f in FIGURES},
        one_reports=Count("pk", filter=in_period),
        **{f"one_{f}": Sum(f, filter=in_period) for f in FIGURES},
    )
    return (
        _zero_for_none({name: totals[f"all_{name}"] for name in names}),
        _zero_for_none({name: totals[f"one_{name}"] for name in names}),
    )


def _zero_for_none(totals: dict[str, Any]) -> dict[str, Any]:
    """No approved report sums to None in SQL: it is 0 (0.00 baht) to the reader."""
    return {
        k: v if v is not None else (Decimal(0) if k == "expenses_reduced" else 0)
        for k, v in totals.items()
    }


def reports_in(*, actor: User, period: ReportPeriod, area_code: str) -> dict[str, TambonReport]:
    """{tambon code: report} for the period's reports in an area inside the actor's scope."""
    reports = TambonReport.objects.filter(
        scope_of(actor).q("tambon__code"), period=period, tambon__code__startswith=area_code
    )
    return {report.tambon_id: report for report in reports}


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)
