"""Recompute the dashboards' rollup (`TambonTally`) from the source tables.

`refresh(programme_id=..., tambon_codes=...)` recomputes the rows of some tambons of one programme
in ten queries whatever their number (plus one per 500 codes), and writes only those that come out
different; with `kind=` (an attendance tick, an activity record, a report's move) only the figures
such a write can change, in three or four; `rebuild()` every row of every programme. Both are
called inside the writer's transaction (hooks.py), so nobody ever reads a figure that the rows it
summarises have moved past; both move on the versions of the cached area pages of the tambons
whose rows changed (stamps.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from phinong.dashboards import stamps
from phinong.dashboards.models import MAX_NUMBER, ReportDay, TambonTally
from phinong.geo.models import Village
from phinong.programmes.models import Pair, Programme, TargetTambon
from phinong.register.models import Member, MemberRole
from phinong.reports.models import ReportState, TambonReport
from phinong.workshops.models import ActivityRecord, ActivityStatus, Attendance

CHUNK = 500  # codes per IN (...) list
SUMS = (
    "households",
    "villages_covered",
    "partner_networks",
    "expenses_reduced",
    "active_centres",
    "hici_households",
    "food_packs",
)


# The tally's own figures, and what a tambon with no row counts as.
FIELDS = tuple(
    f.name for f in TambonTally._meta.concrete_fields if f.name not in {"id", "programme", "tambon"}
)
DEFAULTS: dict[str, Any] = {f.name: f.default for f in TambonTally._meta.concrete_fields}

REPORT_FIELDS = (
    "reports_submitted",
    "reports_on_time",
    "reports_approved",
    "reports_returned",
    *SUMS,
)
# The kinds of write that recompute only their own figures (`refresh(kind=...)`): the figures a
# write of that kind can change, and whether one such row alone gives a tambon its tally row.
# Attendance never does: only leaders complete a workshop, and a leader gives the row already.
PARTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "attendance": (("workshop_done",), False),
    "records": (("activities_done",), True),
    "reports": (REPORT_FIELDS, True),
}
# Figures that show a tambon has its row whatever one kind of source row says (a draft report
# alone shows in none of them: such a tambon gets the whole recount).
PRESENCE = (
    "paired",
    "target",
    "leaders",
    "activities_done",
    "reports_submitted",
    "reports_approved",
    "reports_returned",
)


def bit(number: int) -> int:
    """The bit of an activity or period number in the tally's masks."""
    if not 0 <= number <= MAX_NUMBER:
        raise ValueError(f"number {number} does not fit a tally's bits")
    return 1 << number


def deadline(due_on: dt.date) -> dt.datetime:
    """The end of a due date in Thailand: a report first submitted before it is on time."""
    next_day = due_on + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=timezone.get_default_timezone())


def refresh(
    *, programme_id: int, tambon_codes: Iterable[str] | None, kind: str | None = None
) -> None:
    """Recompute the tally rows of these tambons of the programme (None: all of its tambons);
    after a write of one of the `PARTS` kinds, only the figures it can change.

    Only the rows that come out different are written, and only their tambons' page versions
    move on (stamps.py): a draft saved again, say, leaves every cached page as it is."""
    if tambon_codes is None:
        _refresh(programme_id, None)
        stamps.touch(None)
        return
    codes = iter(sorted(set(tambon_codes)))
    changed: set[str] = set()
    while chunk := list(islice(codes, CHUNK)):
        if kind in PARTS:
            changed |= _refresh_part(programme_id, chunk, kind)
        else:
            changed |= _refresh(programme_id, chunk) or set()
    stamps.touch(changed)


def rebuild() -> int:
    """Recompute every tally row of every programme; return how many rows there are."""
    for programme_id in Programme.objects.order_by("pk").values_list("pk", flat=True):
        _refresh(programme_id, None)
    stamps.touch(None)
    return TambonTally.objects.count()


def _refresh(programme_id: int, codes: list[str] | None) -> set[str] | None:
    """Recompute and store the rows of these tambons (None: all); return the tambons whose rows
    changed (None: all were written)."""

    def inside(field: str) -> Q:
        return _inside(field, codes)

    _wait_for_others(programme_id, codes)
    rows: dict[str, dict[str, Any]] = defaultdict(dict)
    for code in Pair.objects.filter(inside("younger_id"), programme_id=programme_id).values_list(
        "younger_id", flat=True
    ):
        rows[code]["paired"] = True
    for code in TargetTambon.objects.filter(
        inside("tambon_id"), programme_id=programme_id
    ).values_list("tambon_id", flat=True):
        rows[code]["target"] = True
    leaders = Member.objects.filter(
        inside("tambon_id"), programme_id=programme_id, role=MemberRole.LEADER
    )
    for code, n in _count_by_tambon(leaders):
        rows[code]["leaders"] = n
    _add_workshops_done(rows, programme_id, codes)
    _add_activities(rows, programme_id, codes)
    days = _add_reports(rows, programme_id, inside("tambon_id"))
    for code, n in _count_by_tambon(Village.objects.filter(tambon_id__in=list(rows))):
        rows[code]["villages"] = n
    # Only the tambons whose rows come out different are written again.
    written = None if codes is None else sorted(_changed(programme_id, codes, rows, days))
    if written is not None:
        if not written:
            return set()
        rows = defaultdict(dict, {code: rows[code] for code in written if code in rows})
        days = [day for day in days if day["tambon_id"] in set(written)]
    where = Q() if written is None else Q(tambon_id__in=written)
    TambonTally.objects.filter(where, programme_id=programme_id).delete()
    TambonTally.objects.bulk_create(
        (
            TambonTally(programme_id=programme_id, tambon_id=code, **values)
            for code, values in sorted(rows.items())
        ),
        batch_size=CHUNK,
    )
    ReportDay.objects.filter(where, programme_id=programme_id).delete()
    ReportDay.objects.bulk_create(
        (ReportDay(programme_id=programme_id, **values) for values in days), batch_size=CHUNK
    )
    return None if written is None else set(written)


def _refresh_part(programme_id: int, codes: list[str], kind: str) -> set[str]:
    """Recompute only the figures a write of `kind` can change, and update those that differ;
    return the tambons whose rows changed. A tambon whose row may appear or vanish (or that
    has none yet) gets the whole recount instead (`_refresh`)."""
    fields, gives_row = PARTS[kind]
    _wait_for_others(programme_id, codes)  # before the sources are read, as `_refresh` does
    rows: dict[str, dict[str, Any]] = defaultdict(dict)
    days: list[dict[str, Any]] = []
    if kind == "attendance":
        _add_workshops_done(rows, programme_id, codes)
    elif kind == "records":
        _add_activities(rows, programme_id, codes)
    else:
        days = _add_reports(rows, programme_id, Q(tambon_id__in=codes))
    read = list(dict.fromkeys(("tambon_id", *fields, *PRESENCE)))
    stored = {
        row.pop("tambon_id"): row
        for row in TambonTally.objects.filter(
            programme_id=programme_id, tambon_id__in=codes
        ).values(*read)
    }
    whole = [
        code
        for code in codes
        if (code not in stored and code in rows)
        or (
            code in stored
            and gives_row
            and code not in rows
            and not any(stored[code][f] for f in PRESENCE if f not in fields)
        )
    ]
    changed: set[str] = set()
    for code in sorted(set(stored) - set(whole)):
        values = rows.get(code, {})
        after = {f: values.get(f, DEFAULTS[f]) for f in fields}
        if {f: stored[code][f] for f in fields} != after:
            TambonTally.objects.filter(programme_id=programme_id, tambon_id=code).update(**after)
            changed.add(code)
    if kind == "reports":
        changed |= _write_days(programme_id, sorted(set(stored) - set(whole)), days)
    if whole:
        changed |= _refresh(programme_id, whole) or set()
    return changed


def _write_days(programme_id: int, codes: list[str], days: list[dict[str, Any]]) -> set[str]:
    """Store the report days of these tambons that differ from those stored; return the tambons."""
    before = _days_by_tambon(programme_id, codes)
    after: dict[str, set[tuple]] = defaultdict(set)
    for new in days:
        after[new["tambon_id"]].add((new["period_number"], new["submitted_on"], new["approved_on"]))
    written = {code for code in codes if before[code] != after[code]}
    if written:
        ReportDay.objects.filter(programme_id=programme_id, tambon_id__in=written).delete()
        ReportDay.objects.bulk_create(
            ReportDay(programme_id=programme_id, **values)
            for values in days
            if values["tambon_id"] in written
        )
    return written


def _wait_for_others(programme_id: int, codes: list[str] | None) -> None:
    """Take these tambons' turn until the transaction ends (PostgreSQL; SQLite lets one writer in
    at a time). A refresh of the same tambon in another transaction waits for this one's commit,
    then reads what it wrote: two writes at the same moment neither collide on the rollup's rows
    nor leave out each other's change. Taken before the sources are read and before any version
    (stamps.py), in code order, so that two writers never wait for each other."""
    if connection.vendor != "postgresql" or not codes:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(code)) FROM unnest(%s::text[]) AS code",
            [programme_id, sorted(codes)],
        )


def _changed(
    programme_id: int, codes: list[str], rows: dict[str, dict[str, Any]], days: list[dict]
) -> set[str]:
    """The tambons whose rows (tally and report days) differ from those stored."""
    stored = TambonTally.objects.filter(programme_id=programme_id, tambon_id__in=codes)
    before = {row.pop("tambon_id"): row for row in stored.values("tambon_id", *FIELDS)}
    after = {code: {f: values.get(f, DEFAULTS[f]) for f in FIELDS} for code, values in rows.items()}
    days_before = _days_by_tambon(programme_id, codes)
    days_after: dict[str, set[tuple]] = defaultdict(set)
    for new in days:
        days_after[new["tambon_id"]].add(
            (new["period_number"], new["submitted_on"], new["approved_on"])
        )
    return {
        code
        for code in codes
        if before.get(code) != after.get(code) or days_before[code] != days_after[code]
    }


def _days_by_tambon(programme_id: int, codes: list[str]) -> dict[str, set[tuple]]:
    """The stored report days of these tambons: {code: {(period, submitted on, approved on)}}."""
    days: dict[str, set[tuple]] = defaultdict(set)
    for code, number, submitted_on, approved_on in ReportDay.objects.filter(
        programme_id=programme_id, tambon_id__in=codes
    ).values_list("tambon_id", "period_number", "submitted_on", "approved_on"):
        days[code].add((number, submitted_on, approved_on))
    return days


def _inside(field: str, codes: list[str] | None) -> Q:
    return Q() if codes is None else Q(**{f"{field}__in": codes})


def _add_workshops_done(
    rows: dict[str, dict[str, Any]], programme_id: int, codes: list[str] | None
) -> None:
    """The leaders of each tambon who completed one of the programme's workshops."""
    leaders = Member.objects.filter(
        _inside("tambon_id", codes), programme_id=programme_id, role=MemberRole.LEADER
    )
    for code, n in _count_by_tambon(leaders.filter(pk__in=_completed(programme_id, codes))):
        rows[code]["workshop_done"] = n


def _add_activities(
    rows: dict[str, dict[str, Any]], programme_id: int, codes: list[str] | None
) -> None:
    """The bits of the activities each tambon has done."""
    for code, number in ActivityRecord.objects.filter(
        _inside("tambon_id", codes), activity__programme_id=programme_id, status=ActivityStatus.DONE
    ).values_list("tambon_id", "activity__number"):
        rows[code]["activities_done"] = rows[code].get("activities_done", 0) | bit(number)


def _count_by_tambon(queryset: Any) -> Iterator[tuple[str, int]]:
    rows = queryset.values("tambon_id").annotate(n=Count("pk")).order_by()
    return ((row["tambon_id"], row["n"]) for row in rows)


def _completed(programme_id: int, codes: list[str] | None) -> Any:
    """Ids of the members who attended enough days of one of the programme's workshops to complete
    it ((workshop, member, day) is unique, so a count of rows is a count of days)."""
    attended = Attendance.objects.filter(
        workshop__programme_id=programme_id, day__gte=1, day__lte=F("workshop__days")
    )
    if codes is not None:
        attended = attended.filter(member__tambon_id__in=codes)
    need = Min(
        Least(Coalesce(F("workshop__days_to_complete"), F("workshop__days")), F("workshop__days"))
    )
    return (
        attended.values("workshop_id", "member_id")
        .annotate(present=Count("pk"), need=need)
        .filter(present__gte=F("need"))
        .values("member_id")
    )


def _add_reports(
    rows: dict[str, dict[str, Any]], programme_id: int, inside: Q
) -> list[dict[str, Any]]:
    """The bits of each report's state, and the sums of the approved ones; return the days it was
    first submitted and approved (`ReportDay` rows)."""
    reports = TambonReport.objects.filter(inside, period__programme_id=programme_id).values_list(
        "tambon_id",
        "period__number",
        "period__due_on",
        "state",
        "first_submitted_at",
        "approved_at",
        *SUMS,
    )
    days = []
    for code, number, due_on, state, first_submitted_at, approved_at, *figures in reports:
        row, mask = rows[code], bit(number)
        if first_submitted_at is not None or approved_at is not None:
            days.append(
                {
                    "tambon_id": code,
                    "period_number": number,
                    "submitted_on": _local_day(first_submitted_at),
                    "approved_on": _local_day(approved_at),
                }
            )
        if first_submitted_at is not None:
            row["reports_submitted"] = row.get("reports_submitted", 0) | mask
            if first_submitted_at < deadline(due_on):
                row["reports_on_time"] = row.get("reports_on_time", 0) | mask
        if state == ReportState.RETURNED:
            row["reports_returned"] = row.get("reports_returned", 0) | mask
        if state == ReportState.APPROVED:
            row["reports_approved"] = row.get("reports_approved", 0) | mask
            for name, value in zip(SUMS, figures, strict=True):
                row[name] = row.get(name, 0) + (value or 0)
    return days


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()
