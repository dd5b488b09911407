"""Reads of tambon reports, always inside the reader's area."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from phinong.accounts.scoping import get_in_scope, scope_of
from phinong.geo.models import Tambon, Village
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme
from phinong.reports.models import (
    FIGURES,
    Evidence,
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


def reporting_tambon(programme: Programme, code: str) -> Tambon | None:
    """The tambon `code`, with its district and province, if it reports in the programme: the
    report page reads both at once. The caller checks the actor's scope first."""
    return (
        Tambon.objects.select_related("district__province")
        .filter(code=code, code__in=programme_selectors.selected_tambons(programme))
        .first()
    )


def periods_of(programme: Programme) -> QuerySet[ReportPeriod]:
    """The programme's periods in order (by number: the model's ordering, without the join
    to the programme that ordering by it needs)."""
    return (
        ReportPeriod.objects.filter(programme=programme)
        .select_related("activity")
        .order_by("number")
    )


def get_report_for(*, actor: User, pk: int) -> TambonReport:
    return get_in_scope(
        TambonReport.objects.select_related("period__programme", "tambon__district__province"),
        actor=actor,
        path="tambon__code",
        pk=pk,
    )


def report_with_rule_context(
    period: ReportPeriod, tambon_code: str
) -> tuple[TambonReport | None, Context | None]:
    """(the period's report of the tambon, its rule_context) in one query: the report page shows
    the report and its findings, so the previous period's report comes in the same read, with
    the villages counted and whether the report has evidence (`has_evidence`: most have none,
    and then none is read).

    The context is None when the tambon has no report up to this period (nothing to check yet).
    """
    villages = (
        Village.objects.filter(tambon_id=OuterRef("tambon_id"))
        .order_by()
        .values("tambon_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        TambonReport.objects.filter(
            tambon_id=tambon_code,
            period__programme_id=period.programme_id,
            period__number__lte=period.number,
        )
        .annotate(
            villages=Coalesce(Subquery(villages), 0),
            has_evidence=Exists(Evidence.objects.filter(report=OuterRef("pk"))),
        )
        .order_by("-period__number")[:2]
    )
    report = rows[0] if rows and rows[0].period_id == period.pk else None
    if report is not None:
        report.period = period  # the caller's row: reading report.period costs no query
    if not rows:
        return None, None
    previous = rows[0] if report is None else (rows[1] if len(rows) > 1 else None)
    return report, Context(
        villages=rows[0].villages,
        previous={f: getattr(previous, f) for f in FIGURES} if previous is not None else None,
    )


def latest_return(transitions: list[ReportTransition]) -> ReportTransition | None:
    """The province's latest return (or reopening) of a report: who, when and why; from the
    report's transitions, already read for the page (oldest first)."""
    return next((t for t in reversed(transitions) if t.to_state == ReportState.RETURNED), None)


def rule_context(report: TambonReport) -> Context:
    """What the rules know around a report: read with the report itself (one query), or, for a
    tambon with no report yet up to this period, its villages alone."""
    _report, context = report_with_rule_context(report.period, report.tambon_id)
    if context is None:
        villages = Village.objects.filter(tambon_id=report.tambon_id).count()
        context = Context(villages=villages, previous=None)
    return context


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


def approved_totals_of(reports: Iterable[TambonReport]) -> dict[str, Any]:
    """approved_totals of one period, summed from its reports already read: every report of the
    period in the area, so no query is needed (Decimal sums are exact, as in SQL)."""
    approved = [report for report in reports if report.state == ReportState.APPROVED]
    totals: dict[str, Any] = {"reports": len(approved)}
    for figure in FIGURES:
        start = Decimal(0) if figure == "expenses_reduced" else 0
        totals[figure] = sum((getattr(report, figure) for report in approved), start)
    return totals


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
    ).order_by()  # a dict by code: the model's ordering would only add joins
    return {report.tambon_id: report for report in reports}


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return int(user.unread_notifications)  # kept by reports.notify: no page counts the inbox


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)
