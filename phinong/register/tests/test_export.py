"""Exporting the register, and reading the export back: the round trip changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from conftest import Cast
from phinong.audit.models import AuditEvent
from phinong.programmes.models import Programme
from phinong.register.columns import MASKED_MARKER
from phinong.register.exporter import export_register
from phinong.register.importer import ImportRefused, import_register
from phinong.register.models import Member
from phinong.register.sheets import read_sheet
from phinong.register.tests.sheetmaker import row, xlsx


@pytest.fixture
def registered(cast: Cast, phase2: Programme) -> list[Member]:
    """420103 paired with 420101, and 420104 with 420201 (another district): 15 + 3 leaders."""
    rows = [row(birth_date="12/05/2510", age="", moo="3") for _ in range(15)]
    rows += [
        row(younger="กกดู่", elder="นาด้วง", title="นาง", sex="หญิง", leader_type="ทางการ")
        for _ in range(3)
    ]
    data = xlsx(rows)
    result = import_register(actor=cast.dist_a1, programme=phase2, sheet=read_sheet(data, "a.xlsx"))
    assert result.written and result.created == 18, result.summary()
    return list(Member.objects.all())


def table(data: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def exported(actor, programme: Programme) -> bytes:
    out = io.BytesIO()
    export_register(actor=actor, programme=programme, out=out)
    return out.getvalue()


def test_export_then_import_changes_nothing(
    cast: Cast, phase2: Programme, registered: list[Member]
) -> None:
    data = exported(cast.dist_a1, phase2)
    result = import_register(actor=cast.dist_a1, programme=phase2, sheet=read_sheet(data, "x.xlsx"))
    assert (result.rows, result.unchanged, result.created, result.updated) == (18, 18, 0, 0)
    assert result.rejected_rows == 0


def test_the_export_reads_as_officers_write_it(
    cast: Cast, phase2: Programme, registered: list[Member]
) -> None:
    data = exported(cast.dist_a1, phase2)
    rows = table(data)
    header = rows[3]
    assert header[:5] == ["ลำดับ", "จังหวัด", "อำเภอ", "ตำบลบ้านพี่", "ตำบลเมืองน้อง"]
    first = dict(zip(header, rows[4], strict=False))
    assert first["จังหวัด"] == "เลย" and first["ตำบลเมืองน้อง"] == "นาอ้อ"
    assert first["วันเกิด"] == "12/05/2510"
    assert len(first["เลขประจำตัวประชาชน"]) == 13  # text, not a number Excel would round
    assert first["เบอร์โทรศัพท์"] == "0812345678"
    assert AuditEvent.objects.filter(action="register.export", actor=cast.dist_a1).exists()
    book = openpyxl.load_workbook(io.BytesIO(data))  # a strict reader opens it too
    assert book.active["J5"].value == first["เลขประจำตัวประชาชน"]


def test_a_masked_export_says_so_and_cannot_be_imported(
    cast: Cast, phase2: Programme, registered: list[Member]
) -> None:
    data = exported(cast.prov_a, phase2)
    rows = table(data)
    assert MASKED_MARKER in rows[2][0]
    assert rows[4][9].startswith("x-xxxx-xxxxx-")
    with pytest.raises(ImportRefused, match="ถูกปิดบัง"):
        import_register(actor=cast.dist_a1, programme=phase2, sheet=read_sheet(data, "m.xlsx"))
    event = AuditEvent.objects.get(action="register.export", actor=cast.prov_a)
    assert event.changes["national_ids"] == "masked"


def test_an_export_holds_only_the_users_area(
    cast: Cast, phase2: Programme, registered: list[Member]
) -> None:
    data = exported(cast.dist_a2, phase2)  # Na Duang: none of these tambons
    assert read_sheet(data, "x.xlsx").rows == []


def test_the_commands_round_trip(
    tmp_path: Path, cast: Cast, phase2: Programme, registered: list[Member], capsys
) -> None:
    path = tmp_path / "register.xlsx"
    call_command("export_register", programme="198/2564", username="dist-a1", output=path)
    capsys.readouterr()

    call_command("import_register", path, programme="198/2564", username="dist-a1", json=True)

    summary = json.loads(capsys.readouterr().out)
    assert summary | {"checksum": ""} == {
        "rows": 18,
        "created": 0,
        "updated": 0,
        "unchanged": 18,
        "rejected": [],
        "written": True,
        "pairs_created": 0,
        "villages_created": 0,
        "checksum": "",
    }


def test_the_import_command_reports_rows_and_refuses_unreadable_files(
    tmp_path: Path, cast: Cast, phase2: Programme, capsys
) -> None:
    bad = [row(), row(national_id="123")]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(bad))
    call_command("import_register", path, programme="198/2564", username="dist-a1", json=True)
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] is False and summary["created"] == 1
    assert summary["rejected"] == [
        {
            "row": 5,
            "column": "เลขประจำตัวประชาชน",
            "value": "123",
            "reason": summary["rejected"][0]["reason"],
        }
    ]
    assert "๑๓" in summary["rejected"][0]["reason"] or "13" in summary["rejected"][0]["reason"]

    (tmp_path / "note.xlsx").write_bytes(b"%PDF-1.4 not a spreadsheet")
    with pytest.raises(CommandError):
        call_command(
            "import_register", tmp_path / "note.xlsx", programme="198/2564", username="dist-a1"
        )
    with pytest.raises(CommandError, match="no active user"):
        call_command("import_register", path, programme="198/2564", username="nobody")
