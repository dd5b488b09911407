"""The access log and Cache-Control on every answer that carries personal data."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from conftest import Cast, add_leaders, client_for, tambon
from phinong.accounts.models import User
from phinong.api.auth import issue_token
from phinong.privacy.models import AccessEvent, AccessKind
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.reports import services as report_services

pytestmark = pytest.mark.django_db
OFFICE_IP = "10.20.30.40"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36 " + "x" * 200


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair) -> list[Member]:
    return add_leaders(cast.dist_a1, phase2, "420102", 15)


def test_viewing_15_member_pages_adds_15_rows(cast: Cast, leaders: list[Member]) -> None:
    client = client_for(cast.dist_a1)
    for member in leaders:
        response = client.get(
            reverse("register:member", args=[member.pk]),
            REMOTE_ADDR=OFFICE_IP,
            HTTP_USER_AGENT=BROWSER,
        )
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"

    rows = list(AccessEvent.objects.order_by("id"))
    assert len(rows) == 15
    assert [r.object_id for r in rows] == [str(m.pk) for m in leaders]
    first = rows[0]
    assert (first.user, first.username, first.kind) == (cast.dist_a1, "dist-a1", "member")
    assert (first.area_code, first.origin, first.label) == ("420102", OFFICE_IP, "นางสมศรี ใจดี")
    assert first.user_agent.startswith("Mozilla/5.0 (X11; Linux x86_64)")
    assert len(first.user_agent) == 120


def test_a_view_costs_one_insert(cast: Cast, leaders: list[Member]) -> None:
    client = client_for(cast.dist_a1)
    url = reverse("register:member", args=[leaders[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "privacy_accessevent" in inserts[0]


@pytest.mark.parametrize("who", ["prov_a", "viewer", "leader_a1"])
def test_a_masked_view_adds_no_row(cast: Cast, leaders: list[Member], who: str) -> None:
    client = client_for(getattr(cast, who))
    member = client.get(reverse("register:member", args=[leaders[0].pk]))
    register = client.get(reverse("register:tambon", args=[leaders[0].programme_id, "420102"]))
    assert member.status_code == register.status_code == 200
    assert leaders[0].national_id not in member.content.decode()
    assert member["Cache-Control"] == register["Cache-Control"] == "private, no-store"
    assert AccessEvent.objects.count() == 0


def test_the_register_page_is_logged_for_its_tambon(cast: Cast, leaders: list[Member]) -> None:
    response = client_for(cast.dist_a1).get(
        reverse("register:tambon", args=[leaders[0].programme_id, "420102"])
    )
    assert response["Cache-Control"] == "private, no-store"
    row = AccessEvent.objects.get()
    assert (row.kind, row.object_type, row.area_code) == ("register", "geo.tambon", "420102")
    assert row.label == "198/2564 เมือง"


def test_outside_the_area_is_404_and_not_logged(cast: Cast, leaders: list[Member]) -> None:
    client = client_for(cast.dist_b1)
    assert client.get(reverse("register:member", args=[leaders[0].pk])).status_code == 404
    url = reverse("register:tambon", args=[leaders[0].programme_id, "420102"])
    assert client.get(url).status_code == 404
    assert AccessEvent.objects.count() == 0


def test_web_and_command_exports_are_logged(
    cast: Cast, leaders: list[Member], phase2: Programme, tmp_path: Path
) -> None:
    response = client_for(cast.dist_a1).get(
        reverse("register:export", args=[phase2.pk]), REMOTE_ADDR=OFFICE_IP
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    call_command(
        "export_register",
        programme=phase2.code,
        username="dist-a1",
        output=tmp_path / "out.xlsx",
        stdout=io.StringIO(),
    )
    client_for(cast.prov_a).get(reverse("register:export", args=[phase2.pk]))  # masked
    rows = list(AccessEvent.objects.order_by("id").values_list("kind", "area_code", "origin"))
    assert rows == [("export", "4201", OFFICE_IP), ("export", "4201", "system")]
    assert AccessEvent.objects.order_by("id").last().user_agent == "manage.py"  # type: ignore[union-attr]


def _bearer(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def test_the_api_leaders_and_members_are_logged_and_not_stored(
    cast: Cast, leaders: list[Member], phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_a1)
    headers = _bearer(cast.dist_a1)
    urls = [
        f"/api/v1/programmes/{phase2.pk}/tambons/420102/leaders",
        f"/api/v1/members/{leaders[0].pk}",
        f"/api/v1/pairs/{pair_a1.pk}/mentors",
    ]
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store"
    kinds = list(AccessEvent.objects.order_by("id").values_list("kind", "area_code"))
    assert kinds == [("api_leaders", "420102"), ("api_member", "420102"), ("api_mentors", "420102")]
    masked = client_for(cast.prov_a).get(urls[0], headers=_bearer(cast.prov_a))
    assert masked.status_code == 200 and AccessEvent.objects.count() == 3


def test_the_api_is_404_outside_the_area(cast: Cast, leaders: list[Member]) -> None:
    response = client_for(cast.dist_b1).get(
        f"/api/v1/members/{leaders[0].pk}", headers=_bearer(cast.dist_b1)
    )
    assert response.status_code == 404
    assert AccessEvent.objects.count() == 0


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="PNG")
    return out.getvalue()


def test_an_evidence_download_is_logged_and_not_stored(
    cast: Cast, phase2: Programme, pair_a1: Pair, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    period = report_services.periods_from_activities(actor=cast.dept, programme=phase2)[0]
    report = report_services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": 40, "narrative": "แปลงผัก"},
    )
    evidence = report_services.add_evidence(
        actor=cast.dist_a1, report=report, upload=SimpleUploadedFile("แปลง.png", _png())
    )
    url = reverse("reports:evidence", args=[evidence.pk])
    response = client_for(cast.prov_a).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    row = AccessEvent.objects.get()
    assert (row.kind, row.area_code, row.label, row.username) == (
        "evidence",
        "420102",
        "แปลง.png",
        "prov-a",
    )
    assert client_for(cast.dist_b1).get(url).status_code == 404
    assert AccessEvent.objects.count() == 1


def test_a_person_found_by_national_id_is_logged(cast: Cast, leaders: list[Member]) -> None:
    wanted = leaders[3]
    response = client_for(cast.dist_a1).get("/search/", {"q": wanted.national_id})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    row = AccessEvent.objects.get()
    assert (row.kind, row.object_id) == (AccessKind.SEARCH, str(wanted.pk))
    assert wanted.national_id not in row.label
    client_for(cast.dist_a1).get("/search/", {"q": "สมศรี"})  # by name: not an ID search
    assert AccessEvent.objects.count() == 1
