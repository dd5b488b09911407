from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from conftest import Cast, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.lessons import photos, services
from phinong.lessons.headings import HEADINGS
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.lessons.tests.conftest import TEXT, picture
from phinong.programmes.models import Pair, Programme
from phinong.search.models import SearchEntry


def entries(lesson: Lesson) -> list[SearchEntry]:
    return list(SearchEntry.objects.filter(kind="lesson", key=str(lesson.pk)).order_by("position"))


def test_the_seven_headings_are_spelled_and_ordered_as_the_circular_says() -> None:
    assert [h.thai for h in HEADINGS] == [
        "ความเป็นมา",
        "กระบวนการและขั้นตอน",
        "ผลลัพธ์",
        "ปัจจัยความสำเร็จ",
        "ปัญหาและอุปสรรค",
        "แนวทางแก้ไข",
        "ข้อเสนอแนะ",
    ]


def test_a_district_writes_a_draft_that_is_audited_and_indexed(cast: Cast, lesson: Lesson) -> None:
    assert lesson.status == LessonStatus.DRAFT
    assert lesson.author == cast.dist_a1
    assert lesson.version == 1
    assert [e.heading for e in entries(lesson)] == ["ความเป็นมา", "กระบวนการและขั้นตอน", "ผลลัพธ์"]
    assert entries(lesson)[0].area_code == "420102"
    assert "ตำบลเมือง" in entries(lesson)[0].title
    assert AuditEvent.objects.filter(action="lesson.create", object_id=str(lesson.pk)).exists()


def test_an_edit_bumps_the_version_and_reindexes(
    cast: Cast, phase2: Programme, lesson: Lesson
) -> None:
    saved = services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=1,
        values={"results": "", "recommendations": "ขยายผลศูนย์แบ่งปัน"},
    )

    assert saved.version == 2
    assert saved.background == TEXT["background"]
    assert [e.heading for e in entries(saved)] == [
        "ความเป็นมา",
        "กระบวนการและขั้นตอน",
        "ข้อเสนอแนะ",
    ]
    event = AuditEvent.objects.get(action="lesson.update")
    assert set(event.changes) == {"results", "recommendations"}


def test_it_refuses_a_stale_version_and_writes_nothing(
    cast: Cast, phase2: Programme, lesson: Lesson
) -> None:
    services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=1,
        values={"background": "ฉบับของคนแรก"},
    )

    with pytest.raises(ConflictError) as caught:
        services.save_lesson(
            actor=cast.leader_a1,
            programme=phase2,
            tambon=tambon("420102"),
            expected_version=1,
            values={"background": "ฉบับของคนที่สอง"},
        )
    assert caught.value.current.background == "ฉบับของคนแรก"
    assert Lesson.objects.get().background == "ฉบับของคนแรก"


def test_a_second_first_save_is_a_conflict_too(
    cast: Cast, phase2: Programme, lesson: Lesson
) -> None:
    with pytest.raises(ConflictError):
        services.save_lesson(
            actor=cast.dist_a1,
            programme=phase2,
            tambon=tambon("420102"),
            expected_version=0,
            values={"background": "อีกฉบับ"},
        )


def test_it_refuses_a_tambon_outside_the_area(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair
) -> None:
    with pytest.raises(Http404):
        services.save_lesson(
            actor=cast.dist_a1,
            programme=phase2,
            tambon=tambon("450102"),
            expected_version=0,
            values=TEXT,
        )


def test_it_refuses_a_tambon_not_in_the_programme(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    with pytest.raises(ValidationError):
        services.save_lesson(
            actor=cast.dist_a1,
            programme=phase2,
            tambon=tambon("420103"),
            expected_version=0,
            values=TEXT,
        )


def test_it_refuses_a_read_only_role(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    with pytest.raises(PermissionDenied):
        services.save_lesson(
            actor=cast.viewer,
            programme=phase2,
            tambon=tambon("420102"),
            expected_version=0,
            values=TEXT,
        )


def test_a_tambon_leader_edits_their_draft_but_not_once_published(
    cast: Cast, phase2: Programme, lesson: Lesson
) -> None:
    lesson = services.save_lesson(
        actor=cast.leader_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=1,
        values={"solutions": "แบ่งงานให้ชัด"},
    )
    lesson = services.publish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)

    with pytest.raises(PermissionDenied):
        services.save_lesson(
            actor=cast.leader_a1,
            programme=phase2,
            tambon=tambon("420102"),
            expected_version=lesson.version,
            values={"solutions": "แก้หลังเผยแพร่"},
        )
    # the district may still correct it
    services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=lesson.version,
        values={"solutions": "แก้คำผิด"},
    )


def test_only_the_province_or_the_department_publishes(cast: Cast, lesson: Lesson) -> None:
    for actor in (cast.dist_a1, cast.leader_a1, cast.viewer):
        with pytest.raises(PermissionDenied):
            services.publish(actor=actor, lesson=lesson, expected_version=lesson.version)
    with pytest.raises(Http404):
        services.publish(actor=cast.prov_b, lesson=lesson, expected_version=lesson.version)

    published = services.publish(actor=cast.prov_a, lesson=lesson, expected_version=1)

    assert published.status == LessonStatus.PUBLISHED
    assert published.published_by == cast.prov_a
    assert published.version == 2
    draft = services.unpublish(actor=cast.dept, lesson=published, expected_version=2)
    assert draft.status == LessonStatus.DRAFT and draft.published_at is None
    assert list(
        AuditEvent.objects.filter(action__startswith="lesson.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["lesson.create", "lesson.publish", "lesson.unpublish"]


def test_it_refuses_to_publish_a_stale_or_an_empty_write_up(
    cast: Cast, phase2: Programme, lesson: Lesson
) -> None:
    with pytest.raises(ConflictError):
        services.publish(actor=cast.prov_a, lesson=lesson, expected_version=0)
    empty = services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=1,
        values=dict.fromkeys(TEXT, ""),
    )
    with pytest.raises(ValidationError):
        services.publish(actor=cast.prov_a, lesson=empty, expected_version=empty.version)


def test_deleting_a_write_up_removes_it_from_the_index(cast: Cast, lesson: Lesson) -> None:
    services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")
    services.delete_lesson(actor=cast.dist_a1, lesson=lesson)

    assert not Lesson.objects.exists()
    assert not entries(lesson)
    assert AuditEvent.objects.filter(action="lesson.delete").exists()


def test_a_delete_of_a_version_no_longer_current_is_refused(cast: Cast, lesson: Lesson) -> None:
    services.save_lesson(
        actor=cast.prov_a, programme=lesson.programme, tambon=lesson.tambon,
        expected_version=lesson.version, values={"results": "เพิ่มเติม"},
    )  # fmt: skip

    with pytest.raises(ConflictError):
        services.delete_lesson(actor=cast.dist_a1, lesson=lesson, expected_version=1)

    assert Lesson.objects.exists() and entries(lesson)
    services.delete_lesson(actor=cast.dist_a1, lesson=lesson, expected_version=2)
    assert not Lesson.objects.exists()


def test_text_is_stored_tidy() -> None:
    assert services.clean_section("  ย่อหน้า  แรก \r\n\r\n\r\n ย่อหน้าที่สอง\n") == (
        "ย่อหน้า แรก\n\nย่อหน้าที่สอง"
    )


# -- photos -------------------------------------------------------------------------------------


def test_a_photo_is_reencoded_upright_without_its_metadata(cast: Cast, lesson: Lesson) -> None:
    photo = services.add_photo(
        actor=cast.dist_a1, lesson=lesson, upload=picture(exif=True), caption=" แปลง  โคก หนอง นา "
    )

    assert photo.caption == "แปลง โคก หนอง นา"
    assert photo.content_type == "image/jpeg"
    with photo.image.open("rb") as file, Image.open(file) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (600, 800)  # turned upright by its EXIF orientation
        assert not stored.getexif()
    assert AuditEvent.objects.filter(action="lesson.photo").exists()


def test_a_large_png_is_scaled_down_and_stays_a_png(cast: Cast, lesson: Lesson) -> None:
    photo = services.add_photo(
        actor=cast.dist_a1, lesson=lesson, upload=picture("PNG", (3200, 1600)), caption=""
    )

    assert (photo.content_type, photo.width, photo.height) == ("image/png", 1600, 800)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo"),
        SimpleUploadedFile("photo.gif", b"GIF89a" + b"\x00" * 100),
        SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),  # a truncated JPEG
    ],
)
def test_it_refuses_what_is_not_a_photo(
    cast: Cast, lesson: Lesson, upload: SimpleUploadedFile
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=upload, caption="")
    assert "image" in caught.value.message_dict
    assert not lesson.photos.exists()


def test_it_refuses_a_photo_declaring_huge_sides_before_decoding_it(
    cast: Cast, lesson: Lesson
) -> None:
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")  # small file, huge image
    with pytest.raises(ValidationError):
        services.add_photo(
            actor=cast.dist_a1,
            lesson=lesson,
            upload=SimpleUploadedFile("bomb.png", out.getvalue()),
            caption="",
        )


def test_it_refuses_a_photo_too_many(
    cast: Cast, lesson: Lesson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "MAX_PHOTOS", 1)
    services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")
    with pytest.raises(ValidationError):
        services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")


def test_it_refuses_a_photo_too_big(
    cast: Cast, lesson: Lesson, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photos, "LIMITS", dataclasses.replace(photos.LIMITS, max_bytes=100))
    with pytest.raises(ValidationError, match="image"):
        services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")


def test_a_caption_change_and_a_removal_are_audited(cast: Cast, lesson: Lesson) -> None:
    photo = services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="ก")
    services.set_caption(actor=cast.dist_a1, photo=photo, caption="ข")
    services.remove_photo(actor=cast.dist_a1, photo=photo)

    assert not lesson.photos.exists()
    assert (
        AuditEvent.objects.filter(
            action__in=["lesson.photo.caption", "lesson.photo.remove"]
        ).count()
        == 2
    )


def test_a_caption_edit_is_versioned_against_lost_updates(cast: Cast, lesson: Lesson) -> None:
    photo = services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="ก")
    services.set_caption(actor=cast.dist_a1, photo=photo, caption="ข", expected_version=1)

    with pytest.raises(ConflictError) as stale:
        services.set_caption(actor=cast.prov_a, photo=photo, caption="ค", expected_version=1)
    with pytest.raises(ConflictError):
        services.remove_photo(actor=cast.prov_a, photo=photo, expected_version=1)

    assert stale.value.current.caption == "ข"
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("ข", 2)
    with pytest.raises(ValidationError, match="caption"):
        services.set_caption(actor=cast.dist_a1, photo=photo, caption="ก" * 301, expected_version=2)


def test_a_caption_outside_the_area_is_refused(cast: Cast, lesson: Lesson) -> None:
    photo = services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="ก")

    with pytest.raises((Http404, PermissionDenied)):
        services.set_caption(actor=cast.dist_b1, photo=photo, caption="ข", expected_version=1)
    with pytest.raises((Http404, PermissionDenied)):
        services.remove_photo(actor=cast.dist_b1, photo=photo, expected_version=1)
    assert LessonPhoto.objects.get().caption == "ก"


def test_the_rebuild_command_replays_every_write_up(lesson: Lesson) -> None:
    from phinong.search import index

    before = [(e.heading, e.text, e.url) for e in entries(lesson)]
    assert "lesson" in index.registered_kinds()

    index.rebuild(["lesson"])

    assert [(e.heading, e.text, e.url) for e in entries(lesson)] == before
