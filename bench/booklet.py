"""Issue 10, point 4: the booklet of a province's published lessons learned, as one PDF.

Set-up (once per benchmark database): programme BENCH-LESSONS with 80 target tambons of one
province (the one with the most tambons), each with a published write-up under all seven headings
(one or two paragraphs of the programme's vocabulary each, about two pages) and two photos of its own
(1600 px JPEGs, as uploads are stored). The rows are bulk-inserted: the set-up is not what is
measured.

Timed, in this process: reading the province's published write-ups and rendering the whole booklet
(cover, contents with Thai page numbers, a chapter per tambon with its photos). The photos'
print-size copies (lessons.photos.print_copy) are made beforehand, as an upload makes them.
Target: under 10 s.
The PDF is left in var/bench/booklet-80.pdf to look at.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from PIL import Image, ImageDraw

from phinong.geo.models import Province, Tambon
from phinong.lessons import booklet, photos, selectors
from phinong.lessons.headings import HEADINGS
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.programmes import services as programmes
from phinong.programmes.models import Programme, ProvinceQuota, TargetTambon

PROGRAMME, TAMBONS, PHOTOS, SECONDS = "BENCH-LESSONS", 80, 2, 10.0
WORDS = [
    "ธนาคารอาหารชุมชน",
    "ศูนย์แบ่งปัน",
    "โคก",
    "หนอง",
    "นา",
    "แปลงผักรวม",
    "ครัวเรือนเปราะบาง",
    "ผู้สูงอายุ",
    "ภาคีเครือข่าย",
    "วัด",
    "โรงเรียน",
    "องค์การบริหารส่วนตำบล",
    "ผู้นำการเปลี่ยนแปลง",
    "ตำบลบ้านพี่",
    "ความมั่นคงทางอาหาร",
    "ลดรายจ่าย",
    "เลี้ยงไก่ไข่",
    "เพาะเห็ด",
    "ปลูกผักสวนครัว",
    "กองทุนเมล็ดพันธุ์",
    "ชุดอาหาร",
    "ตลาดชุมชน",
    "น้ำหมักชีวภาพ",
    "บ่อเก็บน้ำ",
    "ประชุมประชาคม",
    "แผนชุมชน",
]


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 3)):
        words = rng.sample(WORDS, rng.randint(5, 8))
        sentences.append(
            "".join(words[:3]) + " " + " ".join(words[3:]) + f" {rng.randint(5, 500)} ครัวเรือน"
        )
    return " ".join(sentences)


def _photo(seed: int) -> str:
    """A 1600 x 1067 JPEG as a phone's photo is once stored (lessons.photos.STORED_SIDE): sky,
    fields and grain, about as many bytes as a real one."""
    rng = random.Random(seed)  # noqa: S311 - synthetic pictures
    image = Image.new("RGB", (1600, 1067), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    for row in range(10):
        top = 480 + row * 60
        draw.rectangle((0, top, 1600, top + 60), fill=(60 + rng.randint(0, 50), 150, 70))
    grain = Image.effect_noise((1600, 1067), 40).convert("RGB")
    image = Image.blend(image, grain, 0.25)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return default_storage.save(f"lessons/bench/bench-{seed}.jpg", ContentFile(out.getvalue()))


def _ready(programme: Programme | None) -> bool:
    if programme is None:
        return False
    stored = LessonPhoto.objects.filter(lesson__programme=programme)
    return (
        Lesson.objects.filter(programme=programme).count() == TAMBONS
        and stored.values("image").distinct().count() == PHOTOS * TAMBONS
    )


def set_up() -> Programme:
    programme = Programme.objects.filter(code=PROGRAMME).first()
    if _ready(programme):
        assert programme is not None  # noqa: S101 - for the type checker
        return programme
    from bench.register_io import bench_user

    actor = bench_user()
    province = (
        Province.objects.filter(in_cdd_scope=True)
        .annotate(n=Count("districts__tambons"))
        .order_by("-n", "code")
        .first()
    )
    assert province is not None  # noqa: S101 - the geography is loaded
    codes = list(
        Tambon.objects.filter(district__province=province)
        .order_by("code")
        .values_list("code", flat=True)[:TAMBONS]
    )
    rng = random.Random(10)  # noqa: S311 - synthetic data
    pictures = {
        code: [_photo(n * PHOTOS + i) for i in range(PHOTOS)] for n, code in enumerate(codes)
    }
    with transaction.atomic():
        programme = programme or programmes.create_programme(
            actor=actor,
            code=PROGRAMME,
            name="ข้อมูลจำลองสำหรับวัดความเร็ว เอกสารรวมบทเรียน",
            fiscal_year=2564,
            starts_on=dt.date(2021, 8, 1),
            ends_on=dt.date(2021, 9, 30),
        )
        Lesson.objects.filter(programme=programme).delete()
        ProvinceQuota.objects.get_or_create(
            programme=programme, province=province, defaults={"tambons": TAMBONS}
        )
        TargetTambon.objects.bulk_create(
            [TargetTambon(programme=programme, tambon_id=code) for code in codes],
            ignore_conflicts=True,
        )
        now = timezone.now()
        lessons = Lesson.objects.bulk_create(
            Lesson(
                programme=programme,
                tambon_id=code,
                status=LessonStatus.PUBLISHED,
                author=actor,
                published_by=actor,
                published_at=now,
                **{
                    h.key: "\n\n".join(_paragraph(rng) for _ in range(rng.randint(1, 2)))
                    for h in HEADINGS
                },
            )
            for code in codes
        )
        LessonPhoto.objects.bulk_create(
            LessonPhoto(
                lesson=lesson,
                image=name,
                content_type="image/jpeg",
                width=1600,
                height=1067,
                size=default_storage.size(name),
                caption=f"ภาพกิจกรรมที่ {i + 1}",
                uploaded_by=actor,
            )
            for lesson in lessons
            for i, name in enumerate(pictures[lesson.tambon_id])
        )
    return programme


def run(
    database: str, out_dir: Path, row: Callable[..., dict[str, object]]
) -> list[dict[str, object]]:
    programme = set_up()
    province_code = Lesson.objects.filter(programme=programme).values_list("tambon_id", flat=True)[
        0
    ][:2]
    province = Province.objects.get(code=province_code)
    for photo in LessonPhoto.objects.filter(lesson__programme=programme):
        photos.print_copy(photo)  # made at upload (lessons.services.add_photo); not timed
    start = time.perf_counter()
    lessons = list(selectors.published_in(programme, province.code))
    pdf = booklet.render_pdf(programme=programme, area=province, lessons=lessons)
    seconds = time.perf_counter() - start
    (out_dir / "booklet-80.pdf").write_bytes(pdf)
    if len(lessons) != TAMBONS:
        raise SystemExit(f"booklet: {len(lessons)} chapters, not {TAMBONS}")
    return [
        row(
            f"lessons booklet of {TAMBONS} tambons seconds ({database})",
            round(seconds, 2),
            "s",
            SECONDS,
            seconds <= SECONDS,
        )
    ]
