"""How a dashboard is computed: a fixed handful of aggregate queries, grouped by child code prefix.

Every query filters on the area's code prefix and groups by the first 2, 4 or 6 characters of the
tambon code (the children of the nation, a province, a district; a tambon groups by itself). No
loop here runs over tambons, leaders or reports: the loops run over the grouped rows (at most one
per child), so the query count is the same whatever the size of the data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, Least, Substr, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.core.formatting import num
from phinong.dashboards.checklist import checklists as load_checklists
from phinong.dashboards.figures import (
    FIGURE_KEYS,
    ChildRow,
    Dashboard,
    Figure,
    SeriesPoint,
    Totals,
)
from phinong.dashboards.status import AreaStatus, area_status
from phinong.geo.models import Area, District, Tambon, Village
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Pair, Programme, TargetTambon
from phinong.register.models import Member, MemberRole
from phinong.reports.models import ReportPeriod, ReportState, TambonReport
from phinong.workshops.models import ActivityRecord, ActivityStatus, Attendance

if TYPE_CHECKING:
    from phinong.accounts.models import User

Counts = dict[str, int]


def labels() -> dict[str, str]:
    return {
        "pairs": _("Tambons selected against the quota"),
        "leaders": _("Leaders registered against 15 a tambon"),
        "workshop": _("Leaders who completed the workshop"),
        "activities": _("Activities done against those due"),
        "reports": _("Reports submitted"),
        "on_time": _("Reports submitted on time"),
        "approved": _("Reports approved"),
    }


def _inside(field: str, prefix: str) -> Q:
    """Rows of tambons inside the area; no condition at all for the nation.

    A range of codes rather than LIKE 'prefix%': SQLite uses no index for Django's LIKE ... ESCAPE,
    a range it does (codes are digits, so '42' covers ['42', '43')).
    """
    if not prefix:
        return Q()
    if len(prefix) == 6:
        return Q(**{f"{field}__code": prefix})
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(**{f"{field}__code__gte": prefix, f"{field}__code__lt": upper})


def _grouped(queryset: QuerySet, field: str, length: int, **aggregates: Any) -> dict[str, dict]:
    """{code prefix: {aggregate: value}}: one GROUP BY query on the first `length` characters."""
    rows = (
        queryset.annotate(child=Substr(field, 1, length))
        .values("child")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("child"): row for row in rows}


def _counted(queryset: QuerySet, field: str, length: int) -> Counts:
    return {k: v["n"] for k, v in _grouped(queryset, field, length, n=Count("pk")).items()}


def _selected_codes_query(programme: Programme) -> QuerySet:
    return programme_selectors.selected_tambons(programme)


def _selected(programme: Programme, prefix: str, length: int) -> Counts:
    if programme.is_paired:
        pairs = Pair.objects.filter(_inside("younger", prefix), programme=programme)
        return _counted(pairs, "younger_id", length)
    targets = TargetTambon.objects.filter(_inside("tambon", prefix), programme=programme)
    return _counted(targets, "tambon_id", length)


def _leaders(programme: Programme, prefix: str) -> QuerySet[Member]:
    return Member.objects.filter(
        _inside("tambon", prefix), programme=programme, role=MemberRole.LEADER
    )


def _workshop_done(programme: Programme, prefix: str, length: int) -> Counts:
    """Leaders who attended enough days of one of the programme's workshops to complete it.

    One query: the members who completed a workshop come from one GROUP BY over the attendance
    (not a subquery per member), then are counted per child.
    """
    # (workshop, member, day) is unique: a count of rows is the count of distinct days.
    attended = Attendance.objects.filter(
        workshop__programme=programme, day__gte=1, day__lte=F("workshop__days")
    )
    need = Min(
        Least(
            Coalesce(F("workshop__days_to_complete"), F("workshop__days")),
            F("workshop__days"),
        )
    )
    leaders = _leaders(programme, prefix)
    if prefix:
        # Inside an area, from its few leaders: one small look-up each, through the indexes.
        done = (
            attended.filter(member_id=OuterRef("pk"))
            .values("workshop_id")
            .annotate(present=Count("pk"), need=need)
            .filter(present__gte=F("need"))
        )
        return _counted(leaders.filter(Exists(done)), "tambon_id", length)
    # The nation: one pass over the attendance, grouped in its unique index's order.
    completed = (
        attended.values("workshop_id", "member_id")
        .annotate(present=Count("pk"), need=need)
        .filter(present__gte=F("need"))
        .values("member_id")
    )
    return _counted(_leaders(programme, prefix).filter(pk__in=completed), "tambon_id", length)


def _reports(
    programme: Programme,
    prefix: str,
    length: int,
    periods: list[ReportPeriod],
    period: ReportPeriod | None,
) -> dict[str, dict]:
    """Per child: reports submitted, on time, approved (in `periods`), and the approved sums
    (of the chosen period, or of all)."""
    in_periods = Q(period_id__in=[p.pk for p in periods])
    approved = Q(state=ReportState.APPROVED)
    reports = TambonReport.objects.filter(_inside("tambon", prefix), period__programme=programme)
    if period is not None:
        reports = reports.filter(period=period)
    return _grouped(
        reports,
        "tambon_id",
        length,
        submitted=Count("pk", filter=in_periods & Q(first_submitted_at__isnull=False)),
        on_time=Count("pk", filter=_on_time(periods)),
        approved=Count("pk", filter=in_periods & approved),
        households=Sum("households", filter=approved),
        villages_covered=Sum("villages_covered", filter=approved),
        partners=Sum("partner_networks", filter=approved),
        baht_saved=Sum("expenses_reduced", filter=approved),
        centres=Sum("active_centres", filter=approved),
        hici=Sum("hici_households", filter=approved),
        food_packs=Sum("food_packs", filter=approved),
    )


def _deadline(period: ReportPeriod) -> dt.datetime:
    """The end of a period's due date, local time: submitted before it is on time."""
    next_day = period.due_on + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _on_time(periods: list[ReportPeriod]) -> Q:
    """First submitted by the due date, one condition per period (not a date cast per row)."""
    condition = Q(pk__in=[])
    for period in periods:
        condition |= Q(period_id=period.pk, first_submitted_at__lt=_deadline(period))
    return condition


TOTAL_FIELDS = ("households", "villages_covered", "partners", "centres", "hici", "food_packs")


def _totals(row: dict | None, villages_total: int) -> Totals:
    row = row or {}
    return Totals(
        villages_total=villages_total,
        baht_saved=row.get("baht_saved") or Decimal(0),
        **{name: row.get(name) or 0 for name in TOTAL_FIELDS},
    )


def _add(rows: list[dict]) -> dict:
    out: dict[str, Any] = defaultdict(int)
    for row in rows:
        for key, value in row.items():
            out[key] += value or 0
    return out


def _figures(
    *,
    programme: Programme,
    quota: int | None,
    selected: int,
    leaders: int,
    workshop: int,
    activities: int,
    activities_due: int,
    reports: dict,
    expected_reports: int,
) -> dict[str, Figure]:
    text = labels()
    values = {
        "pairs": (selected, quota or 0),
        "leaders": (leaders, selected * programme.leaders_per_tambon),
        "workshop": (workshop, leaders),
        "activities": (activities, selected * activities_due),
        "reports": (reports.get("submitted") or 0, expected_reports),
        "on_time": (reports.get("on_time") or 0, expected_reports),
        "approved": (reports.get("approved") or 0, expected_reports),
    }
    return {key: Figure(key, text[key], *values[key]) for key in FIGURE_KEYS}


def score(figures: dict[str, Figure]) -> float:
    """0..1: the mean progress of the figures that have a target; lower is further behind."""
    ratios = [f.ratio for f in figures.values() if f.target > 0]
    return sum(ratios) / len(ratios) if ratios else 1.0


def _per_day(reports: QuerySet, field: str) -> Counter[dt.date]:
    """{local date: reports} by one GROUP BY. SQLite casts a date per row in Python (slow at
    national scale), so there the rows are grouped by the UTC hour, a plain substring of the
    stored text, and the few groups are moved to local dates here."""
    out: Counter[dt.date] = Counter()
    if connection.vendor != "sqlite":
        rows = reports.annotate(day=TruncDate(field)).values("day").annotate(n=Count("pk"))
        for row in rows.order_by():
            out[row["day"]] += row["n"]
        return out
    here = timezone.get_current_timezone()
    rows = reports.annotate(hour=Substr(field, 1, 13)).values("hour").annotate(n=Count("pk"))
    for row in rows.order_by():
        moment = dt.datetime.strptime(row["hour"], "%Y-%m-%d %H").replace(tzinfo=dt.UTC)
        out[moment.astimezone(here).date()] += row["n"]
    return out


def _series(programme: Programme, prefix: str, period: ReportPeriod | None) -> list[SeriesPoint]:
    """Cumulative reports submitted (first time) and approved, day by day: two queries."""
    reports = TambonReport.objects.filter(_inside("tambon", prefix), period__programme=programme)
    if period is not None:
        reports = reports.filter(period=period)
    counts: dict[str, Counter[dt.date]] = {}
    for name, field in (("submitted", "first_submitted_at"), ("approved", "approved_at")):
        counts[name] = _per_day(reports.filter(**{f"{field}__isnull": False}), field)
    points, submitted, approved = [], 0, 0
    for day in sorted(set(counts["submitted"]) | set(counts["approved"])):
        submitted += counts["submitted"].get(day, 0)
        approved += counts["approved"].get(day, 0)
        points.append(SeriesPoint(day=day, submitted=submitted, approved=approved))
    return points


def compute(
    *,
    actor: User,
    area: Area | None,
    programme: Programme,
    period: ReportPeriod | None,
    status: AreaStatus | None = None,
    today: dt.date | None = None,
) -> Dashboard:
    today = today or timezone.localdate()
    prefix = area.code if area is not None else ""
    is_tambon = isinstance(area, Tambon)
    length = 6 if is_tambon else len(prefix) + 2

    if is_tambon:
        selected = _selected(programme, prefix, length)
        leaders = _counted(_leaders(programme, prefix), "tambon_id", length)
        quotas: dict[str, int | None] = {}
        children: list[Area] = []
        area_quota: int | None = 1  # a tambon is selected, or not
    else:
        status = status or area_status(area, programme)
        children = [row.area for row in status.rows]
        selected = {row.area.code: row.selected for row in status.rows if row.selected}
        leaders = {row.area.code: row.leaders for row in status.rows if row.leaders}
        quotas = {row.area.code: row.quota for row in status.rows}
        # Outside the listed children (Bangkok at the nation) counts too: use the area's sums.
        selected[""] = status.selected - sum(selected.values())
        leaders[""] = status.leaders - sum(leaders.values())
        area_quota = status.quota.limit if status.quota is not None else None
    workshop = _workshop_done(programme, prefix, length)

    activities = list(Activity.objects.filter(programme=programme).order_by("number"))
    due_activities = [a.pk for a in activities if a.due_on <= today]
    done = _counted(
        ActivityRecord.objects.filter(
            _inside("tambon", prefix),
            activity_id__in=due_activities,
            status=ActivityStatus.DONE,
        ),
        "tambon_id",
        length,
    )

    periods = list(ReportPeriod.objects.filter(programme=programme).order_by("number"))
    counted_periods = [period] if period is not None else [p for p in periods if p.due_on <= today]
    reports = _reports(programme, prefix, length, counted_periods, period)

    villages = _counted(
        Village.objects.filter(
            _inside("tambon", prefix), tambon_id__in=_selected_codes_query(programme)
        ),
        "tambon_id",
        length,
    )

    totals_row = _add(list(reports.values()))

    def figures_of(code: str | None, quota: int | None, pick: Any) -> dict[str, Figure]:
        n = pick(selected)
        return _figures(
            programme=programme,
            quota=quota,
            selected=n,
            leaders=pick(leaders),
            workshop=pick(workshop),
            activities=pick(done),
            activities_due=len(due_activities),
            reports=totals_row if code is None else reports.get(code, {}),
            expected_reports=n * len(counted_periods),
        )

    rows = []
    for child in children:
        code = child.code

        def one(counts: dict, code: str = code) -> Any:
            return counts.get(code, 0)

        figures = figures_of(code, quotas.get(code), one)
        rows.append(
            ChildRow(
                area=child,
                figures=figures,
                totals=_totals(reports.get(code), villages.get(code, 0)),
                score=score(figures),
            )
        )
    rows.sort(key=lambda row: (row.score, row.area.code))

    def everything(counts: Counts) -> int:
        return sum(counts.values())

    figures = figures_of(None, area_quota, everything)
    due_dates = sorted(
        [(a.due_on, _("Activity %(number)s due") % {"number": num(a.number)}) for a in activities]
        # A period tied to an activity is due with it: its date is already there.
        + [
            (p.due_on, _("Report %(name)s due") % {"name": p.name})
            for p in periods
            if p.activity_id is None
        ],
        key=lambda item: item[0],
    )
    found = {}
    if isinstance(area, District):
        codes = [row.area.code for row in rows if selected.get(row.area.code)]
        found = load_checklists(actor=actor, programme=programme, codes=codes, today=today)
    return Dashboard(
        area=area,
        programme=programme,
        period=period,
        figures=[figures[key] for key in FIGURE_KEYS],
        totals=_totals(totals_row, sum(villages.values())),
        children=rows,
        series=_series(programme, prefix, period),
        due_dates=due_dates,
        checklists=found,
        status=status,
        periods=periods,
    )
