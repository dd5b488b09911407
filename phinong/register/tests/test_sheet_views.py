"""Upload → preview → confirm on the web, the rejected-rows report, export, and who may do what."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import Cast, client_for
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.register.tests.sheetmaker import csv_bytes, row, xlsx


def upload(client, programme: Programme, data: bytes, name: str = "register.xlsx"):
    return client.post(
        reverse("register:import", args=[programme.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def rows15() -> list[dict]:
    return [row(seq=n) for n in range(1, 16)]


def test_upload_preview_confirm_then_the_same_file_changes_nothing(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    data = csv_bytes(rows15(), encoding="cp874")

    response = upload(client, phase2, data, "register.csv")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert not Member.objects.exists()  # nothing written before the officer confirms
    html = preview.content.decode()
    assert 'id="import-summary"' in html
    assert "๑๕" in html

    confirm = client.post(response["Location"] + "confirm/", {"mode": "all"})
    assert confirm.status_code == 302
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert Pair.objects.filter(younger_id="420103").exists()

    again = client.get(upload(client, phase2, data, "register.csv")["Location"])
    assert 'id="nothing-to-do"' in again.content.decode()


def test_refused_rows_are_listed_and_downloadable(cast: Cast, phase2: Programme) -> None:
    client = client_for(cast.dist_a1)
    rows = rows15()
    rows[2]["national_id"] = "1234"
    location = upload(client, phase2, xlsx(rows))["Location"]

    html = client.get(location).content.decode()
    assert 'id="problems"' in html and "1234" in html

    report = client.get(location + "rejected.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report.content)).get_sheet_by_index(0)
    table = sheet.to_python()
    assert table[0] == ["แถว", "คอลัมน์", "ค่าในไฟล์", "เหตุผล"]
    assert table[1][:3] == [6, "เลขประจำตัวประชาชน", "1234"]

    refused = client.post(location + "confirm/", {"mode": "all"})
    assert refused.status_code == 302 and not Member.objects.exists()
    client.post(location + "confirm/", {"mode": "valid"})
    assert Member.objects.count() == 14


def test_a_broken_file_is_refused_in_thai_without_an_error_page(
    cast: Cast, phase2: Programme
) -> None:
    response = upload(client_for(cast.dist_a1), phase2, b"PK\x03\x04 truncated", "register.xlsx")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_another_user_cannot_open_an_upload(cast: Cast, phase2: Programme) -> None:
    location = upload(client_for(cast.dist_a1), phase2, xlsx(rows15()))["Location"]
    assert client_for(cast.dist_a2).get(location).status_code == 404
    assert client_for(cast.dist_a2).post(location + "confirm/").status_code == 404
    assert client_for(cast.dept).get(location).status_code == 404
    assert not Member.objects.exists()


def test_read_only_roles_may_not_import(cast: Cast, phase2: Programme) -> None:
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        client = client_for(user)
        assert client.get(reverse("register:import", args=[phase2.pk])).status_code == 403
        assert upload(client, phase2, xlsx(rows15())).status_code == 403
    assert not Member.objects.exists()


def test_cancel_forgets_the_upload(cast: Cast, phase2: Programme) -> None:
    client = client_for(cast.dist_a1)
    location = upload(client, phase2, xlsx(rows15()))["Location"]
    assert client.post(location + "cancel/").status_code == 302
    assert client.get(location).status_code == 404


def test_export_masks_ids_for_a_province_and_not_for_the_district(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    client.post(upload(client, phase2, xlsx(rows15()))["Location"] + "confirm/", {"mode": "all"})
    url = reverse("register:export", args=[phase2.pk])

    def id_cell(user) -> str:
        response = client_for(user).get(url)
        assert response.status_code == 200
        data = response.getvalue()
        table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        return str(table[4][9]) if len(table) > 4 else ""

    assert len(id_cell(cast.dist_a1)) == 13
    assert id_cell(cast.prov_a).startswith("x-xxxx")
    assert id_cell(cast.dist_b1) == ""  # Mueang Roi Et holds none of these leaders
    assert client_for(cast.dist_a1).get(url).status_code == 200
    assert Client().get(url).status_code == 302  # to the login page


def test_the_preview_shows_each_change_under_its_thai_heading(
    cast: Cast, phase2: Programme
) -> None:
    client = client_for(cast.dist_a1)
    rows = rows15()
    client.post(upload(client, phase2, xlsx(rows))["Location"] + "confirm/", {"mode": "all"})
    rows[0]["phone"] = "0899999999"

    html = client.get(upload(client, phase2, xlsx(rows))["Location"]).content.decode()

    assert 'id="changed"' in html
    assert "เบอร์โทรศัพท์: 0812345678 → 0899999999" in html


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    cast: Cast, phase2: Programme, settings: Any
) -> None:
    settings.PHINONG_IMPORT_MAX_BYTES = 1024
    response = upload(client_for(cast.dist_a1), phase2, xlsx(rows15()))
    assert response.status_code == 200
    assert "ไฟล์ใหญ่เกิน" in response.content.decode()
    assert not Member.objects.exists()
