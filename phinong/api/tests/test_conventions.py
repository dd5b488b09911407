"""The API's conventions: problem+json errors in Thai (English on request), ETags and If-Match,
and browsable docs served without a CDN."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from conftest import Cast
from phinong.accounts.models import User
from phinong.api.conventions import (
    PreconditionFailed,
    PreconditionRequired,
    etag_of,
    require_match,
)
from phinong.geo.models import Province
from phinong.programmes.models import Pair, Programme

THAI = re.compile(r"[\u0e00-\u0e7f]")


def api(user: User, **headers: str) -> Client:
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out)
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}", **headers})


def pairs_url(programme: Programme) -> str:
    return f"/api/v1/programmes/{programme.pk}/pairs"


def is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == status
    return body


# ETags ---------------------------------------------------------------------------------------


def test_an_etag_names_the_record_and_its_version(phase2: Programme) -> None:
    tag = etag_of(phase2)
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    phase2.version += 1
    assert etag_of(phase2) != tag


def test_a_record_without_a_version_is_tagged_by_its_fields(geography: None) -> None:
    loei = Province.objects.get(code="42")
    tag = etag_of(loei)
    assert tag == etag_of(Province.objects.get(code="42"))
    loei.name_th = "เลย (แก้)"
    assert etag_of(loei) != tag
    assert etag_of(Province.objects.get(code="45")) != tag


def _request(if_match: str | None) -> Any:
    headers = {} if if_match is None else {"If-Match": if_match}
    return RequestFactory().put("/", headers=headers)


def test_it_refuses_an_update_without_if_match(phase2: Programme) -> None:
    with pytest.raises(PreconditionRequired):
        require_match(_request(None), phase2)


@pytest.mark.parametrize("sent", ['"stale"', 'W/"{tag}"', '"{tag}x"'])
def test_it_refuses_an_update_with_a_stale_or_weak_etag(phase2: Programme, sent: str) -> None:
    tag = etag_of(phase2).strip('"')
    with pytest.raises(PreconditionFailed):
        require_match(_request(sent.format(tag=tag)), phase2)


def test_it_accepts_the_current_etag(phase2: Programme) -> None:
    require_match(_request(etag_of(phase2)), phase2)
    require_match(_request(f'"old", {etag_of(phase2)}'), phase2)
    require_match(_request("*"), phase2)


def test_a_read_sets_the_etag(cast: Cast, phase2: Programme) -> None:
    response = api(cast.dist_a1).get(f"/api/v1/programmes/{phase2.pk}")
    assert response.status_code == 200
    assert response["ETag"] == etag_of(phase2)
    assert api(cast.dist_a1).get("/api/v1/areas/4201")["ETag"]


# Problems ------------------------------------------------------------------------------------


def test_a_malformed_body_is_a_problem_in_thai(cast: Cast, pair_a1: Pair) -> None:
    response = api(cast.dist_a1).post(
        pairs_url(pair_a1.programme), "{not json", content_type="application/json"
    )
    body = is_problem(response, 400)
    assert THAI.search(body["title"]) and THAI.search(body["detail"])


def test_a_body_of_the_wrong_shape_names_the_fields(cast: Cast, pair_a1: Pair) -> None:
    response = api(cast.dist_a1).post(
        pairs_url(pair_a1.programme), {"younger": 420103}, content_type="application/json"
    )
    body = is_problem(response, 422)
    assert set(body["errors"]) == {"younger", "elder"}
    assert THAI.search(body["detail"]) and "elder" in body["detail"]
    assert all(THAI.search(m) for msgs in body["errors"].values() for m in msgs)


def test_a_path_parameter_of_the_wrong_type_is_a_problem(cast: Cast) -> None:
    body = is_problem(api(cast.dist_a1).get("/api/v1/programmes/abc"), 422)
    assert list(body["errors"]) == ["programme_id"]


def test_english_on_request(cast: Cast, pair_a1: Pair) -> None:
    client = api(cast.dist_a1, **{"Accept-Language": "en-GB,en;q=0.9,th;q=0.5"})
    body = is_problem(client.get(pairs_url(pair_a1.programme).replace("pairs", "pears")), 404)
    assert body["title"] == "Not found"
    response = client.post(pairs_url(pair_a1.programme), {}, content_type="application/json")
    assert is_problem(response, 422)["errors"]["younger"] == ["This field is required."]


def test_thai_when_the_client_asks_for_another_language(cast: Cast, phase2: Programme) -> None:
    client = api(cast.dist_b1, **{"Accept-Language": "fr"})
    body = is_problem(client.get("/api/v1/areas/42"), 404)
    assert THAI.search(body["title"])


def test_outside_the_area_reads_like_does_not_exist(cast: Cast) -> None:
    client = api(cast.dist_b1)
    outside, missing = client.get("/api/v1/areas/42"), client.get("/api/v1/areas/99")
    assert is_problem(outside, 404) == is_problem(missing, 404)


def test_a_role_that_only_reads_gets_a_403_problem(cast: Cast, pair_a1: Pair) -> None:
    response = api(cast.viewer).post(
        pairs_url(pair_a1.programme),
        {"younger": "420103", "elder": "420101"},
        content_type="application/json",
    )
    body = is_problem(response, 403)
    assert THAI.search(body["detail"])


def test_no_token_is_a_401_problem(cast: Cast) -> None:
    response = Client().get("/api/v1/programmes")
    is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_document_describes_the_problems() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/programmes/{programme_id}/pairs"]["post"]
    assert {"400", "401", "403", "404", "412", "422", "428", "429"} <= set(operation["responses"])
    assert "Problem" in schema["components"]["schemas"]


# Docs ----------------------------------------------------------------------------------------


def test_the_docs_are_served_without_a_cdn() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower()
    for source in sources:
        assert Client().get(source).status_code == 200, source


def test_an_unknown_path_or_method_is_a_problem_too(cast: Cast, phase2: Programme) -> None:
    client = api(cast.dist_a1)
    is_problem(client.get("/api/v1/no-such-thing"), 404)
    response = client.delete("/api/v1/programmes")
    is_problem(response, 405)
    assert "GET" in response["Allow"]
