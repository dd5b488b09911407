"""/api/v1 sharing centres and their append-only ledgers; balances derived."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.centres import services as centre_services
from phinong.centres.models import SharingCentre, StockMovement


@pytest.fixture
def centre(cast: Cast) -> SharingCentre:
    return centre_services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420102"), name="ศูนย์แบ่งปันบ้านนา", operator="อสม."
    )


@pytest.fixture
def theirs(cast: Cast) -> SharingCentre:
    return centre_services.create_centre(
        actor=cast.dist_b1, tambon=tambon("450102"), name="ศูนย์ร้อยเอ็ด", operator="อบต."
    )


DONATION = {
    "occurred_on": "2021-08-02",
    "donor": "วัดบ้านนา",
    "item": "ข้าวสาร",
    "unit": "กก.",
    "quantity": "25.50",
}


def test_a_district_records_movements_and_reads_the_balance(
    cast: Cast, centre: SharingCentre, django_assert_max_num_queries: Any
) -> None:
    api = Api(cast.dist_a1)
    path = f"/centres/{centre.pk}"
    given = api.post(f"{path}/donations", DONATION)
    assert given.status_code == 201, given.content
    assert given.json()["quantity"] == "25.50" and given.json()["kind"] == "in"
    out = {
        "occurred_on": "2021-08-03",
        "item": "ข้าวสาร",
        "unit": "กก.",
        "quantity": "5",
        "household_kind": "elderly",
        "households": 2,
    }
    assert api.post(f"{path}/distributions", out).status_code == 201
    fix = {
        "occurred_on": "2021-08-04",
        "item": "ข้าวสาร",
        "unit": "กก.",
        "quantity": "-0.50",
        "reason": "ชั่งใหม่",
    }
    assert api.post(f"{path}/adjustments", fix).json()["change"] == "-0.50"
    detail = api.get(path)
    assert detail["ETag"] and detail.json()["balances"] == [
        {"item": "ข้าวสาร", "unit": "กก.", "quantity": "20.00", "last_on": "2021-08-04"}
    ]
    with django_assert_max_num_queries(6):
        ledger = api.get(f"{path}/movements").json()
    assert [m["kind"] for m in ledger["items"]] == ["adjustment", "out", "in"]
    assert api.get("/centres", area="420102").json()["items"][0]["id"] == centre.pk


def test_it_refuses_to_give_out_more_than_the_stock(cast: Cast, centre: SharingCentre) -> None:
    out = {
        "occurred_on": "2021-08-03",
        "item": "ข้าวสาร",
        "unit": "กก.",
        "quantity": "5",
        "household_kind": "elderly",
        "households": 2,
    }
    response = Api(cast.dist_a1).post(f"/centres/{centre.pk}/distributions", out)
    assert is_problem(response, 400)
    assert not StockMovement.objects.exists()


def test_the_ledger_is_append_only(cast: Cast, centre: SharingCentre) -> None:
    api = Api(cast.dist_a1)
    api.post(f"/centres/{centre.pk}/donations", DONATION)
    movement = StockMovement.objects.get()
    assert api.put(f"/centres/{centre.pk}/movements", DONATION, etag="*").status_code == 405
    assert api.delete(f"/centres/{centre.pk}/movements", etag="*").status_code == 405
    assert StockMovement.objects.get() == movement


def test_centres_outside_the_area_are_404(
    cast: Cast, centre: SharingCentre, theirs: SharingCentre
) -> None:
    api = Api(cast.dist_a1)
    assert [c["id"] for c in api.get("/centres").json()["items"]] == [centre.pk]
    assert is_problem(api.get("/centres", area="45"), 404)
    for path in (f"/centres/{theirs.pk}", f"/centres/{theirs.pk}/movements"):
        assert is_problem(api.get(path), 404)
    for kind in ("donations", "distributions", "adjustments"):
        body = DONATION | {"household_kind": "elderly", "households": 1, "reason": "x"}
        assert is_problem(api.post(f"/centres/{theirs.pk}/{kind}", body), 404), kind
    assert not StockMovement.objects.exists()


def test_a_read_only_role_may_not_record_movements(cast: Cast, centre: SharingCentre) -> None:
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        assert is_problem(Api(user).post(f"/centres/{centre.pk}/donations", DONATION), 403), user
    assert not StockMovement.objects.exists()


def test_a_district_registers_and_edits_a_centre(cast: Cast, centre: SharingCentre) -> None:
    from phinong.geo.models import Village

    village = Village.objects.create(
        code="42010201", tambon=tambon("420102"), moo=1, name_th="บ้านนาอ้อ"
    )
    api = Api(cast.dist_a1)
    created = api.post(
        "/centres",
        {"tambon": "420102", "name": " ศูนย์บ้านใหม่ ", "operator": "กลุ่มแม่บ้าน", "village": "42010201"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "ศูนย์บ้านใหม่" and body["village"] == village.code
    twice = api.post("/centres", {"tambon": "420102", "name": "ศูนย์บ้านใหม่", "operator": "x"})
    assert is_problem(twice, 400) and "name" in twice.json()["errors"]
    path = f"/centres/{body['id']}"
    change = {"name": "ศูนย์บ้านใหม่", "operator": "อสม.", "status": "inactive"}
    assert is_problem(api.put(path, change), 428)
    assert is_problem(api.put(path, change, etag='"stale"'), 412)
    saved = api.put(path, change, etag=api.etag(path))
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "inactive" and saved.json()["village"] is None
    assert is_problem(api.put(path, change | {"village": "45010201"}, etag=saved["ETag"]), 400)
    assert is_problem(api.put(path, change | {"status": "closed"}, etag=saved["ETag"]), 422)


def test_centres_are_created_and_edited_inside_the_area_only(
    cast: Cast, centre: SharingCentre, theirs: SharingCentre
) -> None:
    api = Api(cast.dist_a1)
    new = {"tambon": "450102", "name": "ศูนย์", "operator": "อบต."}
    assert is_problem(api.post("/centres", new), 404)
    change = {"name": "ศูนย์", "operator": "อบต.", "status": "active"}
    assert is_problem(api.put(f"/centres/{theirs.pk}", change, etag="*"), 404)
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        assert is_problem(Api(user).post("/centres", new | {"tambon": "420102"}), 403), user
        assert is_problem(Api(user).put(f"/centres/{centre.pk}", change, etag="*"), 403), user
    assert SharingCentre.objects.get(pk=theirs.pk).name == "ศูนย์ร้อยเอ็ด"
    assert SharingCentre.objects.count() == 2
