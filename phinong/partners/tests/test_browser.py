"""A district officer adds a partner on a 360-px phone (Debian's Chromium through Playwright).

Skipped when Chromium is not installed, unless PHINONG_REQUIRE_BROWSER=1 (CI sets it).
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD, Cast
from phinong.core.tests.browser import no_sideways_scroll, skip_without_chromium
from phinong.partners.models import Partner

skip_without_chromium()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_officer_adds_a_partner_on_a_phone(
    live_server: Any, browser: Any, cast: Cast
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", cast.dist_a1.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/partners/")
    assert page.url.endswith("/partners/areas/4201/")
    assert no_sideways_scroll(page)
    page.click("a[href$='/partners/areas/4201/new/']")
    page.wait_for_load_state()
    assert no_sideways_scroll(page)
    page.fill("#partner-form input[name=name]", "วัดศรีสุทธาวาส")
    page.select_option("#partner-form select[name=kind]", "temple")
    page.check("#partner-form input[name=tambons][value='420102']")
    page.check("#partner-form input[name=tambons][value='420103']")
    page.click("#partner-form button[type=submit]")
    page.wait_for_load_state()

    partner = Partner.objects.get()
    assert page.url.endswith(f"/partners/{partner.pk}/")
    assert "เมือง" in page.inner_text("#tambons")
    assert "นาอ้อ" in page.inner_text("#tambons")
    assert no_sideways_scroll(page)

    page.goto(f"{live_server.url}/partners/areas/4201/")
    assert "วัดศรีสุทธาวาส" in page.inner_text("#partners")
    assert no_sideways_scroll(page)
    page.close()
