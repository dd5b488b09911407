"""Issue 5, point 4: print certificates as PDF.

Set-up (once per benchmark database, in the parent process): programme BENCH-CERT with 60 target
tambons spread over the country, 15 leaders in each (900), one two-day workshop that all of them
attended on both days, and its 900 certificates issued by the real service.

Timed, each in a fresh process (`python -m bench.load certificates-900 FILE`, bench/load.py), from
reading the certificates to the finished PDF (the work the batch view does, fonts loaded cold):

  - the whole batch, 900 pages in one document: pages per second (target >= 10) and the peak RSS of
    the process, Django included (target <= 400 MB);
  - one tambon's batch, 15 pages (target <= 2 s).

The PDFs are left in var/bench/ to look at.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction

from phinong.accounts.models import User
from phinong.geo.models import Tambon
from phinong.programmes import services as programmes
from phinong.programmes.models import ProvinceQuota, TargetTambon
from phinong.register.models import Member, MemberRole
from phinong.workshops.certificates import certificates_in_area, issue_certificates
from phinong.workshops.models import Attendance, Certificate, Workshop
from phinong.workshops.pdf import render_pdf

PROGRAMME, TAMBONS, PER_TAMBON = "BENCH-CERT", 60, 15
PAGES = TAMBONS * PER_TAMBON
PAGES_PER_SECOND, PEAK_MB, BATCH_SECONDS = 10.0, 400.0, 2.0
VERIFY = "https://phinong.example/verify/"
BENCH_USER = "bench-io"  # bench/register_io.bench_user(), a department admin


# -- set-up (in the parent process) ---------------------------------------------------------------


def set_up(actor: User) -> Workshop:
    """The workshop with 900 leaders who all completed it, and their certificates (made once)."""
    workshop = Workshop.objects.filter(programme__code=PROGRAMME).first()
    if workshop is None:
        workshop = _workshop(actor)
    if Certificate.objects.filter(workshop=workshop).count() != PAGES:
        start = time.perf_counter()
        issued = issue_certificates(actor=actor, workshop=workshop)
        print(
            f"certificates: issued {len(issued)} in {time.perf_counter() - start:.2f} s",
            file=sys.stderr,
        )
    return workshop


def _workshop(actor: User) -> Workshop:
    from bench.register_io import _people

    codes = sorted(
        random.Random(5).sample(  # noqa: S311 - synthetic data
            list(
                Tambon.objects.filter(district__province__in_cdd_scope=True).values_list(
                    "code", flat=True
                )
            ),
            TAMBONS,
        )
    )
    with transaction.atomic():
        programme = programmes.create_programme(
            actor=actor,
            code=PROGRAMME,
            name="ข้อมูลจำลองสำหรับวัดความเร็ว การพิมพ์เกียรติบัตร",
            fiscal_year=2564,
            starts_on=dt.date(2021, 8, 1),
            ends_on=dt.date(2021, 9, 30),
        )
        counts: dict[str, int] = {}
        for code in codes:
            counts[code[:2]] = counts.get(code[:2], 0) + 1
        ProvinceQuota.objects.bulk_create(
            ProvinceQuota(programme=programme, province_id=p, tambons=n) for p, n in counts.items()
        )
        TargetTambon.objects.bulk_create(
            TargetTambon(programme=programme, tambon_id=code) for code in codes
        )
        people = iter(_people(PAGES, 40_000_000))  # national IDs 9940000000xxx
        Member.objects.bulk_create(
            (
                Member(programme=programme, role=MemberRole.LEADER, tambon_id=code, **next(people))
                for code in codes
                for _ in range(PER_TAMBON)
            ),
            batch_size=2000,
        )
        workshop = Workshop.objects.create(
            programme=programme,
            title="การประชุมเชิงปฏิบัติการผู้นำการเปลี่ยนแปลง (ออนไลน์)",
            starts_on=dt.date(2021, 8, 30),
            days=2,
            organiser_code="",
        )
        workshop.tambons.set(Tambon.objects.filter(code__in=codes))
        Attendance.objects.bulk_create(
            (
                Attendance(workshop=workshop, member_id=pk, day=day, recorded_by=actor)
                for pk in Member.objects.filter(programme=programme).values_list("pk", flat=True)
                for day in (1, 2)
            ),
            batch_size=2000,
        )
    return workshop


# -- the timed work (each in a process of its own) ------------------------------------------------


def child(task: str, path: Path) -> dict[str, float]:
    """`certificates-900`: the whole batch; `certificates-15`: the first tambon's."""
    actor = User.objects.get(username=BENCH_USER)
    workshop = Workshop.objects.get(programme__code=PROGRAMME)
    area = "" if task == "certificates-900" else str(workshop.tambons.order_by("code")[0].code)
    start = time.perf_counter()
    printed = certificates_in_area(actor=actor, workshop=workshop, area_code=area)
    content = render_pdf(printed, base_url_for_verify=VERIFY)
    seconds = time.perf_counter() - start
    path.write_bytes(content)
    return {"rows": len(printed), "seconds": seconds, "peak_mb": _peak_mb()}


def _peak_mb() -> float:
    """This process's peak RSS (as bench/register_io.peak_mb: not imported, so that the libraries
    of the register benchmark do not count in this one's memory)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spawn(task: str, path: Path) -> dict[str, float]:
    connection.close()
    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.load", task, str(path)],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"bench.load {task} failed:\n{done.stdout}{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _pages(path: Path) -> int:
    import pypdf  # a development dependency, like the benchmark

    return len(pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


# -- the whole benchmark (called by bench/__main__.py) ----------------------------------------------


def run(
    database: str, out_dir: Path, row: Callable[..., dict[str, object]]
) -> list[dict[str, object]]:
    from bench.register_io import bench_user

    set_up(bench_user())
    whole, tambon = out_dir / "certificates-900.pdf", out_dir / "certificates-15.pdf"
    big = _spawn("certificates-900", whole)
    small = _spawn("certificates-15", tambon)
    for timing, path, expected in ((big, whole, PAGES), (small, tambon, PER_TAMBON)):
        if timing["rows"] != expected or _pages(path) != expected:
            raise SystemExit(f"{path.name}: {_pages(path)} pages, not {expected}")
    print(f"certificates: 900 pages {big}, 15 pages {small}", file=sys.stderr)
    speed = big["rows"] / big["seconds"]
    checks = [
        ("certificates 900 pages per second", speed, "pages/s", PAGES_PER_SECOND, "higher"),
        ("certificates 900 peak MB", big["peak_mb"], "MB", PEAK_MB, "lower"),
        ("certificates 15-leader batch seconds", small["seconds"], "s", BATCH_SECONDS, "lower"),
    ]
    return [
        row(
            f"{name} ({database})",
            round(value, 2 if unit == "s" else 1),
            unit,
            target,
            value >= target if better == "higher" else value <= target,
            better=better,
        )
        for name, value, unit, target, better in checks
    ]
