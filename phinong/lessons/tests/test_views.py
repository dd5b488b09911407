from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, client_for, tambon
from phinong.audit.models import AuditEvent
from phinong.lessons import services
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.lessons.tests.conftest import TEXT, picture
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.search.models import SearchEntry


def page(programme: Programme, code: str = "420102") -> str:
    return f"/lessons/{programme.pk}/tambons/{code}/"


def form_data(version: int, **values: str) -> dict[str, str]:
    return {"version": str(version)} | dict.fromkeys(TEXT, "") | values


def test_a_district_writes_the_lesson_on_its_page(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_a1)
    assert client.get(page(phase2)).status_code == 200

    response = client.post(page(phase2), form_data(0, background="เริ่มจากธนาคารอาหาร"))

    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.background, lesson.author, lesson.version) == (
        "เริ่มจากธนาคารอาหาร",
        cast.dist_a1,
        1,
    )
    html = client.get(page(phase2)).content.decode()
    assert "เริ่มจากธนาคารอาหาร" in html
    assert 'id="photo-form"' in html


def test_a_stale_save_shows_both_versions_and_keeps_theirs(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    lesson = services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ฉบับเดิม"},
    )
    services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=lesson.version,
        values={"background": "ฉบับของเพื่อน"},
    )

    response = client_for(cast.leader_a1).post(page(phase2), form_data(1, background="ฉบับของฉัน"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="conflict"' in html
    assert "ฉบับของเพื่อน" in html and "ฉบับของฉัน" in html
    assert Lesson.objects.get().background == "ฉบับของเพื่อน"
    assert 'name="version" value="2"' in html  # the next save is checked against theirs


@pytest.mark.parametrize(
    "url",
    [
        "/lessons/{pk}/tambons/420102/",
        "/lessons/{pk}/areas/4201/",
        "/lessons/{pk}/areas/42/",
        "/lessons/{pk}/areas/42/booklet.pdf",
        "/lessons/photos/{photo}/",
    ],
)
def test_outside_the_area_is_404(
    cast: Cast, phase2: Programme, pair_a1: Pair, url: str, settings: object
) -> None:
    lesson = services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values=TEXT,
    )
    photo = services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")
    url = url.format(pk=phase2.pk, photo=photo.pk)

    assert client_for(cast.dist_b1).get(url).status_code == 404
    assert client_for(cast.prov_b).get(url).status_code == 404
    assert client_for(cast.prov_a).get(url).status_code in (200, 302)


def test_outside_the_area_writes_are_404(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    lesson = services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    outsider = client_for(cast.prov_b)

    assert outsider.post(page(phase2), form_data(1, background="x")).status_code == 404
    assert outsider.post(page(phase2) + "publish/", {"version": "1"}).status_code == 404
    assert outsider.post(f"/lessons/{phase2.pk}/areas/42/upload/").status_code == 404
    assert Lesson.objects.get().version == lesson.version


def test_a_tambon_not_in_the_programme_is_404(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    assert client_for(cast.dist_a1).get(page(phase2, "420103")).status_code == 404


def test_a_read_only_role_may_read_but_writing_is_403(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    viewer = client_for(cast.viewer)

    html = viewer.get(page(phase2)).content.decode()
    assert TEXT["background"] in html and 'id="lesson-form"' not in html
    assert viewer.post(page(phase2), form_data(1, background="x")).status_code == 403
    assert viewer.post(page(phase2) + "publish/", {"version": "1"}).status_code == 403
    assert viewer.post(page(phase2) + "photos/").status_code == 403
    assert viewer.post(f"/lessons/{phase2.pk}/areas/42/upload/").status_code == 403
    assert (
        client_for(cast.dist_a1).post(page(phase2) + "publish/", {"version": "1"}).status_code
        == 403
    )
    assert Lesson.objects.get().version == 1


def test_the_province_publishes_and_the_tambon_leader_can_no_longer_edit(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    services.save_lesson(
        actor=cast.leader_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    province = client_for(cast.prov_a)

    assert province.post(page(phase2) + "publish/", {"version": "1"}).status_code == 302
    assert Lesson.objects.get().status == LessonStatus.PUBLISHED
    leader = client_for(cast.leader_a1)
    html = leader.get(page(phase2)).content.decode()
    assert 'id="lesson-form"' not in html and TEXT["results"] in html
    assert leader.post(page(phase2), form_data(2, background="x")).status_code == 403
    province.post(page(phase2) + "publish/", {"version": "2", "unpublish": "1"})
    assert Lesson.objects.get().status == LessonStatus.DRAFT


def test_a_photo_is_added_shown_and_removed(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    client = client_for(cast.dist_a1)

    client.post(page(phase2) + "photos/", {"image": picture(), "caption": "แปลงผัก"})

    photo = Lesson.objects.get().photos.get()
    assert "แปลงผัก" in client.get(page(phase2)).content.decode()
    response = client_for(cast.prov_a).get(f"/lessons/photos/{photo.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    remove = f"/lessons/photos/{photo.pk}/remove/"
    assert client_for(cast.prov_a).post(remove, {"version": "1"}).status_code == 302
    assert not Lesson.objects.get().photos.exists()


def test_the_area_list_shows_every_younger_tambon_in_few_queries(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(cast.prov_a)
    url = f"/lessons/{phase2.pk}/areas/42/"
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for younger in ("420103", "420104"):
        programme_services.create_pair(
            actor=cast.dist_a1, programme=phase2, younger=tambon(younger), elder=tambon("420101")
        )
        lesson = services.save_lesson(
            actor=cast.dist_a1, programme=phase2, tambon=tambon(younger), expected_version=0,
            values=TEXT,
        )  # fmt: skip
        services.add_photo(actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="")

    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count("/tambons/42010") == 3
    assert 'id="lesson-upload"' in html


def test_the_nation_lists_provinces_and_a_district_lands_on_its_own_list(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair
) -> None:
    html = client_for(cast.dept).get(f"/lessons/{phase2.pk}/").content.decode()
    assert f"/lessons/{phase2.pk}/areas/42/" in html and f"/lessons/{phase2.pk}/areas/45/" in html
    response = client_for(cast.dist_a1).get(f"/lessons/{phase2.pk}/")
    assert response["Location"] == f"/lessons/{phase2.pk}/areas/4201/"
    response = client_for(cast.leader_a1).get(f"/lessons/{phase2.pk}/")
    assert response["Location"] == page(phase2)


def test_the_tambon_and_programme_pages_link_to_the_lessons(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_a1)
    assert page(phase2) in client.get(f"/areas/420102/?programme={phase2.pk}").content.decode()
    assert f"/lessons/{phase2.pk}/" in client.get(f"/programmes/{phase2.pk}/").content.decode()


# -- deleting a write-up, captions and photos -----------------------------------------------------


def _lesson_with_photo(cast: Cast, phase2: Programme) -> tuple[Lesson, LessonPhoto]:
    lesson = services.save_lesson(
        actor=cast.dist_a1, programme=phase2, tambon=tambon("420102"), expected_version=0,
        values=TEXT,
    )  # fmt: skip
    photo = services.add_photo(
        actor=cast.dist_a1, lesson=lesson, upload=picture(), caption="แปลงผัก"
    )
    return lesson, photo


def test_a_district_deletes_a_write_up_after_confirming(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    lesson, _photo = _lesson_with_photo(cast, phase2)
    client = client_for(cast.dist_a1)
    assert page(phase2) + "delete/" in client.get(page(phase2)).content.decode()

    html = client.get(page(phase2) + "delete/").content.decode()
    assert 'id="delete-form"' in html and 'name="version" value="1"' in html
    assert Lesson.objects.exists()  # asking deletes nothing
    response = client.post(page(phase2) + "delete/", {"version": "1"})

    assert response.status_code == 302
    assert not Lesson.objects.exists() and not LessonPhoto.objects.exists()
    assert not SearchEntry.objects.filter(kind="lesson", key=str(lesson.pk)).exists()
    event = AuditEvent.objects.get(action="lesson.delete")
    assert event.actor == cast.dist_a1
    assert client.get(response["Location"], follow=True).status_code == 200


def test_a_stale_delete_deletes_nothing(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    lesson, _photo = _lesson_with_photo(cast, phase2)
    services.save_lesson(
        actor=cast.prov_a, programme=phase2, tambon=tambon("420102"), expected_version=1,
        values={"background": "แก้ไขระหว่างนั้น"},
    )  # fmt: skip

    response = client_for(cast.dist_a1).post(page(phase2) + "delete/", {"version": "1"})

    assert response.status_code == 302
    assert Lesson.objects.get().background == "แก้ไขระหว่างนั้น"
    assert SearchEntry.objects.filter(kind="lesson", key=str(lesson.pk)).exists()


def test_deleting_outside_the_area_is_404_and_for_a_reader_403(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    _lesson_with_photo(cast, phase2)
    url = page(phase2) + "delete/"

    for outsider in (cast.dist_b1, cast.prov_b, cast.dist_a2):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"version": "1"}).status_code == 404
    assert client_for(cast.viewer).get(url).status_code == 403
    assert client_for(cast.viewer).post(url, {"version": "1"}).status_code == 403
    assert Lesson.objects.exists()


def test_a_tambon_leader_may_not_delete_a_published_write_up(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    lesson, _photo = _lesson_with_photo(cast, phase2)
    services.publish(actor=cast.prov_a, lesson=lesson, expected_version=1)
    leader = client_for(cast.leader_a1)

    assert page(phase2) + "delete/" not in leader.get(page(phase2)).content.decode()
    assert leader.post(page(phase2) + "delete/", {"version": "2"}).status_code == 403
    assert Lesson.objects.exists()


def test_a_caption_is_changed_against_the_version_read(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    _lesson, photo = _lesson_with_photo(cast, phase2)
    client = client_for(cast.dist_a1)
    url = f"/lessons/photos/{photo.pk}/caption/"
    assert url in client.get(page(phase2)).content.decode()

    assert client.post(url, {"caption": "  แปลงผักรวม ", "version": "1"}).status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("แปลงผักรวม", 2)

    stale = client.post(url, {"caption": "ของฉัน", "version": "1"}, follow=True)
    photo.refresh_from_db()
    assert photo.caption == "แปลงผักรวม"  # not overwritten
    assert "แปลงผักรวม" in stale.content.decode()  # the message shows theirs
    assert AuditEvent.objects.filter(action="lesson.photo.caption").count() == 1


def test_a_stale_photo_removal_removes_nothing(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    _lesson, photo = _lesson_with_photo(cast, phase2)
    services.set_caption(actor=cast.prov_a, photo=photo, caption="ใหม่", expected_version=1)

    client_for(cast.dist_a1).post(f"/lessons/photos/{photo.pk}/remove/", {"version": "1"})

    assert LessonPhoto.objects.filter(pk=photo.pk).exists()


def test_captions_and_photos_outside_the_area_are_404_and_for_a_reader_403(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    _lesson, photo = _lesson_with_photo(cast, phase2)
    caption = f"/lessons/photos/{photo.pk}/caption/"
    remove = f"/lessons/photos/{photo.pk}/remove/"

    for outsider in (cast.dist_b1, cast.prov_b, cast.dist_a2):
        assert (
            client_for(outsider).post(caption, {"caption": "x", "version": "1"}).status_code == 404
        )
        assert client_for(outsider).post(remove, {"version": "1"}).status_code == 404
    viewer = client_for(cast.viewer)
    assert viewer.post(caption, {"caption": "x", "version": "1"}).status_code == 403
    assert viewer.post(remove, {"version": "1"}).status_code == 403
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("แปลงผัก", 1)
