"""Issue 3: load a 30,000-row register three ways, and export 110,000 rows.

The register (2,000 younger tambons x 15 leaders, each tambon paired by the file with an elder
tambon of its district) is written once as an .xlsx in the offices' layout, then loaded into
programme BENCH-IO, emptied before each way:

  (a) Phinong's import (read_sheet + import_register): full validation, then commit;
  (b) django-import-export (bench/import_export_way.py), importing the same file;
  (c) the floor: python-calamine, one dict for the tambons, bulk_create, no validation.

Export: 110,000 leaders in programme BENCH-EXPORT, written by export_register to a temporary file.
Each load and the export run in a fresh process (`python -m bench.load a FILE`, bench/load.py),
which times only the work (not Django's start) and reports the peak RSS of the whole process.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tablib
import xlsxwriter  # type: ignore[import-untyped, unused-ignore]
from django.db import connection, transaction
from python_calamine import CalamineWorkbook

from bench.import_export_way import MemberResource
from phinong.accounts.models import Role, User
from phinong.demo.scenario import FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, POSITIONS
from phinong.geo.models import Tambon
from phinong.lib.national_id import with_check_digit
from phinong.programmes import services as programmes
from phinong.programmes.models import Pair, Programme, ProvinceQuota, TargetTambon
from phinong.register.columns import COLUMNS
from phinong.register.exporter import export_register
from phinong.register.importer import import_register
from phinong.register.models import Member, MemberRole
from phinong.register.sheets import read_sheet

ELDERS, PROGRAMME, EXPORT = "BENCH-IO-1", "BENCH-IO", "BENCH-EXPORT"
TAMBONS, PER_TAMBON, EXPORT_ROWS = 2000, 15, 110_000
IMPORT_SECONDS, PEAK_MB, EXPORT_SECONDS, RATIO_B, RATIO_C = 3.0, 250.0, 10.0, 3.0, 0.5
# django-import-export loads this many rows (the first tambons of the same register): it runs at
# a few hundred rows a second, so the full 30,000 would add minutes. Rows per second is the metric.
IE_ROWS = 3000
WAYS = {
    "a": "Phinong",
    "b": f"django-import-export on {IE_ROWS:,} rows",
    "c": "floor: calamine + bulk_create",
}
SEX_WORDS = {"M": "ชาย", "F": "หญิง"}
TYPE_WORDS = {"formal": "ทางการ", "informal": "ไม่เป็นทางการ"}


# -- set-up (in the parent process) ---------------------------------------------------------------


def bench_user() -> User:
    user, _created = User.objects.get_or_create(
        username="bench-io", defaults={"role": Role.DEPT_ADMIN, "first_name": "bench"}
    )
    return user


def _geography() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """{district: its elder tambon} and [(younger, elder), ...] for every other tambon.

    The elder of a district is its first tambon whose name no other tambon of the province has, so a
    file may name it by its Thai name alone; every other tambon of the district may be a younger one.
    """
    rows = list(
        Tambon.objects.filter(district__province__in_cdd_scope=True)
        .order_by("code")
        .values_list("code", "name_th")
    )
    names: dict[tuple[str, str], int] = {}
    for code, name in rows:
        names[code[:2], name] = names.get((code[:2], name), 0) + 1
    elders: dict[str, str] = {}
    for code, name in rows:
        if code[:4] not in elders and names[code[:2], name] == 1:
            elders[code[:4]] = code
    chosen = set(elders.values())
    pairs = [(code, elders[code[:4]]) for code, _ in rows if code[:4] in elders]
    return elders, [(y, e) for y, e in pairs if y not in chosen]


def _programme(actor: User, code: str, extends: Programme | None, per_tambon: int) -> Programme:
    existing = Programme.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return programmes.create_programme(
        actor=actor,
        code=code,
        name=f"ข้อมูลจำลองสำหรับวัดความเร็ว {code}",
        fiscal_year=2564,
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 9, 30),
        leaders_per_tambon=per_tambon,
        extends=extends,
    )


def _quotas(programme: Programme, tambons: list[str]) -> None:
    counts: dict[str, int] = {}
    for code in tambons:
        counts[code[:2]] = counts.get(code[:2], 0) + 1
    ProvinceQuota.objects.filter(programme=programme).delete()
    ProvinceQuota.objects.bulk_create(
        ProvinceQuota(programme=programme, province_id=p, tambons=n) for p, n in counts.items()
    )


def set_up(actor: User) -> tuple[Programme, list[tuple[str, str]]]:
    """The programmes (made once): elders, BENCH-IO (its pairs come from the file), BENCH-EXPORT."""
    elders, candidates = _geography()
    phase1 = _programme(actor, ELDERS, None, PER_TAMBON)
    if not TargetTambon.objects.filter(programme=phase1).exists():
        _quotas(phase1, list(elders.values()))
        TargetTambon.objects.bulk_create(
            (TargetTambon(programme=phase1, tambon_id=code) for code in elders.values()),
            batch_size=2000,
        )
    pairs = sorted(random.Random(3).sample(candidates, TAMBONS))  # noqa: S311 - synthetic data
    bench = _programme(actor, PROGRAMME, phase1, PER_TAMBON)
    _quotas(bench, [younger for younger, _ in pairs])
    export = _programme(actor, EXPORT, phase1, math.ceil(EXPORT_ROWS / len(candidates)))
    if Member.objects.filter(programme=export).count() != EXPORT_ROWS:
        _fill_export(export, candidates)
    return bench, pairs


def _people(count: int, first_seq: int) -> list[dict[str, Any]]:
    rng = random.Random(first_seq)  # noqa: S311 - synthetic names, not secrets
    people = []
    for seq in range(first_seq, first_seq + count):
        female = rng.random() < 0.5
        position, kind = rng.choice(POSITIONS)
        people.append(
            {
                "title": rng.choice(["นาง", "นางสาว"]) if female else "นาย",
                "first_name": rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M),
                "last_name": rng.choice(LAST_NAMES),
                "national_id": with_check_digit(f"99{seq:010d}"),
                "sex": "F" if female else "M",
                "age": rng.randint(25, 70),
                "phone": f"08{rng.randint(10000000, 99999999)}",
                "position": position,
                "leader_type": kind,
            }
        )
    return people


def _fill_export(export: Programme, pairs: list[tuple[str, str]]) -> None:
    """110,000 leaders spread over every younger tambon (17 or 18 each), written in bulk."""
    with transaction.atomic():
        Member.objects.filter(programme=export).delete()
        Pair.objects.filter(programme=export).delete()
        Pair.objects.bulk_create(
            (Pair(programme=export, younger_id=y, elder_id=e) for y, e in pairs), batch_size=2000
        )
        pair_ids = dict(Pair.objects.filter(programme=export).values_list("younger_id", "pk"))
        members = [
            Member(
                programme=export,
                role=MemberRole.LEADER,
                tambon_id=pairs[i % len(pairs)][0],
                pair_id=pair_ids[pairs[i % len(pairs)][0]],
                **person,
            )
            for i, person in enumerate(_people(EXPORT_ROWS, 30_000_000))
        ]
        Member.objects.bulk_create(members, batch_size=2000)


def empty(programme: Programme) -> None:
    with transaction.atomic():
        Member.objects.filter(programme=programme).delete()
        Pair.objects.filter(programme=programme).delete()


def write_register(path: Path, pairs: list[tuple[str, str]]) -> None:
    """The register as offices keep it: a title row, the Thai headings, then one row per leader.

    Every other tambon is written by its DOPA codes, the rest by Thai names; หมู่ที่ and วันเกิด are
    blank (the age is given); national IDs and phones are text.
    """
    tambons = {t.code: t for t in Tambon.objects.select_related("district__province")}
    people = iter(_people(len(pairs) * PER_TAMBON, 20_000_000))
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        sheet = book.add_worksheet("ทะเบียน")
        sheet.write_row(0, 0, ["ทะเบียนกลุ่มเป้าหมาย ผู้นำการเปลี่ยนแปลง (ข้อมูลจำลอง)"])
        sheet.write_row(1, 0, [column.thai for column in COLUMNS])
        row = 2
        for index, (younger_code, elder_code) in enumerate(pairs):
            younger, elder = tambons[younger_code], tambons[elder_code]
            if index % 2:
                areas = [younger_code[:2], younger_code[:4], elder_code, younger_code]
            else:
                district = younger.district
                areas = [
                    district.province.name_th,
                    district.name_th,
                    elder.name_th,
                    younger.name_th,
                ]
            for _ in range(PER_TAMBON):
                p = next(people)
                sheet.write_row(  # str cells stay text: the IDs and phones keep their digits
                    row,
                    0,
                    [
                        *(row - 1, *areas, ""),
                        *(p["title"], p["first_name"], p["last_name"], p["national_id"]),
                        *(SEX_WORDS[p["sex"]], p["age"], "", p["position"]),
                        *(TYPE_WORDS[p["leader_type"]], p["phone"]),
                    ],
                )
                row += 1


# -- the timed work (each in a process of its own) ------------------------------------------------


def _load_phinong(path: Path, programme: Programme, actor: User) -> int:
    sheet = read_sheet(path.read_bytes(), path.name)
    result = import_register(actor=actor, programme=programme, sheet=sheet, filename=path.name)
    if result.rejected_rows or not result.written:
        raise SystemExit(f"(a) rejected {result.rejected_rows} rows: {result.problems[:3]}")
    return result.created


def _load_import_export(path: Path, programme: Programme, actor: User) -> int:
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx", skip_lines=1)
    result = MemberResource(programme=programme).import_data(
        dataset, dry_run=False, use_transactions=True
    )
    if result.has_errors() or result.has_validation_errors():
        errors = [e.error for _, row_errors in result.row_errors() for e in row_errors][:3]
        invalid = [r.error for r in result.invalid_rows][:3]
        raise SystemExit(f"(b) failed: {errors or invalid}")
    return int(result.totals["new"])


def _load_floor(path: Path, programme: Programme, actor: User) -> int:
    rows: list[list[Any]] = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = {str(cell): i for i, cell in enumerate(rows[1])}
    keys = {c.key: header[c.thai] for c in COLUMNS}
    # by DOPA code; the younger by (province, district, name), the elder by (province, name)
    code: dict[object, str] = {}
    for t, name, district, province in Tambon.objects.values_list(
        "code", "name_th", "district__name_th", "district__province__name_th"
    ):
        code[t] = code[province, district, name] = code[province, name] = t
    sex = {"ชาย": "M", "หญิง": "F"}
    kind = {"ทางการ": "formal", "ไม่เป็นทางการ": "informal"}
    members, pairs = [], dict[str, str]()
    for r in rows[2:]:
        province, district = str(r[keys["province"]]), str(r[keys["district"]])
        younger = code.get(r[keys["younger"]]) or code[province, district, r[keys["younger"]]]
        pairs.setdefault(younger, code.get(r[keys["elder"]]) or code[province, r[keys["elder"]]])
        members.append(
            Member(
                programme_id=programme.pk,
                role=MemberRole.LEADER,
                tambon_id=younger,
                title=r[keys["title"]],
                first_name=r[keys["first_name"]],
                last_name=r[keys["last_name"]],
                national_id=str(r[keys["national_id"]]),
                sex=sex[r[keys["sex"]]],
                age=int(r[keys["age"]]),
                phone=str(r[keys["phone"]]),
                position=r[keys["position"]],
                leader_type=kind[r[keys["leader_type"]]],
            )
        )
    with transaction.atomic():
        Pair.objects.bulk_create(
            (Pair(programme_id=programme.pk, younger_id=y, elder_id=e) for y, e in pairs.items()),
            batch_size=2000,
        )
        pair_ids = dict(Pair.objects.filter(programme=programme).values_list("younger_id", "pk"))
        for member in members:
            member.pair_id = pair_ids[member.tambon_id]
        Member.objects.bulk_create(members, batch_size=2000)
    return len(members)


def _export(path: Path, programme: Programme, actor: User) -> int:
    with tempfile.TemporaryFile() as out:
        return int(export_register(actor=actor, programme=programme, out=out))


TASKS: dict[str, tuple[str, Callable[[Path, Programme, User], int]]] = {
    "a": (PROGRAMME, _load_phinong),
    "b": (PROGRAMME, _load_import_export),
    "c": (PROGRAMME, _load_floor),
    "export": (EXPORT, _export),
}


def child(task: str, path: Path) -> dict[str, float]:
    code, work = TASKS[task]
    programme, actor = Programme.objects.get(code=code), bench_user()
    start = time.perf_counter()
    rows = work(path, programme, actor)
    seconds = time.perf_counter() - start
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb()}


def peak_mb() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss: Linux carries that over an exec, so a
    child started by this (large) parent would report at least the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spawn(task: str, path: Path) -> dict[str, float]:
    connection.close()  # the child writes; SQLite wants no other connection holding a lock
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


# -- the whole benchmark (called by bench/__main__.py) ----------------------------------------------


def run(
    database: str, out_dir: Path, row: Callable[..., dict[str, object]]
) -> list[dict[str, object]]:
    actor = bench_user()
    bench, pairs = set_up(actor)
    full, subset = out_dir / "register-30k.xlsx", out_dir / f"register-{IE_ROWS // 1000}k.xlsx"
    write_register(full, pairs)
    write_register(subset, pairs[: IE_ROWS // PER_TAMBON])
    speed: dict[str, float] = {}
    timing: dict[str, dict[str, float]] = {}
    for way in WAYS:
        empty(bench)
        timing[way] = _spawn(way, subset if way == "b" else full)
        expected = IE_ROWS if way == "b" else len(pairs) * PER_TAMBON
        if timing[way]["rows"] != expected:
            raise SystemExit(f"({way}) loaded {timing[way]['rows']} rows, not {expected}")
        speed[way] = timing[way]["rows"] / timing[way]["seconds"]
        print(f"({way}) {WAYS[way]}: {speed[way]:,.0f} rows/s, {timing[way]}", file=sys.stderr)
    empty(bench)
    exported = _spawn("export", full)
    if exported["rows"] != EXPORT_ROWS:
        raise SystemExit(f"export wrote {exported['rows']} rows, not {EXPORT_ROWS}")
    print(f"export: {exported}", file=sys.stderr)
    a = timing["a"]
    checks = [
        ("register import a/b ratio", speed["a"] / speed["b"], "x", RATIO_B, "higher"),
        ("register import a/c ratio", speed["a"] / speed["c"], "x", RATIO_C, "higher"),
        ("register import (a) 30k seconds", a["seconds"], "s", IMPORT_SECONDS, "lower"),
        ("register import (a) peak MB", a["peak_mb"], "MB", PEAK_MB, "lower"),
        ("register export 110k seconds", exported["seconds"], "s", EXPORT_SECONDS, "lower"),
        ("register export peak MB", exported["peak_mb"], "MB", PEAK_MB, "lower"),
    ]
    return [
        row(
            f"register import ({way}) rows/s, {label} ({database})",
            round(speed[way]),
            "rows/s",
            None,
            True,
            better="higher",
        )
        for way, label in WAYS.items()
    ] + [
        row(
            f"{name} ({database})",
            round(value, 1 if unit == "MB" else 2),
            unit,
            target,
            value >= target if better == "higher" else value <= target,
            better=better,
        )
        for name, value, unit, target, better in checks
    ]
