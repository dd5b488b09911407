"""/api/v1/: bearer tokens, scoping exactly like the web (404 outside the area, 403 for a role that
only reads), the register's rules and messages, and masking of personal data."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import Cast, add_leaders, person, tambon
from phinong.accounts.models import ApiToken, User
from phinong.api.auth import digest
from phinong.audit.models import AuditEvent
from phinong.geo.models import District
from phinong.programmes.models import Pair, Programme, ProgrammeStatus
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

NID = "3100600012348"
OFFICE_IP = "203.0.113.9"


def token_for(user: User) -> str:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    return out.getvalue().strip()


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_for(user)}"})


def leaders_url(programme: Programme, code: str) -> str:
    return f"/api/v1/programmes/{programme.pk}/tambons/{code}/leaders"


def pairs_url(programme: Programme) -> str:
    return f"/api/v1/programmes/{programme.pk}/pairs"


def leader_in(**overrides: Any) -> dict[str, Any]:
    """A leader as an integrating system posts it."""
    return person(**overrides)


def post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


# Tokens --------------------------------------------------------------------------------------


def test_every_endpoint_needs_a_token(cast: Cast, pair_a1: Pair) -> None:
    anonymous = Client()
    programme = pair_a1.programme
    for url in (
        "/api/v1/programmes",
        f"/api/v1/programmes/{programme.pk}",
        f"/api/v1/programmes/{programme.pk}/quotas/42",
        pairs_url(programme),
        leaders_url(programme, "420102"),
        "/api/v1/areas/42",
    ):
        assert anonymous.get(url).status_code == 401, url
    assert (
        post(anonymous, pairs_url(programme), {"younger": "420103", "elder": "420101"}).status_code
        == 401
    )
    assert post(anonymous, leaders_url(programme, "420102"), leader_in()).status_code == 401
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    "header",
    ["Bearer phn_not-a-real-token", "Bearer ", "Basic ZGlzdC1hMTpwYXNzd29yZA==", "phn_abc"],
)
def test_a_bad_token_is_401(cast: Cast, phase2: Programme, header: str) -> None:
    token_for(cast.dist_a1)  # a real token exists, but is not the one sent
    client = Client(headers={"Authorization": header})
    assert client.get("/api/v1/programmes").status_code == 401


def test_a_session_login_is_not_enough_for_the_api(cast: Cast, phase2: Programme) -> None:
    client = Client()
    client.force_login(cast.dist_a1)
    assert client.get("/api/v1/programmes").status_code == 401


def test_the_token_of_a_deactivated_user_is_401(cast: Cast, phase2: Programme) -> None:
    client = api(cast.dist_a1)
    assert client.get("/api/v1/programmes").status_code == 200
    cast.dist_a1.is_active = False
    cast.dist_a1.save(update_fields=["is_active"])
    assert client.get("/api/v1/programmes").status_code == 401


def test_create_api_token_stores_only_a_digest_and_marks_use(cast: Cast, phase2: Programme) -> None:
    token = token_for(cast.dist_a1)

    row = ApiToken.objects.get(user=cast.dist_a1)
    assert token.startswith("phn_")
    assert row.digest == digest(token) != token
    assert row.prefix == token[:8]
    assert row.last_used_at is None
    Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/programmes")
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_create_api_token_refuses_an_unknown_user(db: None) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", stdout=StringIO())


# Reads, scoped -------------------------------------------------------------------------------


def test_programmes_are_listed_with_their_activities(cast: Cast, phase2: Programme) -> None:
    body = api(cast.dist_b1).get("/api/v1/programmes").json()

    assert body["count"] == 2
    rows = body["items"]
    assert [row["code"] for row in rows] == ["198/2564", "PH1/2563"]  # newest fiscal year first
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) == {"PH1/2563", "198/2564"}
    assert by_code["198/2564"]["extends"] == "PH1/2563"
    assert [a["due_on"] for a in by_code["198/2564"]["activities"]] == [
        "2021-08-15",
        "2021-08-31",
        "2021-09-30",
        "2021-09-30",
    ]


def test_a_draft_programme_is_only_seen_by_the_department(cast: Cast, phase2: Programme) -> None:
    phase2.status = ProgrammeStatus.DRAFT
    phase2.save(update_fields=["status"])

    assert "198/2564" not in {
        r["code"] for r in api(cast.dist_a1).get("/api/v1/programmes").json()["items"]
    }
    assert api(cast.dist_a1).get(f"/api/v1/programmes/{phase2.pk}").status_code == 404
    assert api(cast.dept).get(f"/api/v1/programmes/{phase2.pk}").status_code == 200


@pytest.mark.parametrize(
    ("who", "youngers"),
    [
        ("dept", {"420102", "450102"}),
        ("viewer", {"420102", "450102"}),
        ("prov_a", {"420102"}),
        ("dist_a1", {"420102"}),
        ("dist_a2", set()),
        ("prov_b", {"450102"}),
        ("dist_b1", {"450102"}),
    ],
)
def test_pairs_are_listed_only_inside_the_area(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, who: str, youngers: set[str]
) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 2)

    response = api(getattr(cast, who)).get(pairs_url(pair_a1.programme))

    assert response.status_code == 200
    body = response.json()
    rows = body["items"]
    assert body["count"] == len(youngers)
    assert {row["younger"] for row in rows} == youngers
    if "420102" in youngers:
        (row,) = (r for r in rows if r["younger"] == "420102")
        assert row == {
            "id": pair_a1.pk,
            "younger": "420102",
            "younger_name": "เมือง",
            "elder": "420101",
            "elder_name": "กุดป่อง",
            "leaders": 2,
        }


def test_pairs_are_paged_in_a_stable_order_and_filtered_by_area(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    client = api(cast.dept)
    url = pairs_url(pair_a1.programme)

    first = client.get(url, {"limit": 1}).json()
    second = client.get(url, {"limit": 1, "offset": 1}).json()

    assert first["count"] == second["count"] == 2
    assert [r["younger"] for r in first["items"] + second["items"]] == ["420102", "450102"]
    assert [r["younger"] for r in client.get(url, {"area": "45"}).json()["items"]] == ["450102"]
    assert client.get(url, {"area": "4202"}).json() == {"items": [], "count": 0}


@pytest.mark.parametrize("area", ["45", "4501", "450102"])
def test_pairs_filtered_by_an_area_outside_yours_are_404(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, area: str
) -> None:
    response = api(cast.dist_a1).get(pairs_url(pair_a1.programme), {"area": area})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_programmes_are_paged_and_filtered_by_fiscal_year(cast: Cast, phase2: Programme) -> None:
    client = api(cast.dist_a1)

    page = client.get("/api/v1/programmes", {"limit": 1, "offset": 1}).json()
    only = client.get("/api/v1/programmes", {"fiscal_year": 2564}).json()

    assert page["count"] == 2 and [r["code"] for r in page["items"]] == ["PH1/2563"]
    assert [r["code"] for r in only["items"]] == ["198/2564"]
    assert client.get("/api/v1/programmes", {"limit": 500}).status_code == 422


def test_the_leaders_of_a_tambon_are_paged_in_the_order_registered(
    cast: Cast, pair_a1: Pair
) -> None:
    added = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 3)
    client = api(cast.dist_a1)
    url = leaders_url(pair_a1.programme, "420102")

    pages = [client.get(url, {"limit": 2, "offset": n}).json() for n in (0, 2)]

    assert [p["count"] for p in pages] == [3, 3]
    assert [r["id"] for p in pages for r in p["items"]] == [m.pk for m in added]


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_the_leaders_of_a_tambon_outside_the_area_are_404(
    cast: Cast, pair_a1: Pair, who: str
) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)
    client = api(getattr(cast, who))
    response = client.get(leaders_url(pair_a1.programme, "420102"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    missing = client.get(leaders_url(pair_a1.programme, "999999"))
    assert response.json() == missing.json()  # the same body as a tambon that does not exist


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("dist_a1", "4201", 200),
        ("dist_a1", "420102", 200),
        ("dist_a1", "42", 404),
        ("dist_a1", "4202", 404),
        ("dist_a1", "4501", 404),
        ("prov_a", "42", 200),
        ("prov_a", "45", 404),
        ("dist_b1", "420102", 404),
        ("dept", "45", 200),
        ("dept", "99", 404),
    ],
)
def test_areas_are_404_outside_the_area(cast: Cast, who: str, code: str, status: int) -> None:
    assert api(getattr(cast, who)).get(f"/api/v1/areas/{code}").status_code == status


def test_an_area_lists_its_children(cast: Cast) -> None:
    body = api(cast.dist_a1).get("/api/v1/areas/4201").json()
    assert body["name_th"] == "เมืองเลย"
    children = {child["code"]: child["name_th"] for child in body["children"]}
    assert children["420101"] == "กุดป่อง"
    assert all(code.startswith("4201") for code in children)


def test_a_quota_is_read_inside_the_area_only(cast: Cast, pair_a1: Pair) -> None:
    url = f"/api/v1/programmes/{pair_a1.programme_id}/quotas/42"
    assert api(cast.prov_a).get(url).json() == {
        "area_code": "42",
        "limit": 3,
        "used": 1,
        "left": 2,
        "district_cap": False,
    }
    assert api(cast.prov_b).get(url).status_code == 404
    assert api(cast.dist_a1).get(url).status_code == 404


def test_a_district_without_a_cap_reads_the_province_quota_it_shares(
    cast: Cast, pair_a1: Pair
) -> None:
    from phinong.programmes import services as programme_services

    url = f"/api/v1/programmes/{pair_a1.programme_id}/quotas/4201"
    shared = api(cast.dist_a1).get(url).json()
    assert shared == {"area_code": "4201", "limit": 3, "used": 1, "left": 2, "district_cap": False}
    programme_services.set_district_quota(
        actor=cast.prov_a,
        programme=pair_a1.programme,
        district=District.objects.get(code="4201"),
        tambons=2,
    )
    capped = api(cast.dist_a1).get(url).json()
    assert capped == {"area_code": "4201", "limit": 2, "used": 1, "left": 1, "district_cap": True}
    assert api(cast.dist_b1).get(url).status_code == 404


# Writes: pairs -------------------------------------------------------------------------------


def test_a_district_officer_pairs_through_the_api(cast: Cast, phase2: Programme) -> None:
    response = post(
        api(cast.dist_a1),
        pairs_url(phase2),
        {"younger": "420103", "elder": "420201"},
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["younger"] == "420103"
    assert body["elder_name"] == "นาด้วง"
    pair = Pair.objects.get(pk=body["id"])
    assert (pair.younger_id, pair.elder_id) == ("420103", "420201")
    event = AuditEvent.objects.get(action="pair.create")
    assert (event.actor, event.origin) == (cast.dist_a1, OFFICE_IP)


def test_pairing_a_younger_tambon_outside_the_area_is_404(cast: Cast, phase2: Programme) -> None:
    for younger in ("450103", "420202"):
        response = post(
            api(cast.dist_a1), pairs_url(phase2), {"younger": younger, "elder": "420101"}
        )
        assert response.status_code == 404, younger
    assert not Pair.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a"])
def test_a_role_that_may_not_pair_gets_403(cast: Cast, phase2: Programme, who: str) -> None:
    response = post(
        api(getattr(cast, who)), pairs_url(phase2), {"younger": "420103", "elder": "420101"}
    )
    assert response.status_code == 403
    assert not Pair.objects.exists()


def test_an_elder_that_did_not_take_part_is_refused_on_the_elder_field(
    cast: Cast, phase2: Programme
) -> None:
    response = post(api(cast.dist_a1), pairs_url(phase2), {"younger": "420103", "elder": "420105"})

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["elder"]
    (message,) = body["errors"]["elder"]
    assert "น้ำหมาน" in message  # 420105 by name
    assert "PH1/2563" in message
    assert message in body["detail"]


def test_an_unknown_elder_code_is_refused_on_the_elder_field(cast: Cast, phase2: Programme) -> None:
    response = post(api(cast.dist_a1), pairs_url(phase2), {"younger": "420103", "elder": "429999"})

    assert response.status_code == 400
    (message,) = response.json()["errors"]["elder"]
    assert "429999" in message


def test_a_tambon_paired_twice_is_refused_on_the_younger_field(cast: Cast, pair_a1: Pair) -> None:
    response = post(
        api(cast.dist_a1), pairs_url(pair_a1.programme), {"younger": "420102", "elder": "420101"}
    )

    assert response.status_code == 400
    (message,) = response.json()["errors"]["younger"]
    assert "กุดป่อง" in message
    assert Pair.objects.count() == 1


def test_a_full_quota_is_refused_in_thai_digits(cast: Cast, pair_a1: Pair) -> None:
    client = api(cast.dist_a1)
    for younger in ("420103", "420104"):
        assert (
            post(
                client, pairs_url(pair_a1.programme), {"younger": younger, "elder": "420101"}
            ).status_code
            == 201
        )

    response = post(client, pairs_url(pair_a1.programme), {"younger": "420105", "elder": "420101"})

    assert response.status_code == 400
    (message,) = response.json()["errors"]["__all__"]
    assert "๓" in message  # 3 of 3, in Thai digits: Thai is the API's language too
    assert "เลย" in message


# Writes: leaders -----------------------------------------------------------------------------


def test_a_district_officer_registers_a_leader_with_a_thai_digit_id(
    cast: Cast, pair_a1: Pair
) -> None:
    response = post(
        api(cast.dist_a1),
        leaders_url(pair_a1.programme, "420102"),
        leader_in(national_id="๓-๑๐๐๖-๐๐๐๑๒-๓๔-๘", phone="๐๘๑-๒๓๔-๕๖๗๘"),
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["national_id"] == NID
    assert body["phone"] == "0812345678"
    assert body["tambon"] == "420102"
    member = Member.objects.get(pk=body["id"])
    assert member.national_id == NID
    event = AuditEvent.objects.get(action="leader.create")
    assert (event.actor, event.origin) == (cast.dist_a1, OFFICE_IP)


def test_a_bad_check_digit_is_refused_on_the_national_id_field(cast: Cast, pair_a1: Pair) -> None:
    response = post(
        api(cast.dist_a1),
        leaders_url(pair_a1.programme, "420102"),
        leader_in(national_id="3100600012345", phone="12"),
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"national_id", "phone"}
    assert "3-1006-00012-34-5" in errors["national_id"][0]
    assert not Member.objects.exists()


def test_the_16th_leader_is_refused_through_the_api(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 15)

    response = post(api(cast.dist_a1), leaders_url(pair_a1.programme, "420102"), leader_in())

    assert response.status_code == 400
    (message,) = response.json()["errors"]["__all__"]
    assert "๑๕" in message
    assert Member.objects.count() == 15


def test_a_duplicate_outside_the_area_reveals_nothing_through_the_api(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    register_services.add_member(
        actor=cast.dist_b1,
        programme=pair_b1.programme,
        role=MemberRole.LEADER,
        tambon=tambon("450102"),
        data=person(national_id=NID, first_name="พิมพ์ลดา", last_name="วงศ์สวัสดิ์"),
    )

    response = post(
        api(cast.dist_a1), leaders_url(pair_a1.programme, "420102"), leader_in(national_id=NID)
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["national_id"]
    body = response.content.decode()
    for secret in ("รอบเมือง", "ร้อยเอ็ด", "450102", "พิมพ์ลดา", "วงศ์สวัสดิ์"):
        assert secret not in body, secret


def test_a_duplicate_inside_the_area_names_the_tambon(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    register_services.add_member(
        actor=cast.dist_b1,
        programme=pair_b1.programme,
        role=MemberRole.LEADER,
        tambon=tambon("450102"),
        data=person(national_id=NID, first_name="พิมพ์ลดา"),
    )

    response = post(
        api(cast.dept), leaders_url(pair_a1.programme, "420102"), leader_in(national_id=NID)
    )

    (message,) = response.json()["errors"]["national_id"]
    assert "รอบเมือง" in message
    assert "พิมพ์ลดา" in message


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_a_role_that_only_reads_gets_403_on_leaders(cast: Cast, pair_a1: Pair, who: str) -> None:
    response = post(api(getattr(cast, who)), leaders_url(pair_a1.programme, "420102"), leader_in())
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert not Member.objects.exists()


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_registering_outside_the_area_is_404(cast: Cast, pair_a1: Pair, who: str) -> None:
    response = post(api(getattr(cast, who)), leaders_url(pair_a1.programme, "420102"), leader_in())
    assert response.status_code == 404
    assert not Member.objects.exists()


# Personal data -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown_id", "shown_phone"),
    [
        ("dept", NID, "0812345678"),
        ("dist_a1", NID, "0812345678"),
        ("prov_a", "x-xxxx-xxxxx-34-8", "xxx-xxx-5678"),
        ("viewer", "x-xxxx-xxxxx-34-8", "xxx-xxx-5678"),
        ("leader_a1", "x-xxxx-xxxxx-34-8", "xxx-xxx-5678"),
    ],
)
def test_national_ids_and_phones_are_masked_like_on_the_web(
    cast: Cast, pair_a1: Pair, who: str, shown_id: str, shown_phone: str
) -> None:
    register_services.add_member(
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        role=MemberRole.LEADER,
        tambon=tambon("420102"),
        data=person(national_id=NID, phone="0812345678"),
    )

    response = api(getattr(cast, who)).get(leaders_url(pair_a1.programme, "420102"))

    assert response.status_code == 200
    (row,) = response.json()["items"]
    assert row["national_id"] == shown_id
    assert row["phone"] == shown_phone
    if shown_id != NID:
        assert NID not in response.content.decode()
        assert "0812345678" not in response.content.decode()
