"""/api/v1/pairs/{pair_id}/mentors and /members/{member_id}: masking, If-Match, scoping."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast, add_leaders, person
from phinong.api.tests.clients import Api, is_problem
from phinong.programmes.models import Pair
from phinong.register.models import Member, MemberRole

NID = "3100600012348"


def mentor_in(**overrides: Any) -> dict[str, Any]:
    return person(national_id=NID, phone="0891234567") | overrides


def test_a_district_registers_a_mentor_and_lists_them(
    cast: Cast, pair_a1: Pair, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    response = api.post(f"/pairs/{pair_a1.pk}/mentors", mentor_in())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == MemberRole.MENTOR and body["tambon"] == "420101"
    assert body["pair"] == pair_a1.pk and body["national_id"] == NID
    with django_assert_max_num_queries(6):
        listed = api.get(f"/pairs/{pair_a1.pk}/mentors").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("who", "shown"), [("dist_a1", True), ("dept", True), ("prov_a", False), ("viewer", False)]
)
def test_ids_and_phones_are_masked_per_role_as_on_the_web(
    cast: Cast, pair_a1: Pair, who: str, shown: bool
) -> None:
    Api(cast.dist_a1).post(f"/pairs/{pair_a1.pk}/mentors", mentor_in())
    mentor = Member.objects.get(national_id=NID)
    for response in (
        Api(getattr(cast, who)).get(f"/members/{mentor.pk}"),
        Api(getattr(cast, who)).get(f"/pairs/{pair_a1.pk}/mentors"),
    ):
        assert response.status_code == 200
        text = response.content.decode()
        assert (NID in text) is shown and ("0891234567" in text) is shown
        if not shown:
            assert "x" in text.lower()


def test_an_update_needs_the_current_etag(cast: Cast, pair_a1: Pair) -> None:
    leader = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)[0]
    api = Api(cast.dist_a1)
    path = f"/members/{leader.pk}"
    etag = api.etag(path)
    data = person(national_id=leader.national_id, first_name="สมหญิง")
    missing = api.put(path, data)
    assert is_problem(missing, 428)
    assert api.put(path, data, etag='"register.member.1.99"').status_code == 412
    saved = api.put(path, data, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["first_name"] == "สมหญิง" and saved["ETag"] != etag
    stale = api.put(path, person(national_id=leader.national_id, first_name="สมชาย"), etag=etag)
    assert is_problem(stale, 412)
    leader.refresh_from_db()
    assert leader.first_name == "สมหญิง"


def test_a_removal_needs_the_etag_and_a_reason(cast: Cast, pair_a1: Pair) -> None:
    leader = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)[0]
    api = Api(cast.dist_a1)
    path = f"/members/{leader.pk}"
    etag = api.etag(path)
    assert is_problem(api.delete(f"{path}?reason=ย้ายออก"), 428)
    assert api.delete(f"{path}?reason=ย้ายออก", etag='"x"').status_code == 412
    assert api.delete(path, etag=etag).status_code == 422
    assert api.delete(f"{path}?reason=ย้ายออก", etag=etag).status_code == 204
    assert not Member.objects.filter(pk=leader.pk).exists()


def test_members_outside_the_area_are_404(cast: Cast, pair_a1: Pair, pair_b1: Pair) -> None:
    other = add_leaders(cast.dist_b1, pair_b1.programme, "450102", 1)[0]
    api = Api(cast.dist_a1)
    assert is_problem(api.get(f"/members/{other.pk}"), 404)
    assert is_problem(api.get(f"/pairs/{pair_b1.pk}/mentors"), 404)
    assert is_problem(api.post(f"/pairs/{pair_b1.pk}/mentors", mentor_in()), 404)
    assert is_problem(api.put(f"/members/{other.pk}", person(), etag="*"), 404)
    assert is_problem(api.delete(f"/members/{other.pk}?reason=x", etag="*"), 404)
    assert Member.objects.filter(pk=other.pk).exists()
    assert not Member.objects.filter(national_id=NID).exists()


def test_a_read_only_role_may_not_change_the_register(cast: Cast, pair_a1: Pair) -> None:
    leader = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)[0]
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        api = Api(user)
        assert is_problem(api.post(f"/pairs/{pair_a1.pk}/mentors", mentor_in()), 403)
        path = f"/members/{leader.pk}"
        assert is_problem(api.put(path, person(), etag=api.etag(path)), 403)
        assert is_problem(api.delete(f"{path}?reason=x", etag=api.etag(path)), 403)
    assert Member.objects.count() == 1
