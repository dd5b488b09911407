"""Deadline-day load (issue 12): gunicorn on PostgreSQL, locust as 40 officers, and the ceiling.

`python -m bench.deadline` (and `make bench`, at its end):

1. makes a PostgreSQL database of its own (PHINONG_LOAD_DATABASE_URL, by default
   postgresql://postgres@127.0.0.1:5432/phinong_load_bench), migrates it, seeds the demo and the
   national programmes on the first tambons of every province (`seed_national(limit=3)`), adds a
   reporting period due today, and signs 40 officers in (32 district officers who have tambons to
   report, 8 province officers): bench/locustfile.py reads that plan;
2. starts gunicorn on loopback (PHINONG_LOAD_WORKERS processes, 4 by default);
3. runs locust headless for PHINONG_LOAD_SECONDS (60) against /healthz alone: the ceiling of this
   server, then for the same time as the 40 officers (about 70% reads and 30% writes);
4. prints requests per second, p50, p95, p99 and errors of each, and the ratio to the ceiling.

Targets: zero errors, p95 <= 300 ms, at least 200 requests per second, ratio >= 0.5.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/phinong_load_bench"
OFFICERS, PROVINCE_OFFICERS = 40, 8
TARGET_RPS, TARGET_P95_MS, TARGET_RATIO = 200.0, 300.0, 0.5

Row = Callable[..., dict[str, object]]


def run(row: Row) -> list[dict[str, object]]:
    """The rows for bench/results.json; a missing PostgreSQL gives one failed row, not a crash."""
    url = os.environ.get("PHINONG_LOAD_DATABASE_URL", DEFAULT_URL)
    seconds = int(os.environ.get("PHINONG_LOAD_SECONDS", "60"))
    workers = int(os.environ.get("PHINONG_LOAD_WORKERS", "4"))
    with tempfile.TemporaryDirectory(prefix="phinong-load-") as tmp:
        work = Path(tmp)
        env = _env(url, work)
        try:
            _recreate(url)
        except Exception as exc:  # reported as the row's failure
            print(f"deadline-day load skipped: PostgreSQL unreachable ({exc})", file=sys.stderr)
            return [
                row(
                    "deadline day: PostgreSQL reachable (postgresql)",
                    0,
                    "",
                    1,
                    False,
                    better="higher",
                )
            ]
        _python(["manage.py", "migrate", "-v0"], env)
        _python(["-m", "bench.deadline", "prepare", str(work / "plan.json")], env)
        with _gunicorn(env, workers, work) as base:
            ceiling = _locust("HealthUser", base, seconds, env, work / "health")
            load = _locust("Officer", base, seconds, env, work / "load")
    ratio = load["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
    print(
        f"deadline day on PostgreSQL, {workers} gunicorn workers, {OFFICERS} officers, {seconds} s:\n"
        f"  /healthz: {ceiling['rps']:.0f} req/s, p50 {ceiling['p50']:.0f} ms, p95 {ceiling['p95']:.0f} ms\n"
        f"  officers: {load['rps']:.0f} req/s, p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms, "
        f"p99 {load['p99']:.0f} ms, {load['failures']} errors in {load['requests']} requests, "
        f"{load['writes']} writes ({load['write_share']:.0%})\n  ratio to the ceiling {ratio:.2f}"
    )
    for name, stats in sorted(load["pages"].items()):
        print(f"    {name:<60} {stats}")
    return [
        row(
            "deadline day /healthz ceiling (postgresql)",
            round(ceiling["rps"], 1),
            "req/s",
            None,
            True,
        ),
        row(
            "deadline day requests per second (postgresql)",
            round(load["rps"], 1),
            "req/s",
            TARGET_RPS,
            load["rps"] >= TARGET_RPS,
            better="higher",
        ),
        row("deadline day p50 (postgresql)", round(load["p50"], 1), "ms", None, True),
        row(
            "deadline day p95 (postgresql)",
            round(load["p95"], 1),
            "ms",
            TARGET_P95_MS,
            load["p95"] <= TARGET_P95_MS,
        ),
        row("deadline day p99 (postgresql)", round(load["p99"], 1), "ms", None, True),
        row(
            "deadline day errors (postgresql)", load["failures"], "errors", 0, load["failures"] == 0
        ),
        row(
            "deadline day write share (postgresql)",
            round(load["write_share"] * 100, 1),
            "%",
            None,
            True,
        ),
        row(
            "deadline day ratio to the ceiling (postgresql)",
            round(ratio, 2),
            "",
            TARGET_RATIO,
            ratio >= TARGET_RATIO,
            better="higher",
        ),
    ]


def _env(url: str, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        PHINONG_VAR_DIR=str(work / "var"),
        PHINONG_DB_CONN_MAX_AGE="600",
        PHINONG_FRAGMENTS="files",  # as the README deploys several workers on one machine
        PHINONG_SESSIONS="files",
        PHINONG_LOAD_PLAN=str(work / "plan.json"),
        PHINONG_DEBUG="false",
        PHINONG_SECRET_KEY=env.get("PHINONG_SECRET_KEY", "bench-only-" + "k" * 50),
        PHINONG_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _python(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)  # noqa: S603


class _gunicorn:
    """gunicorn on a free loopback port for the length of a `with` block."""

    def __init__(self, env: dict[str, str], workers: int, work: Path) -> None:
        self.env, self.workers, self.work = env, workers, work

    def __enter__(self) -> str:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "phinong.wsgi",
                "--workers", str(self.workers), "--bind", f"127.0.0.1:{port}",
                "--log-level", "warning", "--error-logfile", str(self.work / "gunicorn.log"),
            ],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310
                return base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _locust(
    user: str, base: str, seconds: int, env: dict[str, str], prefix: Path
) -> dict[str, Any]:
    subprocess.run(  # noqa: S603
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), user,
            "--headless", "--users", str(OFFICERS), "--spawn-rate", str(OFFICERS),
            "--run-time", f"{seconds}s", "--host", base, "--csv", str(prefix),
            "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
        ],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = {
        f"{r['Type']} {r['Name']}": (
            f"{int(r['Request Count'])} req, p50 {r['50%']} p95 {r['95%']} ms, "
            f"{r['Failure Count']} errors"
        )
        for r in rows
        if r["Name"] != "Aggregated"
    }
    writes = sum(int(r["Request Count"]) for r in rows if r["Type"] == "POST")
    requests = int(total["Request Count"])
    return {
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
        "requests": requests,
        "failures": int(total["Failure Count"]),
        "writes": writes,
        "write_share": writes / requests if requests else 0.0,
        "pages": pages,
    }


def prepare(plan_path: Path) -> None:
    """Seed, add the period due today, sign the officers in and write their plan (in the load DB)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phinong.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.deadline_plan import write_plan

    call_command("seed_demo", password="bench-password-1")
    from phinong.demo.national import seed_national

    seed_national(limit=3)
    plan = write_plan(officers=OFFICERS, provinces=PROVINCE_OFFICERS)
    plan_path.write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    print(f"load plan: {len(plan)} officers", file=sys.stderr)


def main() -> int:
    if sys.argv[1:2] == ["prepare"]:
        prepare(Path(sys.argv[2]))
        return 0
    from bench.__main__ import _row

    rows = run(_row)
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
