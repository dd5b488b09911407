from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast, client_for
from phinong.register.models import Member
from phinong.search.tests.conftest import lesson

BG, RESULTS = "ความเป็นมา", "ผลลัพธ์"


def test_the_page_groups_hits_by_kind(
    cast: Cast, leaders: dict[str, Member], django_assert_max_num_queries: Any
) -> None:
    lesson("1", "420102", **{BG: "สมชายตั้งธนาคารอาหาร"})
    client = client_for(cast.prov_a)
    with django_assert_max_num_queries(15):
        page = client.get("/search/", {"q": "สมชาย"}).content.decode()
    assert 'id="hits-leaders"' in page and 'id="hits-lessons"' in page
    assert f"/register/members/{leaders['somchai'].pk}/" in page
    assert "<mark>สมชาย</mark>" in page
    assert 'value="สมชาย"' in page


def test_the_page_filters_lessons(cast: Cast) -> None:
    lesson("1", "420102", 1, **{BG: "ผักปลอดสารพิษ"})
    lesson("2", "420201", 2, **{RESULTS: "ผักปลอดสารพิษ"})
    client = client_for(cast.prov_a)
    page = client.get("/search/", {"q": "ผัก", "heading": RESULTS}).content.decode()
    assert "/lessons/2/" in page and "/lessons/1/" not in page
    page = client.get("/search/", {"q": "ผัก", "area": "4201", "programme": "1"}).content.decode()
    assert "/lessons/1/" in page and "/lessons/2/" not in page


def test_nothing_outside_the_area_appears(cast: Cast, leaders: dict[str, Member]) -> None:
    lesson("3", "450102", **{BG: "สมชายตั้งธนาคารอาหาร"})
    page = client_for(cast.dist_a1).get("/search/", {"q": "สมชาย ร้อยเอ็ด"}).content.decode()
    assert "/lessons/3/" not in page and "ร้อยเอ็ด</a>" not in page
    page = client_for(cast.dist_a1).get("/search/", {"q": "ร้อยเอ็ด"}).content.decode()
    assert "/areas/45" not in page


def test_every_page_has_the_search_box_and_anonymous_users_are_sent_to_log_in(
    cast: Cast,
) -> None:
    page = client_for(cast.dist_a1).get("/", follow=True).content.decode()
    assert 'action="/search/"' in page and 'role="search"' in page
    response = client_for(cast.dist_a1).get("/search/", {"q": ""})
    assert response.status_code == 200
    from django.test import Client

    assert Client().get("/search/", {"q": "ผัก"}).status_code == 302


@pytest.mark.parametrize("bad", ["x" * 5000, '"""', "%_%", "' OR 1=1 --", "NEAR(a b)", "*"])
def test_odd_queries_do_not_break_the_page(cast: Cast, bad: str) -> None:
    lesson("1", "420102", **{BG: "ผัก"})
    assert client_for(cast.dept).get("/search/", {"q": bad, "programme": "x"}).status_code == 200


def test_lesson_hits_come_a_page_at_a_time(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from phinong.search import selectors

    monkeypatch.setattr(selectors, "LESSON_PAGE", 2)
    for key in ("1", "2", "3"):
        lesson(key, "420102", **{BG: "ธนาคารอาหารชุมชน"})
    client = client_for(cast.prov_a)

    first = client.get("/search/", {"q": "ธนาคารอาหาร"}).content.decode()
    second = client.get("/search/", {"q": "ธนาคารอาหาร", "page": "2"}).content.decode()

    assert first.count("<mark>") == 2 and second.count("<mark>") == 1
    assert 'id="lessons-pager"' in first and "page=2" in first and "q=" in first
    shown = {k for k in ("1", "2", "3") for html in (first, second) if f"/lessons/{k}/" in html}
    assert shown == {"1", "2", "3"}
