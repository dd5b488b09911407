"""/api/v1/tambons/{code}/villages and /villages/{village_id}."""

from __future__ import annotations

from typing import Any

from conftest import Cast, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.geo import services as geo_services
from phinong.geo.models import Village


def test_a_district_adds_a_village_and_reads_it(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    response = api.post("/tambons/420102/villages", {"moo": 3, "name_th": "บ้านนาดี"})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "code": "42010203",
        "tambon": "420102",
        "moo": 3,
        "name_th": "บ้านนาดี",
    }
    detail = api.get("/villages/42010203")
    assert detail.status_code == 200 and detail["ETag"]
    with django_assert_max_num_queries(6):
        listed = api.get("/tambons/420102/villages").json()
    assert listed["count"] == 1 and listed["items"][0]["code"] == "42010203"


def test_it_refuses_a_village_number_twice_naming_the_field(cast: Cast) -> None:
    api = Api(cast.dist_a1)
    api.post("/tambons/420102/villages", {"moo": 3, "name_th": "บ้านนาดี"})
    response = api.post("/tambons/420102/villages", {"moo": 3, "name_th": "บ้านนาใหม่"})
    assert is_problem(response, 400) and "moo" in response.json()["errors"]


def test_villages_outside_the_area_are_404(cast: Cast) -> None:
    geo_services.add_village(actor=cast.dist_b1, tambon=tambon("450102"), moo=1, name_th="บ้านหนึ่ง")
    api = Api(cast.dist_a1)
    assert is_problem(api.get("/tambons/450102/villages"), 404)
    assert is_problem(api.get("/villages/45010201"), 404)
    assert is_problem(api.post("/tambons/450102/villages", {"moo": 2, "name_th": "บ้านสอง"}), 404)
    assert not Village.objects.filter(tambon_id="450102", moo=2).exists()


def test_a_read_only_role_may_not_add_a_village(cast: Cast) -> None:
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        response = Api(user).post("/tambons/420102/villages", {"moo": 4, "name_th": "บ้านสี่"})
        assert is_problem(response, 403), user
    assert not Village.objects.exists()
