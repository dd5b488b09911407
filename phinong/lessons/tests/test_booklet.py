from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pypdf
import pytest
from PIL import Image

from conftest import Cast, client_for, tambon
from phinong.lessons import booklet, photos, selectors, services
from phinong.lessons.models import Lesson
from phinong.lessons.tests.conftest import TEXT, picture
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme


def publish(cast: Cast, programme: Programme, code: str, **values: str) -> Lesson:
    lesson = services.save_lesson(
        actor=cast.dist_a1,
        programme=programme,
        tambon=tambon(code),
        expected_version=0,
        values=values or TEXT,
    )
    return services.publish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)


def text_of(pdf: bytes) -> list[str]:
    # pypdf reads Sarabun's sara am as sara aa (decisions.md, known limit)
    return [
        page.extract_text().replace("า", "ำ") for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]


def loose(text: str) -> str:
    return text.replace("า", "ำ")


def test_the_booklet_has_a_cover_contents_and_a_chapter_per_tambon(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420103"), elder=tambon("420101")
    )
    first = publish(cast, phase2, "420102")
    services.add_photo(actor=cast.dist_a1, lesson=first, upload=picture(), caption="แปลงผัก 2564")
    publish(cast, phase2, "420103", recommendations="ขยายผลไปทุกหมู่บ้าน")
    lessons = list(selectors.published_in(phase2, "42"))

    pdf = booklet.render_pdf(
        programme=phase2, area=tambon("420102").district.province, lessons=lessons,
        today=dt.date(2021, 10, 1),
    )  # fmt: skip

    pages = text_of(pdf)
    assert pages[0].count("จังหวัดเลย") == 1 and loose("ถอดบทเรียน") in pages[0]
    assert loose("๑ ตุลาคม พ.ศ. ๒๕๖๔") in pages[0]
    assert loose("สารบัญ") in pages[1]
    assert loose("ตำบลเมือง") in pages[1] and loose("ตำบลนาอ้อ") in pages[1]
    assert "๓" in pages[1] and "๔" in pages[1]  # the chapters' page numbers, in Thai digits
    body = "\n".join(pages[2:])
    assert all(loose(h) in body for h in ("ความเป็นมา", "กระบวนการและขั้นตอน", "ผลลัพธ์"))
    assert loose("ข้อเสนอแนะ") in pages[2]  # นาอ้อ comes first
    assert loose("ปี ๒๕๖๔") in body and "2564" not in body  # Thai digits in the text too
    assert loose("แปลงผัก ๒๕๖๔") in body
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[3].images) == 1


def test_the_booklet_prints_published_lessons_only_and_is_scoped(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    url = f"/lessons/{phase2.pk}/areas/4201/booklet.pdf"
    services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values={"background": "ฉบับร่าง"},
    )  # fmt: skip
    assert client_for(cast.dist_a1).get(url).status_code == 302  # nothing published yet

    services.publish(actor=cast.prov_a, lesson=Lesson.objects.get(), expected_version=1)
    response = client_for(cast.dist_a1).get(url)

    assert response["Content-Type"] == "application/pdf"
    assert loose("ฉบับร่าง") in "\n".join(text_of(response.content))
    assert client_for(cast.dist_b1).get(url).status_code == 404


def test_photos_print_from_a_small_copy_made_once_and_removed_with_them(
    cast: Cast, phase2: Programme, pair_a1: Pair, django_capture_on_commit_callbacks: Any
) -> None:
    lesson = publish(cast, phase2, "420102")
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.add_photo(
            actor=cast.prov_a, lesson=lesson, upload=picture(size=(1600, 1200)), caption="แปลง"
        )
    storage = photo.image.storage
    name = photos.print_name(photo.image.name)
    assert storage.exists(name)  # made at upload
    with Image.open(storage.open(name)) as copy:
        assert max(copy.size) == photos.PRINT_SIDE and copy.format == "JPEG"

    pdf = booklet.render_booklet(programme=phase2, area=tambon("420102").district)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert photos.print_copy(photo) == name  # kept, not made again

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(actor=cast.prov_a, photo=photo, expected_version=photo.version)
    assert not storage.exists(name) and not storage.exists(photo.image.name)


def test_an_area_with_nothing_published_has_no_booklet(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    with pytest.raises(booklet.NothingPublished):
        booklet.render_booklet(programme=phase2, area=tambon("420102").district)
