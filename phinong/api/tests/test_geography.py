"""/api/v1/provinces, /districts, /tambons: read only, as far as the reader's area goes."""

from __future__ import annotations

from typing import Any

from conftest import Cast
from phinong.api.tests.clients import Api, is_problem


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["items"]]


def test_the_department_lists_every_cdd_province_but_bangkok(cast: Cast) -> None:
    response = Api(cast.dept).get("/provinces", limit=200)
    listed = codes(response)
    assert "42" in listed and "45" in listed and "10" not in listed
    assert listed == sorted(listed)
    assert response.json()["count"] == 76


def test_a_district_sees_its_own_district_and_the_areas_above_it(cast: Cast) -> None:
    api = Api(cast.dist_a1)
    assert codes(api.get("/provinces")) == ["42"]
    assert codes(api.get("/districts")) == ["4201"]
    tambons = codes(api.get("/tambons", limit=200))
    assert tambons and all(code.startswith("4201") for code in tambons)


def test_districts_of_a_province_are_filtered_by_area(cast: Cast) -> None:
    rows = Api(cast.prov_a).get("/districts", area="42", limit=200).json()["items"]
    assert rows and all(r["code"].startswith("42") and r["parent"] == "42" for r in rows)


def test_it_refuses_an_area_outside_the_readers_with_404(cast: Cast) -> None:
    api = Api(cast.dist_a1)
    assert is_problem(api.get("/tambons", area="4501"), 404)
    assert is_problem(api.get("/districts", area="45"), 404)


def test_pages_are_stable_and_bounded(cast: Cast, django_assert_max_num_queries: Any) -> None:
    api = Api(cast.dept)
    first = codes(api.get("/tambons", area="42", limit=5))
    second = codes(api.get("/tambons", area="42", limit=5, offset=5))
    assert len(first) == len(second) == 5 and not set(first) & set(second)
    assert first + second == codes(api.get("/tambons", area="42", limit=10))
    assert api.get("/tambons", limit=201).status_code == 422
    assert api.get("/tambons", offset=10**30).status_code == 422
    with django_assert_max_num_queries(6):
        api.get("/tambons", limit=200)
