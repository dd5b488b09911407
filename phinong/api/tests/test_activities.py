"""/api/v1/programmes/{programme_id}/activities."""

from __future__ import annotations

from typing import Any

from conftest import Cast
from phinong.api.tests.clients import Api, is_problem
from phinong.programmes.models import Programme, ProgrammeStatus


def test_everyone_reads_the_activities_in_order(
    cast: Cast, phase2: Programme, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.leader_a1)
    with django_assert_max_num_queries(6):
        response = api.get(f"/programmes/{phase2.pk}/activities")
    assert response.status_code == 200
    assert [a["number"] for a in response.json()["items"]] == [1, 2, 3, 4]
    assert response.json()["items"][0]["due_on"] == "2021-08-15"


def test_the_department_adds_an_activity(cast: Cast, phase2: Programme) -> None:
    body = {"number": 5, "name": "ถอดบทเรียน", "due_on": "2021-09-30"}
    response = Api(cast.dept).post(f"/programmes/{phase2.pk}/activities", body)
    assert response.status_code == 201, response.content
    assert phase2.activities.count() == 5
    again = Api(cast.dept).post(f"/programmes/{phase2.pk}/activities", body)
    assert is_problem(again, 400) and "number" in again.json()["errors"]


def test_only_the_department_adds_activities(cast: Cast, phase2: Programme) -> None:
    body = {"number": 5, "name": "ถอดบทเรียน", "due_on": "2021-09-30"}
    for user in (cast.viewer, cast.prov_a, cast.dist_a1):
        assert is_problem(Api(user).post(f"/programmes/{phase2.pk}/activities", body), 403)
    assert phase2.activities.count() == 4


def test_a_draft_programme_is_404_outside_the_department(cast: Cast, phase2: Programme) -> None:
    Programme.objects.filter(pk=phase2.pk).update(status=ProgrammeStatus.DRAFT)
    assert is_problem(Api(cast.dist_a1).get(f"/programmes/{phase2.pk}/activities"), 404)
