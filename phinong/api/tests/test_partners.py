"""/api/v1/partners: list, read, create, update with If-Match, delete; phone masked per role."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.partners import services as partner_services
from phinong.partners.models import Partner

PHONE = "0812345678"


def partner_in(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "วัดศรีสุทธาวาส",
        "kind": "temple",
        "contact_person": "พระครู",
        "phone": PHONE,
    } | overrides


@pytest.fixture
def theirs(cast: Cast) -> Partner:
    return partner_services.create_partner(
        actor=cast.dist_b1,
        data=partner_in(name="โรงเรียนร้อยเอ็ด", kind="school"),
        tambons=[tambon("450102")],
    )


def test_a_district_registers_reads_and_changes_a_partner(
    cast: Cast, theirs: Partner, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    created = api.post("/partners", partner_in(tambons=["420102"]))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["owner"] == "4201" and body["tambons"] == ["420102"] and body["phone"] == PHONE
    path = f"/partners/{body['id']}"
    etag = api.etag(path)
    change = partner_in(note="ให้ยืมศาลา", add_tambons=["420103"])
    assert is_problem(api.put(path, change), 428)
    assert is_problem(api.put(path, change, etag='"partners.partner.1.9"'), 412)
    saved = api.put(path, change, etag=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["tambons"] == ["420102", "420103"] and saved.json()["note"] == "ให้ยืมศาลา"
    assert is_problem(api.put(path, partner_in(), etag=etag), 412)
    with django_assert_max_num_queries(7):
        listed = api.get("/partners").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


def test_a_partner_is_deleted_with_the_etag_and_a_reason(cast: Cast) -> None:
    api = Api(cast.dist_a1)
    path = f"/partners/{api.post('/partners', partner_in()).json()['id']}"
    etag = api.etag(path)
    assert is_problem(api.delete(f"{path}?reason=ปิดกิจการ"), 428)
    assert api.delete(f"{path}?reason=ปิดกิจการ", etag='"x"').status_code == 412
    assert api.delete(f"{path}?reason=ปิดกิจการ", etag=etag).status_code == 204
    assert not Partner.objects.exists()


@pytest.mark.parametrize(
    ("who", "shown"), [("dist_a1", True), ("prov_a", False), ("viewer", False)]
)
def test_the_phone_is_masked_per_role(cast: Cast, who: str, shown: bool) -> None:
    created = Api(cast.dist_a1).post("/partners", partner_in(tambons=["420102"])).json()
    text = Api(getattr(cast, who)).get(f"/partners/{created['id']}").content.decode()
    assert (PHONE in text) is shown


def test_partners_outside_the_area_are_404(cast: Cast, theirs: Partner) -> None:
    api = Api(cast.dist_a1)
    path = f"/partners/{theirs.pk}"
    assert is_problem(api.get(path), 404)
    assert is_problem(api.put(path, partner_in(), etag="*"), 404)
    assert is_problem(api.delete(f"{path}?reason=x", etag="*"), 404)
    assert is_problem(api.get("/partners", area="45"), 404)
    assert is_problem(api.post("/partners", partner_in(tambons=["450101"])), 404)
    mine = api.post("/partners", partner_in()).json()["id"]
    link = api.put(
        f"/partners/{mine}", partner_in(add_tambons=["450101"]), etag=api.etag(f"/partners/{mine}")
    )
    assert is_problem(link, 404)
    assert (
        Partner.objects.count() == 2 and not Partner.objects.filter(tambons__code="450101").exists()
    )


def test_a_read_only_role_may_not_change_partners(cast: Cast) -> None:
    path = f"/partners/{Api(cast.dist_a1).post('/partners', partner_in(tambons=['420102'])).json()['id']}"
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        api = Api(user)
        assert is_problem(api.post("/partners", partner_in()), 403), user
        assert is_problem(api.put(path, partner_in(), etag=api.etag(path)), 403), user
        assert is_problem(api.delete(f"{path}?reason=x", etag=api.etag(path)), 403), user
    assert Partner.objects.count() == 1
