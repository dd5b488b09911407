"""A write-up's history reads as Thai sentences, with the headings as labels."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation

from conftest import Cast, tambon
from phinong.accounts.models import User
from phinong.audit.selectors import events_for
from phinong.lessons import services
from phinong.lessons.models import Lesson
from phinong.lessons.tests.conftest import TEXT, picture
from phinong.programmes.models import Pair, Programme


def test_the_history_of_a_write_up_reads_in_thai(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    lesson = services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    lesson = services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=1,
        values={"results": "ลดรายจ่ายได้มากขึ้น"},
    )  # fmt: skip
    photo = services.add_photo(
        actor=cast.dist_a1, lesson=lesson, upload=picture(name="แปลง.jpg"), caption="ก"
    )
    services.set_caption(actor=cast.dist_a1, photo=photo, caption="ข")
    services.remove_photo(actor=cast.dist_a1, photo=photo)
    lesson = services.publish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)
    services.unpublish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)

    User.objects.update(first_name="สมปอง", last_name="ขยันดี")
    with translation.override("th"):
        html = render_to_string(
            "core/audit_log.html", {"events": events_for(Lesson.objects.get(), actor=cast.dept)}
        )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for sentence in ("เริ่มเขียนบทเรียน", "แก้ไขบทเรียน", "เพิ่มภาพถ่ายในบทเรียน", "เผยแพร่บทเรียน"):
        assert sentence in text
    assert "ความเป็นมา" in text and "ผลลัพธ์" in text and "คำบรรยายภาพ" in text
    assert "ร่าง → เผยแพร่แล้ว" in text
    latin = set(re.findall(r"[A-Za-z]+", text)) - {"jpg"}
    assert not latin, latin
