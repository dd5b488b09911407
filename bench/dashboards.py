"""Issue 9's dashboards on the national data set (`seed_demo --scale national`, programme NAT-2).

For the national, one province, one district and one tambon dashboard (the largest province, its
largest district, a younger tambon of it; as demo-dept): the server time at p50 and p95 over
`RUNS` in-process requests after a warm-up, both as most readers get it (its costly part cached
until a write under the area commits: dashboards/fragments.py) and "drawn", as the first reader after
a write gets it (the cache emptied before each request); the number of SQL queries of a drawn page;
and two floors, hand-written
SQL that computes the same figures (pairs, leaders, leaders who completed the workshop, activities
done, reports submitted / on time / approved and the sums of the approved figures, villages),
grouped by the children's code prefix:
- `floor()` reads the raw tables (members, attendance, reports, ...), as a page without the rollup
  would have to (shown for comparison);
- `floor_rollup()` reads the rollup (`dashboards.TambonTally`), as a hand-written page would now.
The ratios with a target are the page's p50, served and drawn, to the rollup floor's; the figures alone (`dashboard()`,
without the page) against the same floor are shown too. Then the national PDF memo and Excel
export, timed the same way (fewer runs). A page that does not exist yet gives a row "not
available" instead of failing the whole `make bench`. `python -m bench.dashboards` runs this part
alone.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.utils import timezone

RUNS = 25
CENTS = Decimal("0.01")
WARM_UP = 3
EXPORT_RUNS = 5
PAGE_P95_MS = 100.0
FLOOR_RATIO = 2.0
PDF_MS = 3000.0
XLSX_MS = 5000.0

Row = Callable[..., dict[str, object]]


def _table(label: str) -> str:
    from django.apps import apps

    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _local_date(column: str) -> str:
    """The date in Bangkok of a stored moment, as the ORM's `__date` reads it."""
    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Bangkok')::date"
    return f"date({column}, '+7 hours')"


def _within(column: str, prefix: str) -> str:
    """Codes starting with the prefix, as a range an index can serve (codes are digits)."""
    return f"{column} >= %s AND {column} < %s" if prefix else "1 = 1"


def _bounds(prefix: str) -> list[str]:
    return [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)] if prefix else []


def _workshop_sql(
    member: str, attendance: str, workshop: str, length: int, programme_id: int, prefix: str
) -> tuple[str, list[Any]]:
    """Leaders who attended enough days of a workshop to complete it ((workshop, member, day) is
    unique, so a count of rows is a count of days). The nation: one pass over the attendance,
    grouped; an area: a look-up of its own leaders' attendance."""
    need = (
        "CASE WHEN coalesce(w.days_to_complete, w.days) < w.days "
        "THEN coalesce(w.days_to_complete, w.days) ELSE w.days END"
    )
    if not prefix:
        return (
            f"SELECT substr(m.tambon_id, 1, %s), count(DISTINCT m.id) FROM ("  # noqa: S608
            f"SELECT a.member_id FROM {attendance} a JOIN {workshop} w ON w.id = a.workshop_id "
            "WHERE w.programme_id = %s AND a.day BETWEEN 1 AND w.days "
            f"GROUP BY a.workshop_id, a.member_id, w.days, w.days_to_complete "
            f"HAVING count(*) >= {need}) done JOIN {member} m ON m.id = done.member_id "
            "WHERE m.programme_id = %s AND m.role = 'leader' GROUP BY 1",
            [length, programme_id, programme_id],
        )
    return (
        f"SELECT substr(m.tambon_id, 1, %s), count(*) FROM {member} m "  # noqa: S608
        "WHERE m.programme_id = %s AND m.role = 'leader' "
        f"AND {_within('m.tambon_id', prefix)} AND EXISTS ("
        f"SELECT 1 FROM {attendance} a JOIN {workshop} w ON w.id = a.workshop_id "
        "WHERE a.member_id = m.id AND w.programme_id = %s AND a.day BETWEEN 1 AND w.days "
        f"GROUP BY a.workshop_id, w.days, w.days_to_complete HAVING count(*) >= {need}) "
        "GROUP BY 1",
        [length, programme_id, *_bounds(prefix), programme_id],
    )


def floor(programme_id: int, prefix: str) -> dict[str, dict[str, Any]]:
    """{child code prefix: {figure: value}} for the area `prefix` ('' = the nation), by hand.

    A tambon groups by itself. Reports count in every period due by today; the sums are those
    of the approved reports of every period (the dashboard with no period chosen).
    """
    length = len(prefix) + 2 if len(prefix) < 6 else 6
    today = timezone.localdate()
    pair, member = _table("programmes.Pair"), _table("register.Member")
    attendance, workshop = _table("workshops.Attendance"), _table("workshops.Workshop")
    record, activity = _table("workshops.ActivityRecord"), _table("programmes.Activity")
    report, period = _table("reports.TambonReport"), _table("reports.ReportPeriod")
    village = _table("geo.Village")
    queries: dict[str, tuple[str, list[Any]]] = {
        "pairs": (
            f"SELECT substr(younger_id, 1, %s), count(*) FROM {pair} "  # noqa: S608 - our tables
            f"WHERE programme_id = %s AND {_within('younger_id', prefix)} GROUP BY 1",
            [length, programme_id, *_bounds(prefix)],
        ),
        "leaders": (
            f"SELECT substr(tambon_id, 1, %s), count(*) FROM {member} "  # noqa: S608
            f"WHERE programme_id = %s AND role = 'leader' AND {_within('tambon_id', prefix)} GROUP BY 1",
            [length, programme_id, *_bounds(prefix)],
        ),
        "workshop": _workshop_sql(member, attendance, workshop, length, programme_id, prefix),
        "activities": (
            f"SELECT substr(r.tambon_id, 1, %s), count(*) FROM {record} r "  # noqa: S608
            f"JOIN {activity} x ON x.id = r.activity_id "
            "WHERE x.programme_id = %s AND x.due_on <= %s AND r.status = 'done' "
            f"AND {_within('r.tambon_id', prefix)} GROUP BY 1",
            [length, programme_id, today, *_bounds(prefix)],
        ),
        "villages": (
            f"SELECT substr(v.tambon_id, 1, %s), count(*) FROM {village} v "  # noqa: S608
            f"WHERE v.tambon_id IN (SELECT younger_id FROM {pair} WHERE programme_id = %s) "
            f"AND {_within('v.tambon_id', prefix)} GROUP BY 1",
            [length, programme_id, *_bounds(prefix)],
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for name, (sql, params) in queries.items():
            cursor.execute(sql, params)
            for code, value in cursor.fetchall():
                out.setdefault(code, {})[name] = value
        approved = "r.state = 'approved'"
        counted = "p.due_on <= %s"
        cursor.execute(
            f"SELECT substr(r.tambon_id, 1, %s), "  # noqa: S608
            f"sum(CASE WHEN {counted} AND r.first_submitted_at IS NOT NULL THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN {counted} AND {_local_date('r.first_submitted_at')} <= p.due_on "
            "THEN 1 ELSE 0 END), "
            f"sum(CASE WHEN {counted} AND {approved} THEN 1 ELSE 0 END), "
            + ", ".join(
                f"sum(CASE WHEN {approved} THEN r.{field} ELSE 0 END)"
                for field in (
                    "households",
                    "villages_covered",
                    "partner_networks",
                    "expenses_reduced",
                    "active_centres",
                    "hici_households",
                    "food_packs",
                )
            )
            + f" FROM {report} r JOIN {period} p ON p.id = r.period_id "
            f"WHERE p.programme_id = %s AND {_within('r.tambon_id', prefix)} GROUP BY 1",
            [length, today, today, today, programme_id, *_bounds(prefix)],
        )
        names = (
            "submitted",
            "on_time",
            "approved",
            "households",
            "villages_covered",
            "partners",
            "baht_saved",
            "centres",
            "hici",
            "food_packs",
        )
        for code, *values in cursor.fetchall():
            row = out.setdefault(code, {})
            for name, value in zip(names, values, strict=True):
                row[name] = (
                    Decimal(str(value or 0)).quantize(CENTS)  # SQLite sums a decimal as a float
                    if name == "baht_saved"
                    else int(value or 0)
                )
    return out


def floor_rollup(programme_id: int, prefix: str) -> dict[str, dict[str, Any]]:
    """The same figures as `floor`, by hand from the rollup (`TambonTally`, a row per tambon): the
    SQL a hand-written page would run now. Two small look-ups say which activities and periods are
    due today (the rollup keeps a bit per number), then one GROUP BY adds the rows up."""
    length = len(prefix) + 2 if len(prefix) < 6 else 6
    today = timezone.localdate()
    tally = _table("dashboards.TambonTally")
    activity, period = _table("programmes.Activity"), _table("reports.ReportPeriod")
    programme = _table("programmes.Programme")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT extends_id IS NOT NULL FROM {programme} WHERE id = %s",  # noqa: S608
            [programme_id],
        )
        selected = "paired" if cursor.fetchone()[0] else "target"
        due: dict[str, list[int]] = {}
        for name, table in (("activities", activity), ("periods", period)):
            cursor.execute(
                f"SELECT number FROM {table} WHERE programme_id = %s AND due_on <= %s",  # noqa: S608
                [programme_id, today],
            )
            due[name] = [number for (number,) in cursor.fetchall()]

        def bits(column: str, numbers: list[int]) -> str:
            cases = [f"CASE WHEN {column} & {1 << n} <> 0 THEN 1 ELSE 0 END" for n in numbers]
            return f"sum({' + '.join(cases)})" if cases else "0"

        figures = {
            "pairs": f"sum(CASE WHEN {selected} THEN 1 ELSE 0 END)",
            "leaders": "sum(leaders)",
            "workshop": "sum(workshop_done)",
            "activities": bits("activities_done", due["activities"]),
            "villages": f"sum(CASE WHEN {selected} THEN villages ELSE 0 END)",
            "submitted": bits("reports_submitted", due["periods"]),
            "on_time": bits("reports_on_time", due["periods"]),
            "approved": bits("reports_approved", due["periods"]),
            "households": "sum(households)",
            "villages_covered": "sum(villages_covered)",
            "partners": "sum(partner_networks)",
            "baht_saved": "sum(expenses_reduced)",
            "centres": "sum(active_centres)",
            "hici": "sum(hici_households)",
            "food_packs": "sum(food_packs)",
        }
        cursor.execute(
            f"SELECT substr(tambon_id, 1, %s), {', '.join(figures.values())} "  # noqa: S608
            f"FROM {tally} WHERE programme_id = %s AND {_within('tambon_id', prefix)} GROUP BY 1",
            [length, programme_id, *_bounds(prefix)],
        )
        out: dict[str, dict[str, Any]] = {}
        for code, *values in cursor.fetchall():
            out[code] = {
                name: (
                    Decimal(str(value or 0)).quantize(CENTS)
                    if name == "baht_saved"
                    else int(value or 0)
                )
                for name, value in zip(figures, values, strict=True)
                if value
            }
    return out


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _time(run: Callable[[], object], runs: int) -> list[float]:
    for _ in range(WARM_UP):
        run()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def areas(programme_id: int) -> list[tuple[str, str]]:
    """(label, code) of the four levels: the nation, the province with most pairs, its district
    with most pairs, and that district's first younger tambon."""
    from phinong.programmes.models import Pair

    codes = sorted(
        Pair.objects.filter(programme_id=programme_id).values_list("younger_id", flat=True)
    )

    def most(found: list[str], length: int) -> str:
        counts: dict[str, int] = {}
        for code in found:
            counts[code[:length]] = counts.get(code[:length], 0) + 1
        return max(sorted(counts), key=lambda c: counts[c])

    province = most(codes, 2)
    district = most([c for c in codes if c.startswith(province)], 4)
    tambon = next(c for c in codes if c.startswith(district))
    return [("nation", ""), ("province", province), ("district", district), ("tambon", tambon)]


def run(database: str, row: Row) -> list[dict[str, object]]:
    from phinong.accounts.models import User
    from phinong.demo.national import NATIONAL_PHASE2
    from phinong.programmes.models import Programme

    programme = Programme.objects.get(code=NATIONAL_PHASE2)
    dept = User.objects.get(username="demo-dept")
    client = Client()
    client.force_login(dept)
    results: list[dict[str, object]] = []
    for level, code in areas(programme.pk):
        name = f"{level} dashboard" + (f" {code}" if code else "")
        url = f"/areas/{code + '/' if code else ''}?programme={programme.pk}"
        response, queries = _counted_get(client, url)
        if response.status_code != 200:
            results.append(_missing(row, f"{name} ({database})", response.status_code))
            continue
        timings = _time(lambda url=url: client.get(url), RUNS)  # type: ignore[misc]
        drawn = _time(lambda url=url: _drawn(client, url), RUNS)  # type: ignore[misc]
        raw_ms = statistics.median(_time(lambda code=code: floor(programme.pk, code), RUNS))  # type: ignore[misc]
        floor_ms = statistics.median(
            _time(lambda code=code: floor_rollup(programme.pk, code), RUNS)  # type: ignore[misc]
        )
        figures_ms = statistics.median(
            _time(lambda code=code: _figures(dept, programme, code), RUNS)  # type: ignore[misc]
        )
        p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
        drawn_p50, drawn_p95 = statistics.median(drawn), _percentile(drawn, 0.95)
        ratio = p50 / floor_ms if floor_ms else 0.0
        drawn_ratio = drawn_p50 / floor_ms if floor_ms else 0.0
        results += [
            row(f"{name} p50 ({database})", round(p50, 1), "ms", None, True),
            row(f"{name} p95 ({database})", round(p95, 1), "ms", PAGE_P95_MS, p95 <= PAGE_P95_MS),
            row(f"{name} drawn p50 ({database})", round(drawn_p50, 1), "ms", None, True),
            row(
                f"{name} drawn p95 ({database})",
                round(drawn_p95, 1),
                "ms",
                PAGE_P95_MS,
                drawn_p95 <= PAGE_P95_MS,
            ),
            row(f"{name} queries, drawn ({database})", queries, "queries", None, True),
            row(f"{name} raw-table floor SQL p50 ({database})", round(raw_ms, 1), "ms", None, True),
            row(f"{name} rollup floor SQL p50 ({database})", round(floor_ms, 1), "ms", None, True),
            row(f"{name} figures only p50 ({database})", round(figures_ms, 1), "ms", None, True),
            row(
                f"{name} figures only / rollup floor ratio ({database})",
                round(figures_ms / floor_ms if floor_ms else 0.0, 2),
                "x",
                None,
                True,
            ),
            row(
                f"{name} / rollup floor ratio ({database})",
                round(ratio, 2),
                "x",
                FLOOR_RATIO,
                ratio <= FLOOR_RATIO,
            ),
            row(
                f"{name} drawn / rollup floor ratio ({database})",
                round(drawn_ratio, 2),
                "x",
                FLOOR_RATIO,
                drawn_ratio <= FLOOR_RATIO,
            ),
        ]
    for label, path, target in (
        ("national PDF", "/areas/report.pdf", PDF_MS),
        ("national Excel", "/areas/report.xlsx", XLSX_MS),
    ):
        url = f"{path}?programme={programme.pk}"
        response = _exported(client, url)
        if response.status_code != 200:
            results.append(_missing(row, f"{label} ({database})", response.status_code))
            continue
        timings = _time(lambda url=url: _exported(client, url), EXPORT_RUNS)  # type: ignore[misc]
        worst = max(timings)
        results.append(
            row(
                f"{label} slowest of {EXPORT_RUNS} ({database})",
                round(worst),
                "ms",
                target,
                worst <= target,
            )
        )
    return results


def _drawn(client: Client, url: str) -> Any:
    """The page as the first reader after a write gets it: its costly part drawn anew."""
    from django.core.cache import caches

    caches["fragments"].clear()
    return client.get(url)


def _exported(client: Client, url: str) -> Any:
    """The file a national export gives: its job runs at once (the immediate task backend) while
    the request that starts it commits, then the file is downloaded; both are timed."""
    response = client.get(url)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if "/jobs/" not in location:
        return response
    download = client.get(location.rstrip("/") + "/download/")
    body = b"".join(download.streaming_content) if download.streaming else download.content  # type: ignore[attr-defined]
    if download.status_code == 200 and not body:
        raise RuntimeError(f"{url}: the job's file is empty")
    return download


def _figures(actor: Any, programme: Any, code: str) -> object:
    """The dashboard's figures alone (`dashboards.figures.dashboard`), without the page."""
    from phinong.dashboards.figures import dashboard
    from phinong.geo.selectors import get_area_for

    area = get_area_for(actor=actor, code=code) if code else None
    return dashboard(actor=actor, area=area, programme=programme, period=None)


def _counted_get(client: Client, url: str) -> tuple[Any, int]:
    """The response, and the SQL statements it ran (the request clears Django's own log)."""
    count = 0

    def counting(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal count
        count += 1
        return execute(*args)

    with connection.execute_wrapper(counting):
        response = client.get(url)
    return response, count


def _missing(row: Row, name: str, status: int) -> dict[str, object]:
    return row(f"{name}: not available (HTTP {status})", 0, "-", None, False)


def main() -> int:
    """`python -m bench.dashboards`: this part of `make bench` alone, on DATABASE_URL (else the
    bench's SQLite file), seeding the national data set first if it is not there."""
    import os

    from bench.__main__ import OUT, _row

    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phinong.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale="national", password="bench-password-1")
    results = run(connection.vendor, _row)
    width = max(len(str(r["name"])) for r in results)
    for r in results:
        bound = "" if r["target"] is None else f"<= {r['target']}"
        print(
            f"{r['name']:<{width}}  {r['value']:>9} {r['unit']:<7} {bound:<9} {'yes' if r['ok'] else 'NO'}"
        )
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
