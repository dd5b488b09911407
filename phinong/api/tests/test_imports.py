"""/api/v1 register imports: upload (a dry run), read it again, confirm or cancel."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import Cast
from phinong.api.tests.clients import API, Api, is_problem
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member, PendingUpload
from phinong.register.tests.sheetmaker import csv_bytes, row


def rows(n: int = 15) -> list[dict[str, Any]]:
    return [row(seq=i) for i in range(1, n + 1)]


def upload(api: Api, programme: Programme, data: bytes, name: str = "register.csv") -> Any:
    return api.client.post(
        f"{API}/programmes/{programme.pk}/imports", {"file": SimpleUploadedFile(name, data)}
    )


def test_upload_dry_run_then_confirm(cast: Cast, phase2: Programme, tmp_path: Any) -> None:
    api = Api(cast.dist_a1)
    data = csv_bytes(rows())
    uploaded = upload(api, phase2, data)
    assert uploaded.status_code == 201, uploaded.content
    result = uploaded.json()
    assert not Member.objects.exists()
    (tmp_path / "register.csv").write_bytes(data)
    out = StringIO()
    call_command(
        "import_register",
        str(tmp_path / "register.csv"),
        "--programme",
        phase2.code,
        "--as",
        cast.dist_a1.username,
        "--dry-run",
        "--json",
        stdout=out,
    )
    assert {k: v for k, v in result.items() if k not in ("import_id", "filename")} == json.loads(
        out.getvalue()
    )
    path = f"/programmes/{phase2.pk}/imports/{result['import_id']}"
    assert api.get(path).json() == result
    confirmed = api.post(f"{path}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["written"] is True and confirmed.json()["created"] == 15
    assert Member.objects.filter(tambon_id="420103").count() == 15
    assert Pair.objects.filter(younger_id="420103").exists()
    assert is_problem(api.post(f"{path}/confirm"), 404)  # it is gone once written


def test_refused_rows_write_nothing_and_the_upload_waits(cast: Cast, phase2: Programme) -> None:
    api = Api(cast.dist_a1)
    bad = rows()
    bad[2]["national_id"] = "1234"
    result = upload(api, phase2, csv_bytes(bad)).json()
    assert [r["row"] for r in result["rejected"]] and result["rejected"][0]["column"]
    path = f"/programmes/{phase2.pk}/imports/{result['import_id']}"
    refused = api.post(f"{path}/confirm")
    assert refused.status_code == 200 and refused.json()["written"] is False
    assert not Member.objects.exists()
    valid = api.post(f"{path}/confirm", {"valid_only": True})
    assert valid.json()["written"] is True and Member.objects.count() == 14


def test_it_refuses_a_file_it_cannot_read(cast: Cast, phase2: Programme) -> None:
    response = upload(Api(cast.dist_a1), phase2, b"\x00\x01not a sheet", "register.xlsx")
    assert is_problem(response, 400) and "file" in response.json()["errors"]
    assert not PendingUpload.objects.exists()


def test_a_cancelled_upload_is_gone(cast: Cast, phase2: Programme) -> None:
    api = Api(cast.dist_a1)
    result = upload(api, phase2, csv_bytes(rows())).json()
    path = f"/programmes/{phase2.pk}/imports/{result['import_id']}"
    assert api.delete(path).status_code == 204
    assert is_problem(api.get(path), 404) and not PendingUpload.objects.exists()


def test_another_users_upload_is_404(cast: Cast, phase2: Programme) -> None:
    result = upload(Api(cast.dist_a1), phase2, csv_bytes(rows())).json()
    path = f"/programmes/{phase2.pk}/imports/{result['import_id']}"
    for user in (cast.dist_b1, cast.dist_a2, cast.dept):
        api = Api(user)
        assert is_problem(api.get(path), 404), user
        assert is_problem(api.post(f"{path}/confirm"), 404), user
        assert is_problem(api.delete(path), 404), user
    assert PendingUpload.objects.count() == 1 and not Member.objects.exists()


def test_a_read_only_role_may_not_import(cast: Cast, phase2: Programme) -> None:
    for user in (cast.viewer, cast.prov_a, cast.leader_a1):
        assert is_problem(upload(Api(user), phase2, csv_bytes(rows())), 403), user
    assert not PendingUpload.objects.exists()
