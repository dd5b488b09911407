from __future__ import annotations

import pytest

from conftest import Cast
from phinong.register.models import Member
from phinong.search.selectors import search_for
from phinong.search.tests.conftest import lesson

BG = "ความเป็นมา"


def kinds(results: object) -> list[tuple[str, str]]:
    return [(h.kind, h.tambon) for h in results.hits]  # type: ignore[attr-defined]


def test_a_district_sees_only_its_own_lessons_and_a_province_its_province(cast: Cast) -> None:
    lesson("1", "420102", **{BG: "ธนาคารอาหาร"})
    lesson("2", "420201", **{BG: "ธนาคารอาหาร"})
    lesson("3", "450102", **{BG: "ธนาคารอาหาร"})
    assert [h.tambon for h in search_for(actor=cast.dist_a1, query="ธนาคารอาหาร").lessons] == [
        "420102"
    ]
    province = search_for(actor=cast.prov_a, query="ธนาคารอาหาร").lessons
    assert sorted(h.tambon for h in province) == ["420102", "420201"]
    assert len(search_for(actor=cast.dept, query="ธนาคารอาหาร").lessons) == 3


def test_areas_by_thai_or_english_name_with_or_without_prefix_in_scope(cast: Cast) -> None:
    hits = search_for(actor=cast.prov_a, query="เลย").areas
    assert hits[0].tambon == "42" and hits[0].url == "/areas/42/"
    assert all(h.tambon.startswith("42") for h in hits)
    assert [h.tambon for h in search_for(actor=cast.prov_a, query="จ.เลย").areas] == ["42"]
    assert [h.tambon for h in search_for(actor=cast.prov_a, query="อำเภอเมืองเลย").areas] == ["4201"]
    assert [h.tambon for h in search_for(actor=cast.dept, query="ต. กุดป่อง").areas] == ["420101"]
    assert "420101" in [h.tambon for h in search_for(actor=cast.dept, query="kut pong").areas]
    # a district officer does not find the province, nor a district next door
    assert search_for(actor=cast.dist_a1, query="จ.เลย").areas == []
    assert search_for(actor=cast.dist_a1, query="นาด้วง").areas == []
    assert search_for(actor=cast.prov_b, query="กุดป่อง").areas == []


def test_leaders_by_name_tolerate_a_typo_within_scope(
    cast: Cast, leaders: dict[str, Member]
) -> None:
    exact = search_for(actor=cast.dist_a1, query="สมชาย ทองดี").leaders
    assert [h.title for h in exact] == ["นางสมชาย ทองดี"]
    typo = search_for(actor=cast.dist_a1, query="สมชัย ทองดี").leaders
    assert [h.url for h in typo] == [f"/register/members/{leaders['somchai'].pk}/"]
    assert [h.tambon for h in search_for(actor=cast.dist_a1, query="มาลี").leaders] == ["420102"]
    # the Roi Et namesake is outside Loei; the department sees both
    assert len(search_for(actor=cast.prov_a, query="สมชาย").leaders) == 1
    assert len(search_for(actor=cast.dept, query="สมชาย").leaders) == 2
    assert search_for(actor=cast.dist_b1, query="มาลี ศรีสุข").leaders == []


@pytest.mark.parametrize(
    ("who", "found"),
    [("dist_a1", True), ("dept", True), ("prov_a", False), ("viewer", False), ("leader_a1", False)],
)
def test_a_national_id_is_found_only_by_roles_that_see_it_and_only_exactly(
    cast: Cast, leaders: dict[str, Member], who: str, found: bool
) -> None:
    nid = leaders["somchai"].national_id
    spaced = f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"
    user = getattr(cast, who)
    for query in (nid, spaced):
        hits = search_for(actor=user, query=query).leaders
        assert [h.tambon for h in hits] == (["420102"] if found else [])
    assert search_for(actor=user, query=nid[:12]).leaders == []
    assert search_for(actor=user, query=nid[:12] + str((int(nid[12]) + 1) % 10)).leaders == []


def test_an_id_outside_the_area_is_not_found(cast: Cast, leaders: dict[str, Member]) -> None:
    assert search_for(actor=cast.dist_b1, query=leaders["somchai"].national_id).leaders == []


def test_a_user_without_scope_finds_nothing(cast: Cast, leaders: dict[str, Member]) -> None:
    lesson("1", "420102", **{BG: "ผัก"})
    cast.dist_a1.area_code = ""
    for query in ("ผัก", "สมชาย", "เลย"):
        assert search_for(actor=cast.dist_a1, query=query).hits == []
