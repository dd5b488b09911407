"""The dashboard as a PDF memo (บันทึกข้อความ) and as an Excel workbook: scoped like the page,
Thai whatever the user's language, aggregates only."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.conf import settings
from pypdf import PdfReader

from conftest import Cast, add_leaders, client_for

# the nation's and a province's documents come from a job
from phinong.jobs.tests.helpers import fetched, read
from phinong.programmes.models import Pair, Programme
from phinong.workshops.models import CertificateSignatory


def plain(text: str) -> str:
    """Text copied out of the PDF mixes up า and ำ (WeasyPrint's glyph map for Sarabun, see
    docs/decisions.md), so both sides of a comparison fold them together."""
    return text.replace("ำ", "า")


def pdf_text(content: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 3)


# The PDF memo ---------------------------------------------------------------------------------


def test_the_national_pdf_is_a_memo_with_thai_page_numbers(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    client = client_for(cast.dept)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the memo is Thai all the same

    response = fetched(client, f"/areas/report.pdf?programme={phase2.pk}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    first = pages[0]
    for words in ("บันทึกข้อความ", "ส่วนราชการ", "ที่", "วันที่", "เรื่อง", "เรียน"):
        assert plain(words) in first
    assert plain("กรมการพัฒนาชุมชน") in first
    assert plain("ขยายผลบ้านพี่เมืองน้อง") in first
    assert plain("ทั้งประเทศ") in first
    assert len(pages) >= 2
    assert "- ๒ -" in pages[1]  # page numbers in Thai digits, from the second page
    assert plain("จึงเรียนมาเพื่อโปรดทราบ") in "".join(pages)


def test_a_province_memo_comes_from_the_provincial_office_with_thai_digits_and_be_dates(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    response = fetched(client_for(cast.prov_a), f"/areas/42/report.pdf?programme={phase2.pk}")

    assert response.status_code == 200
    first = pdf_text(response.content)[0]
    assert plain("สำนักงานพัฒนาชุมชนจังหวัดเลย") in first
    assert plain("ผู้ว่าราชการจังหวัดเลย") in first
    assert plain("ลย") in first
    assert plain("พ.ศ. ๒๕๖๔") in first  # the fiscal year, B.E. in Thai digits
    assert plain("๒๕๖") in first  # today's date is B.E. in Thai digits


def test_the_memo_is_signed_by_the_certificate_signatory_of_the_office(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    CertificateSignatory.objects.create(
        programme=phase2, area_code="42", name="นายทดสอบ ลงนาม", position="พัฒนาการจังหวัดเลย"
    )

    response = fetched(client_for(cast.prov_a), f"/areas/42/report.pdf?programme={phase2.pk}")

    text = "".join(pdf_text(response.content))
    assert plain("นายทดสอบ ลงนาม") in text
    assert plain("พัฒนาการจังหวัดเลย") in text


def test_a_tambon_memo_has_no_children_table(cast: Cast, phase2: Programme, leaders: None) -> None:
    response = client_for(cast.dist_a1).get(f"/areas/420102/report.pdf?programme={phase2.pk}")

    assert response.status_code == 200
    text = "".join(pdf_text(response.content))
    assert plain("สำนักงานพัฒนาชุมชนอำเภอเมืองเลย") in text
    assert plain("ลำดับ") not in text


# The Excel workbook ---------------------------------------------------------------------------


def test_the_national_workbook_has_the_nation_and_its_provinces_as_numbers(
    cast: Cast, phase2: Programme, leaders: None, django_assert_max_num_queries: object
) -> None:
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        response = fetched(client, f"/areas/report.xlsx?programme={phase2.pk}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = workbook(response.content)
    assert book.sheetnames == ["ระดับประเทศ", "รายจังหวัด"]
    nation = book["ระดับประเทศ"]
    headings = [c.value for c in nation[6]]
    assert headings == ["ตัวชี้วัด", "ผลการดำเนินงาน", "เป้าหมาย", "ร้อยละ"]
    pairs = [c.value for c in nation[7]]
    assert pairs[1:] == [2, 5, 0.4]  # 2 of a quota of 5: numbers, not text
    assert nation["D7"].number_format == "0.0%"
    provinces = book["รายจังหวัด"]
    assert provinces["A2"].value == "ลำดับ"
    rows = {row[1]: row for row in provinces.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == 76 and "10" not in rows
    loei = rows["42"]
    assert loei[2] == "เลย"
    assert (loei[4], loei[5]) == (1, 3)  # selected against Loei's quota
    assert isinstance(loei[3], float)  # the average progress, as a share


def test_a_province_workbook_lists_its_districts(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    response = fetched(client_for(cast.prov_a), f"/areas/42/report.xlsx?programme={phase2.pk}")

    book = workbook(response.content)
    assert book.sheetnames == ["จังหวัดเลย", "รายอำเภอ"]
    codes = [row[1] for row in book["รายอำเภอ"].iter_rows(min_row=3, values_only=True)]
    assert "4201" in codes and all(code.startswith("42") for code in codes)


def test_the_workbook_holds_no_personal_data(cast: Cast, phase2: Programme, leaders: None) -> None:
    response = fetched(client_for(cast.dept), f"/areas/42/report.xlsx?programme={phase2.pk}")

    cells = [
        str(value)
        for sheet in workbook(response.content)
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not any("ใจดี" in cell or "0812345678" in cell for cell in cells)


# Scope ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_an_area_outside_the_users_gives_404(cast: Cast, phase2: Programme, kind: str) -> None:
    assert client_for(cast.dist_b1).get(f"/areas/42/report.{kind}").status_code == 404
    assert client_for(cast.dist_a1).get(f"/areas/4202/report.{kind}").status_code == 404
    assert client_for(cast.prov_a).get(f"/areas/report.{kind}").status_code == 404


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_an_unknown_programme_or_no_login_gives_nothing(
    cast: Cast, phase2: Programme, kind: str
) -> None:
    assert client_for(cast.prov_a).get(f"/areas/42/report.{kind}?programme=999").status_code == 404
    response = client_for(cast.prov_a).__class__().get(f"/areas/42/report.{kind}")
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_pinned_national_urls_answer_with_the_files_when_no_worker_is_needed(
    cast: Cast, phase2: Programme, leaders: None
) -> None:
    """`make run` runs jobs at once as the request commits: /areas/report.pdf is then the PDF
    itself, not a page about it (the paths pinned by issue 9)."""
    client = client_for(cast.dept)

    pdf = client.get(f"/areas/report.pdf?programme={phase2.pk}")
    xlsx = client.get(f"/areas/42/report.xlsx?programme={phase2.pk}")

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert read(pdf).startswith(b"%PDF")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    assert workbook(read(xlsx)).sheetnames
