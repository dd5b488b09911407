"""No lost edits, in a real browser: leaving a form with unsaved changes asks first, and submitting
a report saves what is on the form. Debian's Chromium through Playwright.

Skipped when Chromium is not installed, unless PHINONG_REQUIRE_BROWSER=1 (CI sets it).
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast
from phinong.core.tests.browser import log_in, skip_without_chromium
from phinong.programmes.models import Pair
from phinong.reports.models import ReportPeriod, ReportState, TambonReport

skip_without_chromium()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = {
    "households": "๔๐",
    "villages_covered": "0",
    "partner_networks": "2",
    "expenses_reduced": "1250",
    "active_centres": "1",
    "hici_households": "5",
    "food_packs": "30",
}


def report_path(period: ReportPeriod) -> str:
    return f"/reports/{period.programme_id}/periods/{period.pk}/tambons/420102/"


def test_leaving_a_report_with_unsaved_changes_asks_first(
    live_server: Any, browser: Any, cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    page = log_in(browser, live_server.url, cast.dist_a1.username)
    page.goto(live_server.url + report_path(period))
    page.wait_for_load_state("load")  # phinong.js (deferred) is running
    dialogs: list[str] = []

    def stay(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on the page"

    page.on("dialog", stay)

    # Nothing typed yet (only clicked into): leaving asks nothing.
    page.click("#id_households")
    page.click("header a.brand")
    page.wait_for_load_state("load")
    assert dialogs == [] and not page.url.endswith(report_path(period))
    page.goto(live_server.url + report_path(period))
    page.wait_for_load_state("load")

    page.click("#id_households")
    page.keyboard.type("42")  # typed by a person: the page has been used
    page.click("header a.brand")  # try to leave
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(report_path(period))  # still here, with what was typed
    assert page.input_value("#id_households") == "42"

    # Saving is not leaving: no dialog, and the figures are kept.
    for field, value in FIGURES.items():
        if field != "households":
            page.fill(f"#id_{field}", value)
    page.click("#report-form button[type=submit]:not([name])")
    page.wait_for_load_state("load")
    assert dialogs == ["beforeunload"]
    assert TambonReport.objects.get(tambon_id="420102").households == 42
    page.close()


def test_submit_saves_the_unsaved_edits_first(
    live_server: Any, browser: Any, cast: Cast, pair_a1: Pair, period: ReportPeriod
) -> None:
    page = log_in(browser, live_server.url, cast.dist_a1.username, width=360)
    page.goto(live_server.url + report_path(period))
    for field, value in FIGURES.items():
        page.fill(f"#id_{field}", value)
    page.fill("#id_hici_households", "80")  # a warning ...
    page.fill("#id_warning_comment", "รวมครัวเรือนนอกโครงการ")  # ... explained, never saved
    page.click("#move-submit button")
    page.wait_for_load_state("load")

    report = TambonReport.objects.get(tambon_id="420102")
    assert (report.state, report.hici_households, report.warning_comment) == (
        ReportState.SUBMITTED,
        80,
        "รวมครัวเรือนนอกโครงการ",
    )
    assert "80" in page.inner_text("#report-values") or "๘๐" in page.inner_text("#report-values")
    page.close()
