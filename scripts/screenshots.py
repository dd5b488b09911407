"""Take the README's screenshots from a running demo (`make run`), in Thai, with Debian's Chromium.

uv run python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--password phinong-demo]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))  # for the sheet maker of the tests
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def log_in(browser: Any, base: str, username: str, password: str, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="th-TH")
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def programme_pk(page: Any, base: str) -> str:
    page.goto(f"{base}/programmes/")
    href = page.get_attribute("a[href*='/programmes/']:has-text('198/2564')", "href")
    match = re.search(r"/programmes/(\d+)/", href or "")
    if not match:
        raise SystemExit("programme 198/2564 not found: run `make demo` first")
    return match.group(1)


def shoot(page: Any, base: str, path: str, name: str, *, full: bool = False) -> None:
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / name), full_page=full)
    print(OUT / name)


def import_preview(page: Any, base: str, pk: str) -> None:
    """Upload a sheet for 420105 (elder 420201) with one wrong ID, and shoot the preview.

    Nothing is confirmed, so the demo is left as it was.
    """
    from phinong.register.tests.sheetmaker import row, xlsx

    rows = [row(seq=n, younger="น้ำหมาน", elder="นาด้วง") for n in range(1, 16)]
    rows[6]["national_id"] = "3100500123457"
    path = Path(tempfile.mkdtemp()) / "ทะเบียนกลุ่มเป้าหมาย อ.เมืองเลย.xlsx"
    path.write_bytes(xlsx(rows))
    page.goto(f"{base}/register/{pk}/import/")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#import-summary")
    page.screenshot(path=str(OUT / "8-import-preview.png"), full_page=False)
    print(OUT / "8-import-preview.png")


def workshops(page: Any, phone: Any, base: str, pk: str) -> None:
    """The demo workshop: its page, ticking a day on a phone, the timeline, a certificate."""
    page.goto(f"{base}/workshops/{pk}/")
    page.click("#workshops a")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / "12-workshop.png"))
    print(OUT / "12-workshop.png")
    workshop_url = page.url
    phone.goto(f"{workshop_url}days/2/")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(OUT / "13-attendance-phone.png"))
    print(OUT / "13-attendance-phone.png")
    shoot(page, base, f"/workshops/{pk}/timeline/4201/", "14-timeline.png")
    page.goto(workshop_url)
    href = page.get_attribute("#participants a[href$='.pdf']", "href")
    pdf = page.request.get(f"{base}{href}").body()
    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=1.4).to_pil()
    image.save(OUT / "15-certificate.png")
    print(OUT / "15-certificate.png")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default="phinong-demo")
    args = parser.parse_args()
    base, password = args.base_url.rstrip("/"), args.password
    OUT.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        page = log_in(browser, base, "demo-d4201", password, 1100)
        pk = programme_pk(page, base)
        shoot(page, base, f"/areas/4201/?programme={pk}", "2-district.png")
        shoot(page, base, f"/programmes/{pk}/districts/4201/", "3-pairs.png", full=True)
        shoot(page, base, f"/register/{pk}/tambons/420102/", "4-register.png")
        phone = log_in(browser, base, "demo-d4201", password, 360)
        phone.goto(f"{base}/register/{pk}/tambons/420102/")
        phone.set_viewport_size({"width": 360, "height": 760})
        shoot(phone, base, f"/register/{pk}/tambons/420102/", "5-register-phone.png")

        import_preview(page, base, pk)

        shoot(page, base, f"/reports/{pk}/areas/420104/", "10-report-returned.png", full=True)
        phone.set_viewport_size({"width": 360, "height": 760})
        phone.goto(f"{base}/centres/tambons/420102/")
        phone.click("a[href*='/centres/']:not([href*='/tambons/'])")
        phone.wait_for_load_state("networkidle")
        phone.screenshot(path=str(OUT / "11-centre-phone.png"))
        print(OUT / "11-centre-phone.png")

        workshops(page, phone, base, pk)

        page = log_in(browser, base, "demo-p42", password, 1100)
        shoot(page, base, f"/areas/42/?programme={pk}", "6-province.png", full=True)
        shoot(page, base, f"/reports/{pk}/areas/42/", "9-reports-province.png", full=True)
        page = log_in(browser, base, "demo-dept", password, 1100)
        shoot(page, base, f"/areas/?programme={pk}", "7-nation.png")
        browser.close()


if __name__ == "__main__":
    main()
