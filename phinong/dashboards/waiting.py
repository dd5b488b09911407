"""What waits for a user, on their landing page ("งานที่รอฉัน"), for one programme.

- a province officer: reports awaiting approval, and tambons whose report is overdue;
- a district officer: returned reports, overdue reports, activities due within 14 days (or already
  overdue), younger tambons with fewer leaders than the programme asks, and quota left to pair;
- the department: the provinces furthest behind;
- a tambon leader: their tambon's activities due soon.

Everything is read inside the actor's area (accounts.scoping), in a number of queries that does
not grow with the number of tambons, and each item links to a page inside that area where the
user can act. A section lists at most `SHOWN` items and links to the page with all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, OuterRef, Subquery, TextField, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phinong.accounts.scoping import Scope, scope_of
from phinong.core import formatting
from phinong.core.formatting import num
from phinong.dashboards import rollup, schedule
from phinong.dashboards.tallies import bit
from phinong.geo.models import Province, Tambon
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme
from phinong.reports.completeness import status_of
from phinong.reports.models import ReportPeriod, ReportState, ReportTransition, TambonReport

if TYPE_CHECKING:
    from phinong.accounts.models import User

SHOWN = 5  # items listed per section; the rest are on the linked page
SOON = dt.timedelta(days=14)
NAMES_SHOWN = 5


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.count - len(self.items), 0)


@dataclass
class Waiting:
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.sections

    def add(self, section: Section | None) -> None:
        if section is not None and section.count:
            self.sections.append(section)


def waiting_for(
    *, actor: User, programme: Programme | None, today: dt.date | None = None
) -> Waiting:
    """The list for the actor's own area (the page they land on)."""
    waiting = Waiting()
    scope = scope_of(actor)
    if programme is None or scope.code is None:
        return waiting
    today = today or timezone.localdate()
    code = scope.code
    if scope.is_nation:
        waiting.add(_provinces_behind(programme, today))
    elif len(code) == 2:
        waiting.add(_awaiting_approval(scope, programme, code))
        waiting.add(_overdue_by_period(scope, programme, code, today))
    elif len(code) == 4:
        names = _tambon_names(programme, code)
        reports = _district_reports(scope, programme, code)
        waiting.add(_returned(programme, code, names, reports))
        waiting.add(_overdue_reports(scope, programme, code, today, names, reports))
        waiting.add(_activities_due(programme, code, today, names))
        waiting.add(_few_leaders(programme, code, names))
        waiting.add(_to_pair(programme, code))
    elif len(code) == 6:
        names = _tambon_names(programme, code)
        waiting.add(_activities_due(programme, code, today, names))
    return waiting


# -- helpers ----------------------------------------------------------------------------------------


def _tambon_names(programme: Programme, area_code: str) -> dict[str, str]:
    """{code: name} of the tambons the programme selected in the area: one query, or for a
    district of a paired programme none of its own (the pairs its rows show: schedule.py)."""
    if programme.is_paired and len(area_code) == 4:
        pairs = schedule.district_pairs(programme, area_code)
        younger = {
            p.younger_id: p.younger.name_th for p in pairs if p.younger_id.startswith(area_code)
        }
        return dict(sorted(younger.items()))
    codes = programme_selectors.selected_tambons(programme)
    return dict(
        Tambon.objects.filter(code__in=codes, code__startswith=area_code)
        .order_by("code")
        .values_list("code", "name_th")
    )


def _overdue_pairs(
    scope: Scope,
    programme: Programme,
    area_code: str,
    today: dt.date,
    codes: set[str] | None,
    read: list[TambonReport] | None = None,
) -> list[tuple[ReportPeriod, str]]:
    """(period, tambon code) for each report overdue in the area, as completeness reckons it;
    `read`: the area's reports when the caller has them (`_district_reports`)."""
    if codes is None:
        codes = programme_selectors.selected_codes(programme, area_code)
    periods = [p for p in schedule.periods(programme) if p.due_on < today]
    if not periods or not codes:
        return []
    if read is None:
        read = list(
            TambonReport.objects.filter(
                scope.q("tambon__code"), period__in=periods, tambon__code__startswith=area_code
            ).only("period_id", "tambon_id", "state", "first_submitted_at")
        )
    reports = {(r.period_id, r.tambon_id): r for r in read}
    return [
        (period, code)
        for period in periods
        for code in sorted(codes)
        if scope.covers(code)
        and status_of(reports.get((period.pk, code)), period, today) == "overdue"
    ]


def _report_url(programme: Programme, period_id: int, code: str) -> str:
    return reverse("reports:tambon", args=[programme.pk, period_id, code])


# -- province -----------------------------------------------------------------------------------------


def _awaiting_approval(scope: Scope, programme: Programme, code: str) -> Section:
    reports = TambonReport.objects.filter(
        scope.q("tambon__code"),
        period__programme=programme,
        state=ReportState.SUBMITTED,
        tambon__code__startswith=code,
    )
    count = reports.count()
    shown = reports.select_related("tambon__district", "period").order_by("submitted_at", "pk")
    return Section(
        key="awaiting_approval",
        title=_("Reports awaiting your approval"),
        count=count,
        items=[
            Item(
                text=_("%(tambon)s (district %(district)s): %(period)s")
                % {
                    "tambon": r.tambon.name_th,
                    "district": r.tambon.district.name_th,
                    "period": r.period.name,
                },
                url=_report_url(programme, r.period_id, r.tambon_id),
                note=_("submitted on %(date)s") % {"date": formatting.date(r.submitted_at)},
            )
            for r in (shown[:SHOWN] if count else [])
        ],
        more_url=reverse("reports:area", args=[programme.pk, code]),
    )


def _overdue_by_period(scope: Scope, programme: Programme, code: str, today: dt.date) -> Section:
    overdue = _overdue_pairs(scope, programme, code, today, None)
    by_period: dict[int, tuple[ReportPeriod, list[str]]] = {}
    for period, tambon in overdue:
        by_period.setdefault(period.pk, (period, []))[1].append(tambon)
    wanted = {tambon for _period, tambons in by_period.values() for tambon in tambons[:NAMES_SHOWN]}
    names = (
        dict(Tambon.objects.filter(code__in=wanted).values_list("code", "name_th"))
        if wanted
        else {}
    )
    items = []
    for period, tambons in list(by_period.values())[:SHOWN]:
        listed = ", ".join(names.get(c, c) for c in tambons[:NAMES_SHOWN])
        if len(tambons) > NAMES_SHOWN:
            listed = _("%(names)s and %(n)s more") % {
                "names": listed,
                "n": num(len(tambons) - NAMES_SHOWN),
            }
        items.append(
            Item(
                text=ngettext(
                    "%(period)s (due %(date)s): %(n)s tambon has not reported",
                    "%(period)s (due %(date)s): %(n)s tambons have not reported",
                    len(tambons),
                )
                % {
                    "period": period.name,
                    "date": formatting.date(period.due_on),
                    "n": num(len(tambons)),
                },
                url=reverse("reports:area", args=[programme.pk, code]) + f"?period={period.pk}",
                note=listed,
            )
        )
    return Section(
        key="overdue",
        title=_("Overdue tambon reports"),
        count=len(overdue),
        items=items,
        more_url=reverse("reports:area", args=[programme.pk, code]),
    )


# -- district -------------------------------------------------------------------------------------


def _district_reports(scope: Scope, programme: Programme, code: str) -> list[TambonReport]:
    """Every report of the programme in the district, in one read for the returned ones and the
    overdue ones: each one's state and first submission, and a returned one's latest reason."""
    reason = (
        ReportTransition.objects.filter(report=OuterRef("pk"), to_state=ReportState.RETURNED)
        .order_by("-at", "-id")
        .values("reason")[:1]
    )
    return list(
        TambonReport.objects.filter(
            scope.q("tambon__code"), period__programme=programme, tambon__code__startswith=code
        )
        .only("period_id", "tambon_id", "state", "first_submitted_at")
        .annotate(
            return_reason=Case(
                When(state=ReportState.RETURNED, then=Subquery(reason)),
                default=None,
                output_field=TextField(),
            )
        )
        .order_by()
    )


def _returned(
    programme: Programme, code: str, names: dict[str, str], read: list[TambonReport]
) -> Section:
    periods = {period.pk: period for period in schedule.periods(programme)}
    reports = sorted(
        (r for r in read if r.state == ReportState.RETURNED),
        key=lambda r: (periods[r.period_id].number, r.tambon_id),
    )
    return Section(
        key="returned",
        title=_("Reports returned by the province"),
        count=len(reports),
        items=[
            Item(
                text=_("%(tambon)s: %(period)s")
                % {
                    "tambon": names.get(r.tambon_id, r.tambon_id),
                    "period": periods[r.period_id].name,
                },
                url=_report_url(programme, r.period_id, r.tambon_id),
                note=Truncator(getattr(r, "return_reason") or "").chars(120),  # noqa: B009
            )
            for r in reports[:SHOWN]
        ],
        more_url=reverse("reports:area", args=[programme.pk, code]),
    )


def _overdue_reports(
    scope: Scope,
    programme: Programme,
    code: str,
    today: dt.date,
    names: dict[str, str],
    read: list[TambonReport],
) -> Section:
    overdue = _overdue_pairs(scope, programme, code, today, set(names), read)
    return Section(
        key="overdue",
        title=_("Overdue tambon reports"),
        count=len(overdue),
        items=[
            Item(
                text=_("%(tambon)s: %(period)s")
                % {"tambon": names.get(tambon, tambon), "period": period.name},
                url=_report_url(programme, period.pk, tambon),
                note=_("was due on %(date)s") % {"date": formatting.date(period.due_on)},
            )
            for period, tambon in overdue[:SHOWN]
        ],
        more_url=reverse("reports:area", args=[programme.pk, code]),
    )


def _activities_due(
    programme: Programme, code: str, today: dt.date, names: dict[str, str]
) -> Section:
    """Activities due within 14 days, or already overdue, that a tambon has not finished."""
    activities = sorted(
        (a for a in schedule.activities(programme) if a.due_on <= today + SOON),
        key=lambda a: (a.due_on, a.number),
    )
    # Done: the rollup's bit of the activity (tallies.py: set by a record marked done).
    tallies = schedule.tallies(programme, names) if activities and names else {}
    done = {
        (activity.pk, tambon)
        for tambon, tally in tallies.items()
        for activity in activities
        if tally.activities_done & bit(activity.number)
    }
    pending = [
        (activity, tambon)
        for activity in activities
        for tambon in names
        if (activity.pk, tambon) not in done
    ]
    items = []
    for activity, tambon in pending[:SHOWN]:
        if activity.due_on < today:
            note = _("overdue since %(date)s") % {"date": formatting.date(activity.due_on)}
        else:
            note = _("due on %(date)s") % {"date": formatting.date(activity.due_on)}
        items.append(
            Item(
                text=_("%(tambon)s: activity %(number)s. %(name)s")
                % {"tambon": names[tambon], "number": num(activity.number), "name": activity.name},
                url=reverse("workshops:record", args=[activity.pk, tambon]),
                note=note,
            )
        )
    district = code[:4]
    return Section(
        key="activities",
        title=_("Activities due within 14 days or overdue"),
        count=len(pending),
        items=items,
        more_url=(
            reverse("workshops:timeline", args=[programme.pk, district]) if len(code) == 4 else ""
        ),
    )


def _few_leaders(programme: Programme, code: str, names: dict[str, str]) -> Section:
    wanted = programme.leaders_per_tambon
    # The rollup's count of each tambon's leaders (tallies.py), read with what is due.
    counts = {tambon: tally.leaders for tambon, tally in schedule.tallies(programme, names).items()}
    short = [(tambon, counts.get(tambon, 0)) for tambon in names if counts.get(tambon, 0) < wanted]
    return Section(
        key="leaders",
        title=_("Tambons with fewer than %(n)s leaders") % {"n": num(wanted)},
        count=len(short),
        items=[
            Item(
                text=_("%(tambon)s: %(n)s of %(wanted)s leaders registered")
                % {"tambon": names[tambon], "n": num(n), "wanted": num(wanted)},
                url=reverse("register:tambon", args=[programme.pk, tambon]),
            )
            for tambon, n in short[:SHOWN]
        ],
        more_url=reverse("programmes:district", args=[programme.pk, code]),
    )


def _to_pair(programme: Programme, code: str) -> Section | None:
    """How many more tambons the district may still pair (or select): its cap, or the province's."""
    # The district's cap and the province's quota: what the smaller of them leaves.
    left = schedule.quotas(programme, [code])[code].left
    if left is None:
        return None
    if programme.is_paired:
        text = ngettext(
            "%(n)s more younger tambon may be paired",
            "%(n)s more younger tambons may be paired",
            left,
        )
        title = _("Younger tambons still to pair")
    else:
        text = ngettext(
            "%(n)s more tambon may be selected", "%(n)s more tambons may be selected", left
        )
        title = _("Tambons still to select")
    url = reverse("programmes:district", args=[programme.pk, code])
    return Section(
        key="to_pair",
        title=title,
        count=left,
        items=[Item(text=text % {"n": num(left)}, url=url)],
    )


# -- department -------------------------------------------------------------------------------------


@dataclass
class _Progress:
    province: Province
    quota: int
    selected: int
    leaders: int
    expected: int
    overdue: int

    @property
    def share(self) -> float:
        return self.leaders / self.expected if self.expected else 1.0


def _overdue_periods(programme: Programme, today: dt.date) -> list[int]:
    return [p.number for p in schedule.periods(programme) if p.due_on < today]


def _provinces_behind(programme: Programme, today: dt.date) -> Section:
    """Provinces with a quota, the least way along first: leaders registered against the quota's
    tambons times the leaders each needs (so an unselected tambon counts as nothing done), then
    the most overdue reports."""
    quotas = {code: n for code, n in programme_selectors.province_quotas(programme).items() if n}
    # One GROUP BY over the rollup: selected, leaders, and reports submitted of the overdue periods.
    # Overdue, as `_overdue_pairs` reckons it: every selected tambon owes a report for each period
    # past its due date, less those first submitted.
    periods = _overdue_periods(programme, today)
    by_province = rollup.tallied(
        programme, "", 2, [], periods, only=("selected", "leaders", "submitted")
    )
    selected = {code: row["selected"] for code, row in by_province.items()}
    leaders = {code: row["leaders"] or 0 for code, row in by_province.items()}
    overdue = {
        code: row["selected"] * len(periods) - row["submitted"] for code, row in by_province.items()
    }
    provinces = Province.objects.in_bulk(list(quotas))
    rows = [
        _Progress(
            province=provinces[code],
            quota=quota,
            selected=selected.get(code, 0),
            leaders=leaders.get(code, 0),
            expected=quota * programme.leaders_per_tambon,
            overdue=overdue.get(code, 0),
        )
        for code, quota in quotas.items()
        if code in provinces
    ]
    behind = sorted(
        (r for r in rows if r.share < 1 or r.selected < r.quota or r.overdue),
        key=lambda r: (r.share, -r.overdue, r.province.code),
    )
    items = []
    for row in behind[:SHOWN]:
        note = (
            ngettext("%(n)s report overdue", "%(n)s reports overdue", row.overdue)
            % {"n": num(row.overdue)}
            if row.overdue
            else ""
        )
        items.append(
            Item(
                text=_(
                    "%(province)s: %(selected)s of %(quota)s tambons selected, "
                    "%(leaders)s of %(expected)s leaders registered"
                )
                % {
                    "province": row.province.name_th,
                    "selected": num(row.selected),
                    "quota": num(row.quota),
                    "leaders": num(row.leaders),
                    "expected": num(row.expected),
                },
                url=reverse("dashboards:area", args=[row.province.code])
                + f"?programme={programme.pk}",
                note=note,
            )
        )
    return Section(
        key="provinces_behind",
        title=_("Provinces furthest behind"),
        count=len(behind),
        items=items,
        more_url=reverse("programmes:detail", args=[programme.pk]),
    )
