"""400, 403, 404, 500 and a refused form: in Thai, in the site's layout, with a way back."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from conftest import Cast, client_for
from phinong.core import error_pages
from phinong.urls import urlpatterns as site_urls


def _boom(request: Any) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [*site_urls, path("boom/", _boom)]
handler500 = "phinong.core.error_pages.server_error"


@pytest.fixture(autouse=True)
def _production(settings: Any) -> None:
    settings.DEBUG = False


def assert_error_page(response: Any, status: int, title: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="th">' in html and 'class="top"' in html  # the site's layout, in Thai
    assert title in html
    assert 'id="error-home" href="/"' in html
    assert "Not Found" not in html and "Forbidden" not in html and "Server Error" not in html
    return html


def test_a_missing_page_is_a_thai_404_with_a_way_home_and_back(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    response = client.get("/areas/42/", HTTP_REFERER="http://testserver/areas/4201/")
    html = assert_error_page(response, 404, "ไม่พบหน้าที่ต้องการ")
    assert 'id="error-back" href="http://testserver/areas/4201/"' in html
    assert "ออกจากระบบ" in html  # the top bar of a signed-in user


def test_it_refuses_to_offer_a_way_back_to_another_site(cast: Cast) -> None:
    response = client_for(cast.dist_a1).get("/nowhere/", HTTP_REFERER="https://evil.example/")
    html = assert_error_page(response, 404, "ไม่พบหน้าที่ต้องการ")
    assert "evil.example" not in html and 'id="error-back"' not in html


def test_a_role_that_may_not_write_gets_a_thai_403(cast: Cast) -> None:
    response = client_for(cast.viewer).get("/programmes/new/")
    assert_error_page(response, 403, "ท่านไม่มีสิทธิ์ทำรายการนี้")


def test_a_bad_request_is_a_thai_400(db: None) -> None:
    response = Client(HTTP_HOST="evil.example").get("/accounts/login/")
    html = assert_error_page(response, 400, "ระบบไม่เข้าใจคำขอนี้")
    assert 'id="error-back"' not in html


def test_a_form_refused_by_the_csrf_check_says_so_in_thai(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert_error_page(response, 403, "ระบบยังไม่ได้รับข้อมูลจากแบบฟอร์ม")


@pytest.mark.urls(__name__)
def test_a_crash_is_a_thai_500_that_needs_no_database(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = assert_error_page(response, 500, "ระบบขัดข้อง")
    assert "ออกจากระบบ" not in html  # rendered without the request's context


def test_the_500_page_renders_even_when_its_template_cannot(monkeypatch: Any) -> None:
    monkeypatch.setattr(error_pages, "TEMPLATE", "core/no-such-template.html")
    response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "ระบบขัดข้อง" in response.content.decode()
