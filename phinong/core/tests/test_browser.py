"""A district officer's first morning, in a real browser (Debian's Chromium through Playwright).

Skipped when Chromium is not installed, unless PHINONG_REQUIRE_BROWSER=1 (CI sets it), so a missing
browser can never turn CI green by skipping.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cast
from phinong.core.tests.browser import log_in, no_sideways_scroll, skip_without_chromium
from phinong.lib.national_id import with_check_digit
from phinong.lib.thai import to_thai_digits
from phinong.programmes.models import Programme
from phinong.register.models import Member

skip_without_chromium()
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_district_officer_pairs_a_tambon_and_registers_a_leader(
    live_server: Any, browser: Any, cast: Cast, phase2: Programme
) -> None:
    page = log_in(browser, live_server.url, cast.dist_a1.username)
    assert "ออกจากระบบ" in page.content()  # Thai by default

    page.goto(f"{live_server.url}/programmes/{phase2.pk}/districts/4201/")
    page.select_option("#pair-form select[name=younger]", "420102")
    page.select_option("#pair-form select[name=elder]", "420101")
    page.click("#pair-form button[type=submit]")
    page.wait_for_load_state()
    assert "420102" in page.inner_text("#selection")

    page.click("#selection a[href*='/tambons/420102/']")
    page.wait_for_load_state()
    assert page.inner_text("#leader-progress").strip() == "๐/๑๕"

    page.click("a[href$='/leaders/new/']")
    national_id = with_check_digit("990000000123")
    typed = to_thai_digits(
        f"{national_id[0]}-{national_id[1:5]}-{national_id[5:10]}-{national_id[10:]}"
    )
    page.fill("#id_title", "นางสาว")
    page.fill("#id_first_name", "ทดสอบ")
    page.fill("#id_last_name", "เบราว์เซอร์")
    page.fill("#id_national_id", typed)
    page.select_option("#id_sex", "F")
    page.fill("#id_age", "๓๙")
    page.select_option("#id_leader_type", "informal")
    page.click("#member-form button[type=submit]:not([name])")
    page.wait_for_load_state()

    assert Member.objects.get(programme=phase2, national_id=national_id).first_name == "ทดสอบ"
    page.goto(f"{live_server.url}/register/{phase2.pk}/tambons/420102/")
    assert page.inner_text("#leader-progress").strip() == "๑/๑๕"
    page.close()


def test_a_wrong_checksum_is_named_in_thai_and_nothing_is_saved(
    live_server: Any, browser: Any, cast: Cast, phase2: Programme
) -> None:
    from conftest import tambon
    from phinong.programmes import services

    services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420102"), elder=tambon("420101")
    )
    page = log_in(browser, live_server.url, cast.dist_a1.username)
    page.goto(f"{live_server.url}/register/{phase2.pk}/tambons/420102/leaders/new/")
    page.fill("#id_title", "นาย")
    page.fill("#id_first_name", "ผิด")
    page.fill("#id_last_name", "หลักตรวจสอบ")
    page.fill("#id_national_id", "1234567890123")
    page.fill("#id_age", "40")
    page.click("#member-form button[type=submit]:not([name])")
    page.wait_for_load_state()
    assert "เลขประจำตัวประชาชน" in page.inner_text("#member-form")
    assert not Member.objects.filter(programme=phase2).exists()
    page.close()


def test_pages_fit_a_360_px_phone(
    live_server: Any, browser: Any, cast: Cast, phase2: Programme
) -> None:
    from conftest import add_leaders, tambon
    from phinong.programmes import services

    services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420102"), elder=tambon("420101")
    )
    add_leaders(cast.dist_a1, phase2, "420102", 3)
    page = log_in(browser, live_server.url, cast.dist_a1.username, width=360)
    for path in (
        "/",
        f"/programmes/{phase2.pk}/districts/4201/",
        f"/register/{phase2.pk}/tambons/420102/",
        f"/register/{phase2.pk}/tambons/420102/leaders/new/",
        f"/areas/4201/?programme={phase2.pk}",
    ):
        page.goto(f"{live_server.url}{path}")
        assert no_sideways_scroll(page), path
    page.close()


def test_english_is_one_click_away(live_server: Any, browser: Any, cast: Cast) -> None:
    page = log_in(browser, live_server.url, cast.dist_a1.username)
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "th"
    page.close()


def test_a_district_imports_its_register_from_excel_and_sees_each_step(
    live_server: Any, browser: Any, cast: Cast, phase2: Programme, tmp_path: Any
) -> None:
    from phinong.register.tests.sheetmaker import row, xlsx

    rows = [row(seq=n) for n in range(1, 16)]
    rows[3]["national_id"] = "1234567890123"  # a wrong check digit
    path = tmp_path / "ทะเบียน อ.เมืองเลย.xlsx"
    path.write_bytes(xlsx(rows))
    page = log_in(browser, live_server.url, cast.dist_a1.username)
    page.goto(f"{live_server.url}/programmes/{phase2.pk}/")
    page.click("#register-sheets a[href$='/import/']")
    page.wait_for_load_state("load")  # upload.js (deferred) has bound its submit handler
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.evaluate(  # runs after the page's own submit handler, and survives the page change
        """document.getElementById("upload-form").addEventListener("submit", () =>
            sessionStorage.setItem("bar", String(!document.getElementById("upload-progress").hidden)))"""
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-summary")
    assert page.evaluate("sessionStorage.getItem('bar')") == "true"  # the upload showed progress

    assert "/import/" in page.url and "ทะเบียน อ.เมืองเลย.xlsx" in page.content()
    problems = page.inner_text("#problems")
    assert "1234567890123" in problems and "เลขประจำตัวประชาชน" in problems
    assert not Member.objects.exists()

    page.click("#confirm-form button[name=mode][value=valid]")
    page.wait_for_load_state()
    assert "บันทึกแล้ว" in page.inner_text("ul.messages")
    assert Member.objects.filter(tambon_id="420103").count() == 14


def test_a_report_goes_up_the_chain_with_two_officers_at_once(
    live_server: Any, browser: Any, cast: Cast, phase2: Programme
) -> None:
    """The district submits, the province returns, the district fixes, the province approves,
    and the department's total changes at once."""
    from conftest import tambon
    from phinong.programmes import services as programme_services
    from phinong.reports.services import periods_from_activities

    programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420102"), elder=tambon("420101")
    )
    period = periods_from_activities(actor=cast.dept, programme=phase2)[0]
    report_url = f"{live_server.url}/reports/{phase2.pk}/periods/{period.pk}/tambons/420102/"
    nation_url = f"{live_server.url}/reports/{phase2.pk}/?period={period.pk}"
    district = log_in(browser, live_server.url, cast.dist_a1.username, width=360)
    province = log_in(browser, live_server.url, cast.prov_a.username)
    department = log_in(browser, live_server.url, cast.dept.username)

    def households_total() -> str:
        department.goto(nation_url)
        return department.inner_text("#approved-totals .card:nth-child(2) strong")

    district.goto(report_url)
    for field, value in (
        ("households", "๔๐"),
        ("expenses_reduced", "๑,๒๕๐.๕๐"),
        ("food_packs", "0"),
    ):
        district.fill(f"#id_{field}", value)
    for field in ("villages_covered", "partner_networks", "active_centres", "hici_households"):
        district.fill(f"#id_{field}", "0")
    district.click("#report-form button[type=submit]")
    district.wait_for_load_state()
    assert no_sideways_scroll(district)
    district.click("#move-submit button")
    district.wait_for_load_state()
    assert district.inner_text("#report-state") == "ส่งแล้ว" or "ส่ง" in district.inner_text(
        "#report-state"
    )

    province.goto(report_url)
    province.fill("#move-return textarea", "จำนวนครัวเรือนไม่ตรงกับทะเบียน")
    province.click("#move-return button")
    province.wait_for_load_state()

    district.goto(report_url)
    assert "จำนวนครัวเรือนไม่ตรงกับทะเบียน" in district.inner_text("#transitions")
    district.fill("#id_households", "42")
    district.click("#report-form button[type=submit]")
    district.wait_for_load_state()
    district.click("#move-resubmit button")
    district.wait_for_load_state()
    assert households_total() == "๐"

    province.goto(report_url)
    province.click("#move-approve button")
    province.wait_for_load_state()
    assert households_total() == "๔๒"
