"""Issue 10: Thai full-text search of lessons learned, speed and quality.

Set-up (once per benchmark database): 10,000 write-ups of realistic Thai text, seven headings each
(70,000 index entries), built from a vocabulary of the programme's domain (food security, farming,
โคก หนอง นา, sharing centres, partners, ธนาคารอาหาร ...), indexed under kind "lesson" straight into
the search index (phinong.search.index.bulk_index) and spread over the tambons of the country.

Timed: searches as the search box runs them, over a list of domain queries, as the department
(the whole index) and as a province officer: the p95 of the lesson search with the highlighted
snippets of the first page /search/ shows (target < 50 ms), and of the whole search box (areas,
leaders and lessons).

Quality: the labelled set (phinong/search/tests/data/labelled.json) indexed under a kind of its own:
precision and recall of Phinong's search, of LIKE and of the database's built-in full text, side by
side. Targets: precision 1.0 on the queries where LIKE finds false matches, recall >= 0.95.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from phinong.accounts.models import Role, User
from phinong.geo.models import Tambon
from phinong.programmes.models import Programme
from phinong.search import index, quality
from phinong.search.models import SearchEntry
from phinong.search.selectors import LESSON_LIMIT, LESSON_PAGE, search_for

WRITE_UPS = 10_000
P95_TARGET_MS = 50.0
PRECISION_TARGET, RECALL_TARGET = 1.0, 0.95
RUNS = 3

HEADINGS = (
    "ความเป็นมา",
    "กระบวนการและขั้นตอน",
    "ผลลัพธ์",
    "ปัจจัยความสำเร็จ",
    "ปัญหาและอุปสรรค",
    "แนวทางแก้ไข",
    "ข้อเสนอแนะ",
)
WHO = (
    "ผู้นำการเปลี่ยนแปลง",
    "กลุ่มแม่บ้าน",
    "ผู้นำรุ่นพี่",
    "ผู้นำรุ่นน้อง",
    "ชาวบ้าน",
    "เกษตรกร",
    "คณะกรรมการหมู่บ้าน",
    "กลุ่มเยาวชน",
    "อาสาสมัครสาธารณสุข",
    "ผู้สูงอายุ",
    "ครัวเรือนยากจน",
    "สมาชิกกลุ่มออมทรัพย์",
    "นักเรียน",
    "พัฒนากรประจำตำบล",
    "ผู้ใหญ่บ้าน",
)
DOES = (
    "ร่วมกันจัดตั้ง",
    "ขยายผล",
    "ส่งเสริม",
    "ทดลองทำ",
    "เรียนรู้เรื่อง",
    "ดูแล",
    "วางแผน",
    "ระดมทุนเพื่อ",
    "ถ่ายทอดความรู้เรื่อง",
    "ประชุมหารือเรื่อง",
    "สำรวจความต้องการ",
    "แบ่งปันผลผลิตจาก",
    "ปรับปรุง",
    "บันทึกข้อมูล",
    "ติดตามผล",
)
WHAT = (
    "ธนาคารอาหารชุมชน",
    "ศูนย์แบ่งปันประจำตำบล",
    "แปลงโคก หนอง นา",
    "การปลูกผักสวนครัว",
    "การเลี้ยงไก่ไข่",
    "การเลี้ยงปลานิลในบ่อดิน",
    "การทำปุ๋ยหมักชีวภาพ",
    "การทำน้ำหมัก",
    "ตลาดชุมชน",
    "กลุ่มออมทรัพย์เพื่อการผลิต",
    "การเพาะเห็ดนางฟ้า",
    "ธนาคารเมล็ดพันธุ์",
    "การปลูกสมุนไพรพื้นบ้าน",
    "ป่าชุมชน",
    "การแปรรูปข้าวกล้อง",
    "ครัวกลางของหมู่บ้าน",
    "การเลี้ยงหมูหลุม",
    "ความมั่นคงทางอาหาร",
    "การทำนาแบบลดต้นทุน",
    "ธนาคารปูม้า",
    "วิสาหกิจชุมชน",
    "ระบบน้ำหยดในแปลงผัก",
    "การเก็บน้ำฝน",
    "การปลูกผักปลอดสารพิษ",
)
WITH = (
    "โดยได้รับการสนับสนุนจากองค์การบริหารส่วนตำบล",
    "ร่วมกับโรงพยาบาลส่งเสริมสุขภาพตำบล",
    "ร่วมกับภาคีเครือข่ายภาคเอกชน",
    "ด้วยงบประมาณจากกรมการพัฒนาชุมชน",
    "ร่วมกับโรงเรียนในพื้นที่",
    "ตามหลักปรัชญาของเศรษฐกิจพอเพียง",
    "ร่วมกับสำนักงานเกษตรอำเภอ",
    "โดยใช้ทุนของชุมชนเอง",
    "ร่วมกับวัดและผู้นำศาสนา",
    "ภายใต้การดูแลของพี่เลี้ยงจากตำบลแม่ข่าย",
)
RESULT = (
    "ทำให้ครัวเรือนมีอาหารพอกินตลอดปี",
    "ช่วยลดรายจ่ายได้เดือนละ {n} บาท",
    "มีครัวเรือนเข้าร่วม {n} ครัวเรือน",
    "แต่ยังขาดแคลนน้ำในฤดูแล้ง",
    "แต่สมาชิกบางส่วนไม่มีเวลาเข้าร่วมเพราะต้องเดินทางไปทำงานต่างจังหวัด",
    "ซึ่งต้องใช้เวลานานกว่าจะเห็นผล",
    "ทำให้ชุมชนมีรายได้เพิ่มขึ้น",
    "และควรขยายผลไปยังหมู่บ้านอื่น",
    "โดยมีการฝากเงินกับธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
    "และได้รับรางวัลระดับจังหวัด",
    "แต่ราคาปุ๋ยเคมีและอาหารสัตว์สูงขึ้น",
    "จนเกิดภัยแล้งติดต่อกันสองปี",
)
QUERIES = (
    "ธนาคารอาหาร",
    "โคก หนอง นา",
    "ศูนย์แบ่งปัน",
    "นา",
    "ผัก",
    "ปุ๋ยหมัก",
    "ไก่ไข่",
    "ปลา",
    "ภาคีเครือข่าย",
    "ความมั่นคงทางอาหาร",
    '"ธนาคารเมล็ดพันธุ์"',
    "ป่าชุมชน ผู้สูงอายุ",
    "หมู",
    "เศรษฐกิจพอเพียง",
    "ภัยแล้ง",
    "สมุนไพร",
    "ตลาดชุมชน",
    "วิสาหกิจชุมชน",
    "เห็ด",
    "น้ำหยด",
    "ครัวกลาง",
    "องค์การบริหารส่วนตำบล",
    "รางวัล",
    "ข้าวกล้อง",
)


def _sentence(rng: random.Random) -> str:
    result = rng.choice(RESULT).format(n=rng.randint(5, 300))
    return f"{rng.choice(WHO)}{rng.choice(DOES)}{rng.choice(WHAT)} {rng.choice(WITH)} {result}"


def write_ups(tambons: list[str], programmes: list[int]) -> Iterator[index.DocumentRow]:
    rng = random.Random(10)  # noqa: S311 - test data, not secrets
    for n in range(WRITE_UPS):
        code = tambons[n % len(tambons)]
        entries = [
            index.Entry(
                heading=heading,
                title=f"บันทึกทดสอบ {n}",
                text=" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))),
                url=f"/lessons/bench/{n}/",
            )
            for heading in HEADINGS
        ]
        yield f"bench-{n}", programmes[n % len(programmes)], code, entries


def set_up() -> None:
    if SearchEntry.objects.filter(kind="lesson", key__startswith="bench-").count() >= WRITE_UPS:
        return
    SearchEntry.objects.filter(kind="lesson", key__startswith="bench-").delete()
    tambons = list(Tambon.objects.order_by("code").values_list("code", flat=True)[:4000])
    programmes = list(Programme.objects.values_list("pk", flat=True)) or [0]
    start = time.perf_counter()
    count = index.bulk_index("lesson", write_ups(tambons, programmes))
    index.tidy_after_bulk_load()  # as autovacuum would after a load this size
    print(f"search: indexed {count} write-ups in {time.perf_counter() - start:.1f} s")


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def _time(fn: Callable[[str], object]) -> float:
    """p95 over RUNS passes of QUERIES, after one pass to warm up (the word dictionary, caches)."""
    for q in QUERIES:
        fn(q)
    timings = []
    for _ in range(RUNS):
        for q in QUERIES:
            start = time.perf_counter()
            fn(q)
            timings.append((time.perf_counter() - start) * 1000)
    return round(_p95(timings), 1)


def _lessons(query: str, *, scope_code: str) -> object:
    """The lesson hits of a query, with the snippets of the first page, as /search/ shows them."""
    hits = index.search_entries(query, scope_code=scope_code, limit=LESSON_LIMIT)
    return [hit.snippet for hit in hits[:LESSON_PAGE]]


def _box(query: str, *, actor: User) -> object:
    results = search_for(actor=actor, query=query)
    return [
        hit.snippet for hit in [*results.areas, *results.leaders, *results.lessons[:LESSON_PAGE]]
    ]


def run(database: str, out: Path, row: Callable[..., dict[str, object]]) -> list[dict[str, object]]:
    set_up()
    results = []
    dept = User.objects.filter(role=Role.DEPT_ADMIN, is_active=True).order_by("pk").first()
    province = User.objects.filter(role=Role.PROVINCE, is_active=True).order_by("pk").first()
    for label, user in (("department", dept), ("province", province)):
        if user is None:
            continue
        code = "" if user.role == Role.DEPT_ADMIN else user.area_code
        lessons = _time(partial(_lessons, scope_code=code))
        results.append(
            row(
                f"search lessons p95, {label} ({database})",
                lessons,
                "ms",
                P95_TARGET_MS,
                lessons <= P95_TARGET_MS,
            )
        )
        box = _time(partial(_box, actor=user))
        results.append(row(f"search box p95, {label} ({database})", box, "ms", None, True))
    data = quality.load()
    quality.index_documents(data)
    scores = quality.evaluate(data)
    print(
        f"search quality on {len(data['queries'])} labelled queries, {len(data['documents'])} documents:"
    )
    print(f"  {'method':<12} {'precision':>9} {'recall':>7} {'precision on LIKE traps':>24}")
    for name, s in scores.items():
        print(f"  {name:<12} {s.precision:>9} {s.recall:>7} {s.precision_like_traps:>24}")
    for name, s in scores.items():
        mine = name == "phinong"
        results.append(
            row(
                f"search precision, LIKE-trap queries, {name} ({database})",
                s.precision_like_traps,
                "",
                PRECISION_TARGET if mine else None,
                s.precision_like_traps >= PRECISION_TARGET or not mine,
                "higher",
            )
        )
        results.append(
            row(
                f"search recall, {name} ({database})",
                s.recall,
                "",
                RECALL_TARGET if mine else None,
                s.recall >= RECALL_TARGET or not mine,
                "higher",
            )
        )
        results.append(
            row(f"search precision, {name} ({database})", s.precision, "", None, True, "higher")
        )
    quality.index.clear_kind(quality.KIND)
    return results
