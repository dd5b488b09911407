"""`make bench`: time the pages officers open most, on national-scale data, and register imports.

Runs on DATABASE_URL when it is set, else on a SQLite file of its own (var/bench/bench.sqlite3), so
the demo database is left alone. It migrates, seeds the demo and the national-scale programmes
(NAT-1 / NAT-2: every tambon of the 76 CDD provinces, about 110,000 leaders; demo/national.py),
renders each page several times in-process and writes var/bench/results.json:
[{"name", "value", "unit", "target", "better", "ok"}, ...]. Then issue 3's
import and export benchmark (bench/register_io.py) adds its rows, and the other benchmarks theirs,
ending with deadline day (bench/deadline.py: gunicorn on PostgreSQL under locust, always on a
PostgreSQL database of its own; PHINONG_BENCH_LOAD=0 leaves it out). A row without a target is
shown for comparison only.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
RUNS = 7
PAGE_TARGET_MS = (
    500.0  # Phinong's own bar: a page an officer opens on a phone answers in half a second
)
QUERY_TARGET = 30  # and does not grow with the rows it lists (no N+1)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phinong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import certificates, register_io
    from phinong.accounts.models import User
    from phinong.demo.national import NATIONAL_PHASE2
    from phinong.programmes.models import Pair, Programme

    call_command("migrate", verbosity=0)
    call_command("seed_demo", scale="national", password="bench-password-1")
    database = connection.vendor
    programme = Programme.objects.get(code=NATIONAL_PHASE2)
    pair = Pair.objects.filter(programme=programme).order_by("younger_id").first()
    assert pair is not None  # noqa: S101 - seeded just above
    province, district = pair.younger_id[:2], pair.younger_id[:4]
    pages = [
        ("nation page", "demo-dept", f"/areas/?programme={programme.pk}"),
        ("province page", "demo-dept", f"/areas/{province}/?programme={programme.pk}"),
        ("district pairs page", "demo-dept", f"/programmes/{programme.pk}/districts/{district}/"),
        (
            "tambon register page",
            "demo-dept",
            f"/register/{programme.pk}/tambons/{pair.younger_id}/",
        ),
    ]
    results = []
    for label, username, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        timings = []
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: every request clears the connection's query log
        if response.status_code != 200:
            print(f"{url} answered {response.status_code}", file=sys.stderr)
            return 1
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        results.append(
            _row(
                f"{label} median ({database})",
                round(median, 1),
                "ms",
                PAGE_TARGET_MS,
                median <= PAGE_TARGET_MS,
            )
        )
        results.append(
            _row(
                f"{label} queries ({database})",
                query_count,
                "queries",
                QUERY_TARGET,
                query_count <= QUERY_TARGET,
            )
        )
    results += register_io.run(database, OUT, _row)
    results += certificates.run(database, OUT, _row)
    from bench import booklet as booklet_bench

    results += booklet_bench.run(database, OUT, _row)
    from bench import search as search_bench

    results += search_bench.run(database, OUT, _row)
    from bench import dashboards as dashboards_bench

    results += dashboards_bench.run(database, _row)
    if os.environ.get("PHINONG_BENCH_LOAD", "1") != "0":  # deadline day: gunicorn on PostgreSQL
        from bench import deadline

        results += deadline.run(_row)
    if "--append" in sys.argv and (OUT / "results.json").exists():
        earlier = json.loads((OUT / "results.json").read_text())
        results = [r for r in earlier if not r["name"].endswith(f"({database})")] + results
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    width = max(len(str(r["name"])) for r in results)
    print(f"{'benchmark':<{width}}  {'value':>9}  {'target':>8}  ok")
    for r in results:
        bound = "" if r["target"] is None else f"{'>=' if r['better'] == 'higher' else '<='} "
        print(
            f"{r['name']:<{width}}  {r['value']:>9} {r['unit']:<7} {bound:>3}{r['target'] or '-':<6} "
            f"{'yes' if r['ok'] else 'NO'}"
        )
    print(f"written: {OUT / 'results.json'}")
    return 0


def _row(
    name: str, value: float, unit: str, target: float | None, ok: bool, better: str = "lower"
) -> dict[str, object]:
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "target": target,
        "better": better,
        "ok": ok,
    }


if __name__ == "__main__":
    raise SystemExit(main())
