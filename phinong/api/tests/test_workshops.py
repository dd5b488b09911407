"""/api/v1 workshops and their attendance, a day at a time, with the day's ETag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import Cast, add_leaders, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.programmes.models import Pair
from phinong.register.models import Member
from phinong.workshops import services as workshop_services
from phinong.workshops.models import Attendance, Workshop


def plan(actor: Any, pair: Pair) -> Workshop:
    return workshop_services.create_workshop(
        actor=actor,
        programme=pair.programme,
        values={"title": "อบรมผู้นำ", "starts_on": dt.date(2021, 8, 20), "days": 2},
        tambons=[tambon(pair.younger_id)],
    )


@pytest.fixture
def workshop(cast: Cast, pair_a1: Pair) -> Workshop:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 3)
    return plan(cast.dist_a1, pair_a1)


def test_a_district_lists_and_reads_its_workshops(
    cast: Cast, workshop: Workshop, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    with django_assert_max_num_queries(8):
        listed = api.get(f"/programmes/{workshop.programme_id}/workshops").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["tambons"] == ["420102"] and item["starts_on"] == "2021-08-20"
    detail = api.get(f"/workshops/{workshop.pk}")
    assert detail.status_code == 200 and detail["ETag"]
    people = api.get(f"/workshops/{workshop.pk}/participants").json()
    assert people["count"] == 3 and not any(p["completed"] for p in people["items"])


def test_attendance_of_a_day_is_set_with_its_etag(cast: Cast, workshop: Workshop) -> None:
    api = Api(cast.dist_a1)
    ids = sorted(Member.objects.values_list("pk", flat=True))
    path = f"/workshops/{workshop.pk}/attendance/1"
    etag = api.etag(path)
    assert is_problem(api.put(path, {"present": ids[:2]}), 428)
    assert is_problem(api.put(path, {"present": ids[:2]}, etag='"attendance-old"'), 412)
    saved = api.put(path, {"present": ids[:2]}, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["present"] == ids[:2] and saved["ETag"] != etag
    assert is_problem(api.put(path, {"present": ids}, etag=etag), 412)  # stale now
    assert set(Attendance.objects.values_list("member_id", flat=True)) == set(ids[:2])
    assert api.get(f"/workshops/{workshop.pk}/attendance/3").status_code == 404


def test_it_refuses_people_who_are_not_participants(
    cast: Cast, workshop: Workshop, pair_b1: Pair
) -> None:
    stranger = add_leaders(cast.dist_b1, pair_b1.programme, "450102", 1)[0]
    api = Api(cast.dist_a1)
    path = f"/workshops/{workshop.pk}/attendance/1"
    response = api.put(path, {"present": [stranger.pk]}, etag=api.etag(path))
    assert is_problem(response, 400)
    assert not Attendance.objects.exists()


def test_workshops_outside_the_area_are_404(cast: Cast, workshop: Workshop, pair_b1: Pair) -> None:
    add_leaders(cast.dist_b1, pair_b1.programme, "450102", 1)
    theirs = plan(cast.dist_b1, pair_b1)
    api = Api(cast.dist_a1)
    url = f"/programmes/{theirs.programme_id}/workshops"
    assert [w["id"] for w in api.get(url).json()["items"]] == [workshop.pk]
    assert [w["id"] for w in Api(cast.dept).get(url, area="45").json()["items"]] == [theirs.pk]
    assert is_problem(api.get(url, area="45"), 404)
    for path in (
        f"/workshops/{theirs.pk}",
        f"/workshops/{theirs.pk}/participants",
        f"/workshops/{theirs.pk}/attendance/1",
    ):
        assert is_problem(api.get(path), 404), path
    assert is_problem(
        api.put(f"/workshops/{theirs.pk}/attendance/1", {"present": []}, etag="*"), 404
    )


def test_a_read_only_role_may_not_set_attendance(cast: Cast, workshop: Workshop) -> None:
    path = f"/workshops/{workshop.pk}/attendance/1"
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        api = Api(user)
        assert is_problem(api.put(path, {"present": []}, etag=api.etag(path)), 403), user


def workshop_in(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "อบรมผู้นำการเปลี่ยนแปลง",
        "activity": 2,
        "starts_on": "2021-08-20",
        "days": 2,
        "mode": "online",
        "platform": "Zoom",
        "tambons": ["420102"],
    } | overrides


def test_a_district_plans_a_workshop(cast: Cast, pair_a1: Pair, pair_b1: Pair) -> None:
    from phinong.audit.models import AuditEvent

    api = Api(cast.dist_a1)
    url = f"/programmes/{pair_a1.programme_id}/workshops"
    created = api.post(url, workshop_in())
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organiser"] == "4201" and body["tambons"] == ["420102"] and body["activity"] == 2
    assert AuditEvent.objects.get(action="workshop.create").channel == "api"
    far = api.post(url, workshop_in(starts_on="2600-01-01"))
    assert is_problem(far, 400) and "starts_on" in far.json()["errors"]
    many = api.post(url, workshop_in(days=2, days_to_complete=3))
    assert is_problem(many, 400) and "days_to_complete" in many.json()["errors"]
    assert is_problem(api.post(url, workshop_in(days=11)), 422)
    assert is_problem(api.post(url, workshop_in(activity=9)), 400)
    assert is_problem(api.post(url, workshop_in(tambons=["450102"])), 404)
    assert is_problem(Api(cast.viewer).post(url, workshop_in()), 403)
    assert is_problem(Api(cast.leader_a1).post(url, workshop_in()), 403)
    assert Workshop.objects.count() == 1
