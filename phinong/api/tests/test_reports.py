"""/api/v1 tambon reports: figures with If-Match, and the workflow as explicit actions."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast
from phinong.api.tests.clients import Api, is_problem
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod, ReportState, TambonReport


def figures(**overrides: Any) -> dict[str, Any]:
    return {
        "households": 40,
        "villages_covered": 0,
        "partner_networks": 1,
        "expenses_reduced": "1234.50",
        "active_centres": 1,
        "hici_households": 2,
        "food_packs": 10,
        "narrative": "ครัวเรือนปลูกผักสวนครัว",
    } | overrides


@pytest.fixture
def period(cast: Cast, phase2: Programme) -> ReportPeriod:
    return report_services.periods_from_activities(actor=cast.dept, programme=phase2)[0]


def start(api: Api, period: ReportPeriod, code: str = "420102", **overrides: Any) -> Any:
    url = f"/programmes/{period.programme_id}/periods/{period.pk}/reports"
    return api.post(url, figures(tambon=code, **overrides))


def test_a_district_reports_and_the_province_approves(
    cast: Cast, pair_a1: Pair, period: ReportPeriod, django_assert_max_num_queries: Any
) -> None:
    district, province = Api(cast.dist_a1), Api(cast.prov_a)
    created = start(district, period)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "draft" and body["expenses_reduced"] == "1234.50"
    assert body["moves"] == ["submit"]
    path = f"/reports/{body['id']}"
    submitted = district.post(f"{path}/submit", etag=district.etag(path))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    approved = province.post(f"{path}/approve", etag=submitted["ETag"])
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    reopened = province.post(f"{path}/reopen", {"reason": "ตัวเลขครัวเรือนซ้ำ"}, etag=approved["ETag"])
    assert reopened.json()["state"] == "returned"
    fixed = district.put(path, figures(households=38), etag=reopened["ETag"])
    assert fixed.status_code == 200, fixed.content
    again = district.post(f"{path}/submit", etag=fixed["ETag"])
    assert again.json()["state"] == "submitted"
    returned = province.post(f"{path}/return", {"reason": "แนบหลักฐาน"}, etag=again["ETag"])
    assert returned.json()["state"] == "returned"
    with django_assert_max_num_queries(6):
        listed = province.get(
            f"/programmes/{period.programme_id}/reports", period=period.pk, state="returned"
        )
    assert [r["id"] for r in listed.json()["items"]] == [body["id"]]
    periods = province.get(f"/programmes/{period.programme_id}/periods").json()
    assert periods["items"][0]["id"] == period.pk


def test_every_action_needs_the_current_etag(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    district, province = Api(cast.dist_a1), Api(cast.prov_a)
    path = f"/reports/{start(district, period).json()['id']}"
    old = district.etag(path)
    assert is_problem(district.put(path, figures()), 428)
    assert is_problem(district.post(f"{path}/submit"), 428)
    assert district.put(path, figures(households=41), etag=old).status_code == 200
    assert is_problem(district.put(path, figures(households=42), etag=old), 412)
    assert is_problem(district.post(f"{path}/submit", etag=old), 412)
    current = district.etag(path)
    assert district.post(f"{path}/submit", etag=current).status_code == 200
    for action, body in (("approve", None), ("return", {"reason": "x"})):
        assert is_problem(province.post(f"{path}/{action}", body), 428)
        assert is_problem(province.post(f"{path}/{action}", body, etag=current), 412)
    report = TambonReport.objects.get()
    assert report.state == ReportState.SUBMITTED and report.households == 41


def test_a_move_that_does_not_apply_is_refused(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    district, province = Api(cast.dist_a1), Api(cast.prov_a)
    path = f"/reports/{start(district, period).json()['id']}"
    assert is_problem(province.post(f"{path}/approve", etag=province.etag(path)), 400)
    no_reason = province.post(f"{path}/return", {"reason": ""}, etag=province.etag(path))
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    bad = district.put(path, figures(villages_covered=3), etag=district.etag(path))
    assert bad.status_code == 200  # saved as a draft; submitting names the error
    refused = district.post(f"{path}/submit", etag=bad["ETag"])
    assert is_problem(refused, 400)
    assert TambonReport.objects.get().state == ReportState.DRAFT


def test_reports_outside_the_area_are_404(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, period: ReportPeriod
) -> None:
    theirs = start(Api(cast.dist_b1), period, "450102").json()["id"]
    for user in (cast.dist_a1, cast.prov_a):
        api = Api(user)
        path = f"/reports/{theirs}"
        assert is_problem(api.get(path), 404)
        assert is_problem(api.put(path, figures(), etag="*"), 404)
        for action in ("submit", "approve", "return", "reopen"):
            assert is_problem(api.post(f"{path}/{action}", {"reason": "x"}, etag="*"), 404), action
        assert api.get(f"/programmes/{period.programme_id}/reports").json()["count"] == 0
    assert is_problem(start(Api(cast.dist_a1), period, "450102"), 404)
    assert TambonReport.objects.get().state == ReportState.DRAFT


def test_a_read_only_role_may_not_report_or_review(
    cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    path = f"/reports/{start(Api(cast.dist_a1), period).json()['id']}"
    viewer = Api(cast.viewer)
    assert is_problem(start(viewer, period, "420102"), 403)
    assert is_problem(viewer.put(path, figures(), etag=viewer.etag(path)), 403)
    for action in ("submit", "approve", "return", "reopen"):
        assert is_problem(
            viewer.post(f"{path}/{action}", {"reason": "x"}, etag=viewer.etag(path)), 403
        )
    province = Api(cast.prov_a)
    assert is_problem(province.put(path, figures(), etag=province.etag(path)), 403)
    assert is_problem(province.post(f"{path}/submit", etag=province.etag(path)), 403)
    assert is_problem(Api(cast.dist_a1).post(f"{path}/approve", etag=province.etag(path)), 403)


def test_a_draft_report_takes_evidence_inside_the_area_only(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, period: ReportPeriod
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phinong.api.tests.clients import API
    from phinong.api.tests.test_lessons import png as make_png

    png = make_png()
    district = Api(cast.dist_a1)
    mine = start(district, period).json()["id"]
    url = f"{API}/reports/{mine}/evidence"
    added = district.client.post(url, {"file": SimpleUploadedFile("a.png", png)})
    assert added.status_code == 201, added.content
    assert added.json()["content_type"] == "image/png"
    assert district.get(f"/reports/{mine}/evidence").json()["count"] == 1
    refused = district.client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")})
    assert is_problem(refused, 400) and "file" in refused.json()["errors"]
    province = Api(cast.prov_a).client.post(url, {"file": SimpleUploadedFile("a.png", png)})
    assert is_problem(province, 403)
    theirs = start(Api(cast.dist_b1), period, "450102").json()["id"]
    outside = f"{API}/reports/{theirs}/evidence"
    assert is_problem(
        district.client.post(outside, {"file": SimpleUploadedFile("a.png", png)}), 404
    )
    assert is_problem(district.get(f"/reports/{theirs}/evidence"), 404)
