"""The top bar on a phone: one line with a menu button that opens the links (no JavaScript needed)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast
from phinong.core.tests.browser import log_in, no_sideways_scroll, skip_without_chromium

skip_without_chromium()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_MAX = 64  # px: one line, where the bar used to wrap to four (about 140 px)


def header_height(page: Any) -> float:
    return float(
        page.evaluate("document.querySelector('header.top').getBoundingClientRect().height")
    )


@pytest.mark.parametrize("who", ["dept", "prov_a", "dist_a1", "leader_a1"])
def test_the_top_bar_folds_into_a_menu_on_a_360_px_phone(
    live_server: Any, browser: Any, cast: Cast, who: str
) -> None:
    page = log_in(browser, live_server.url, getattr(cast, who).username, width=360)
    page.goto(f"{live_server.url}/programmes/")
    assert header_height(page) < HEADER_MAX
    assert not page.is_visible("#top-nav")
    assert no_sideways_scroll(page)

    page.click("#menu-button")
    assert page.is_visible("#top-nav")
    assert page.is_visible("#top-nav a[href='/programmes/']")
    assert page.is_visible("#top-nav button:has-text('ออกจากระบบ')")
    assert "เมนู" in page.inner_text("#menu-button")

    page.click("#menu-button")
    assert not page.is_visible("#top-nav")
    page.close()


def test_the_menu_opens_from_the_keyboard(live_server: Any, browser: Any, cast: Cast) -> None:
    page = log_in(browser, live_server.url, cast.dist_a1.username, width=360)
    page.focus("#menu-toggle")
    page.keyboard.press("Space")
    assert page.is_visible("#top-nav")
    page.close()


def test_a_desktop_keeps_the_horizontal_bar(live_server: Any, browser: Any, cast: Cast) -> None:
    page = log_in(browser, live_server.url, cast.prov_a.username, width=1280)
    page.goto(f"{live_server.url}/programmes/")
    assert not page.is_visible("#menu-button")
    assert page.is_visible("#top-nav a[href='/programmes/']")
    assert header_height(page) < HEADER_MAX
    page.close()
