"""What the browser tests share: Debian's Chromium through Playwright, and logging in.

A module of browser tests calls `skip_without_chromium()` at import: the tests are skipped when
Chromium is not installed, unless PHINONG_REQUIRE_BROWSER=1 (CI sets it), so a missing browser
can never turn CI green by skipping. The `browser` fixture is in the root conftest.py.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def skip_without_chromium() -> None:
    if not os.path.exists(CHROMIUM) and os.environ.get("PHINONG_REQUIRE_BROWSER") != "1":
        pytest.skip("Chromium is not installed", allow_module_level=True)


def log_in(browser: Any, base_url: str, username: str, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
