"""/api/v1 lessons learned: list, read, write with If-Match, publish, delete, photos (added,\ncaptioned, removed); scoped."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import Cast, tambon
from phinong.api.tests.clients import API, Api, is_problem
from phinong.audit.models import AuditEvent
from phinong.lessons import services as lesson_services
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.programmes.models import Pair


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 60)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def theirs(cast: Cast, pair_b1: Pair) -> Lesson:
    return lesson_services.save_lesson(
        actor=cast.dist_b1,
        programme=pair_b1.programme,
        tambon=tambon("450102"),
        expected_version=0,
        values={"background": "ร้อยเอ็ด"},
    )


def test_a_district_writes_then_the_province_publishes(
    cast: Cast, pair_a1: Pair, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    url = f"/programmes/{pair_a1.programme_id}/lessons"
    created = api.post(url, {"tambon": "420102", "background": "ชุมชนเกษตร  ริมน้ำ"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["background"] == "ชุมชนเกษตร ริมน้ำ" and body["written"] == ["background"]
    assert body["status"] == "draft" and body["version"] == 1
    path = f"/lessons/{body['id']}"
    etag = api.etag(path)
    change = {"results": "ลดรายจ่ายครัวเรือน"}
    assert is_problem(api.put(path, change), 428)
    assert is_problem(api.put(path, change, etag=f'"lessons.lesson.{body["id"]}.9"'), 412)
    saved = api.put(path, change, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["background"] == "ชุมชนเกษตร ริมน้ำ"  # a heading left out stays
    assert saved.json()["results"] == "ลดรายจ่ายครัวเรือน"
    assert is_problem(api.put(path, {"results": "ทับ"}, etag=etag), 412)
    again = api.post(url, {"tambon": "420102"})
    assert is_problem(again, 400) and "tambon" in again.json()["errors"]
    assert is_problem(api.post(f"{path}/publish", etag=saved["ETag"]), 403)  # a district

    province = Api(cast.prov_a)
    assert is_problem(province.post(f"{path}/publish"), 428)
    published = province.post(f"{path}/publish", etag=province.etag(path))
    assert published.status_code == 200, published.content
    assert published.json()["status"] == LessonStatus.PUBLISHED
    with django_assert_max_num_queries(8):
        listed = province.get(url, area="4201", status="published").json()
    assert [row["id"] for row in listed["items"]] == [body["id"]] and listed["count"] == 1
    assert province.get(url, status="draft").json()["count"] == 0
    channels = set(
        AuditEvent.objects.filter(object_type="lessons.lesson").values_list("channel", flat=True)
    )
    assert channels == {"api"}


def test_a_tambon_leader_may_not_change_a_published_write_up(cast: Cast, pair_a1: Pair) -> None:
    lesson = lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "เดิม"},
    )
    leader = Api(cast.leader_a1)
    path = f"/lessons/{lesson.pk}"
    assert leader.put(path, {"process": "ขั้นตอน"}, etag=leader.etag(path)).status_code == 200
    province = Api(cast.prov_a)
    assert province.post(f"{path}/publish", etag=province.etag(path)).status_code == 200
    assert is_problem(leader.put(path, {"process": "แก้"}, etag=leader.etag(path)), 403)
    assert is_problem(leader.delete(path, etag=leader.etag(path)), 403)
    back = province.post(f"{path}/unpublish", {"reason": "แก้คำผิด"}, etag=province.etag(path))
    assert back.status_code == 200 and back.json()["status"] == "draft"


def test_a_write_up_is_deleted_with_if_match(cast: Cast, pair_a1: Pair) -> None:
    lesson = lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ลบ"},
    )
    api = Api(cast.dist_a1)
    path = f"/lessons/{lesson.pk}"
    assert is_problem(api.delete(path), 428)
    assert is_problem(api.delete(path, etag='"stale"'), 412)
    assert is_problem(Api(cast.viewer).delete(path, etag="*"), 403)
    assert api.delete(path, etag=api.etag(path)).status_code == 204
    assert not Lesson.objects.exists()
    assert AuditEvent.objects.get(action="lesson.delete").channel == "api"


def test_photos_are_listed_and_added_with_the_web_checks(cast: Cast, pair_a1: Pair) -> None:
    lesson = lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ภาพ"},
    )
    api = Api(cast.dist_a1)
    url = f"{API}/lessons/{lesson.pk}/photos"
    added = api.client.post(
        url, {"image": SimpleUploadedFile("a.png", png()), "caption": "ประชุม  หมู่บ้าน"}
    )
    assert added.status_code == 201, added.content
    assert added.json()["caption"] == "ประชุม หมู่บ้าน" and added.json()["width"] == 120
    html = SimpleUploadedFile("b.png", b"<html><script>alert(1)</script></html>")
    refused = api.client.post(url, {"image": html})
    assert is_problem(refused, 400) and "image" in refused.json()["errors"]
    assert is_problem(api.client.post(url, {}), 400)
    listed = api.get(f"/lessons/{lesson.pk}/photos").json()
    assert listed["count"] == 1 and listed["items"][0]["url"].startswith("/")
    assert LessonPhoto.objects.count() == 1


def _photo(actor: Any, pair: Pair, code: str) -> LessonPhoto:
    lesson = Lesson.objects.filter(programme=pair.programme, tambon_id=code).first()
    if lesson is None:
        lesson = lesson_services.save_lesson(
            actor=actor,
            programme=pair.programme,
            tambon=tambon(code),
            expected_version=0,
            values={"background": "ภาพ"},
        )
    upload = SimpleUploadedFile("a.png", png(), content_type="image/png")
    return lesson_services.add_photo(actor=actor, lesson=lesson, upload=upload, caption="เดิม")


def test_a_photo_caption_is_changed_and_the_photo_removed_with_if_match(
    cast: Cast, pair_a1: Pair
) -> None:
    photo = _photo(cast.dist_a1, pair_a1, "420102")
    api = Api(cast.dist_a1)
    path = f"/lessons/photos/{photo.pk}"
    etag = api.etag(path)
    assert etag == f'"lessons.lessonphoto.{photo.pk}.1"'

    assert is_problem(api.put(path, {"caption": "ใหม่"}), 428)
    assert is_problem(
        api.put(path, {"caption": "ใหม่"}, etag=f'"lessons.lessonphoto.{photo.pk}.9"'), 412
    )
    saved = api.put(path, {"caption": "ประชุม  ประจำเดือน"}, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["caption"] == "ประชุม ประจำเดือน" and saved.json()["version"] == 2
    assert saved["ETag"] == f'"lessons.lessonphoto.{photo.pk}.2"'
    assert is_problem(api.put(path, {"caption": "ทับ"}, etag=etag), 412)  # read before the change
    too_long = api.put(path, {"caption": "ก" * 301}, etag=saved["ETag"])
    assert is_problem(too_long, 422) and "caption" in too_long.json()["errors"]
    assert LessonPhoto.objects.get(pk=photo.pk).caption == "ประชุม ประจำเดือน"
    event = AuditEvent.objects.get(action="lesson.photo.caption")
    assert event.channel == "api"

    assert is_problem(api.delete(path), 428)
    assert is_problem(api.delete(path, etag=etag), 412)
    assert api.delete(path, etag=saved["ETag"]).status_code == 204
    assert not LessonPhoto.objects.filter(pk=photo.pk).exists()
    assert AuditEvent.objects.get(action="lesson.photo.remove").channel == "api"
    assert is_problem(api.get(path), 404)


def test_a_read_only_role_may_not_change_or_remove_a_photo(cast: Cast, pair_a1: Pair) -> None:
    photo = _photo(cast.dist_a1, pair_a1, "420102")
    path = f"/lessons/photos/{photo.pk}"
    viewer = Api(cast.viewer)
    assert viewer.get(path).status_code == 200
    assert is_problem(viewer.put(path, {"caption": "ใหม่"}, etag="*"), 403)
    assert is_problem(viewer.delete(path, etag="*"), 403)
    assert LessonPhoto.objects.get(pk=photo.pk).caption == "เดิม"


@pytest.mark.parametrize("who", ["dist_a1", "dist_a2", "prov_a"])
def test_a_photo_outside_the_area_is_404(cast: Cast, pair_b1: Pair, who: str) -> None:
    photo = _photo(cast.dist_b1, pair_b1, "450102")
    api = Api(getattr(cast, who))
    path = f"/lessons/photos/{photo.pk}"
    assert is_problem(api.get(path), 404)
    assert is_problem(api.put(path, {"caption": "ใหม่"}, etag="*"), 404)
    assert is_problem(api.delete(path, etag="*"), 404)
    assert LessonPhoto.objects.get(pk=photo.pk).caption == "เดิม"


def test_lessons_outside_the_area_are_404(cast: Cast, pair_a1: Pair, theirs: Lesson) -> None:
    api = Api(cast.dist_a1)
    path = f"/lessons/{theirs.pk}"
    assert is_problem(api.get(path), 404)
    assert is_problem(api.put(path, {"background": "x"}, etag="*"), 404)
    assert is_problem(api.delete(path, etag="*"), 404)
    assert is_problem(api.get(f"{path}/photos"), 404)
    assert is_problem(Api(cast.prov_a).post(f"{path}/publish", etag="*"), 404)
    programme = pair_a1.programme_id
    assert is_problem(api.post(f"/programmes/{programme}/lessons", {"tambon": "450102"}), 404)
    assert is_problem(api.get(f"/programmes/{programme}/lessons", area="45"), 404)
    assert api.get(f"/programmes/{programme}/lessons").json()["count"] == 0
    assert Lesson.objects.get(pk=theirs.pk).background == "ร้อยเอ็ด"


def test_a_heading_over_the_limit_is_named(cast: Cast, pair_a1: Pair) -> None:
    api = Api(cast.dist_a1)
    too_long = api.post(
        f"/programmes/{pair_a1.programme_id}/lessons",
        {"tambon": "420102", "problems": "ก" * 20_001},
    )
    assert is_problem(too_long, 422) and "problems" in too_long.json()["errors"]
    assert not Lesson.objects.exists()
