from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import Cast, client_for
from phinong.audit.models import AuditEvent, Channel
from phinong.lessons.models import Lesson, LessonStatus
from phinong.lessons.tests.sheets import csv_bytes, write, xlsx
from phinong.programmes.models import Pair, Programme
from phinong.search.models import SearchEntry

ROWS = [
    ("420102", "ความเป็นมา", "ตำบลเมืองเริ่มธนาคารอาหารชุมชน"),
    ("420102", "ผลลัพธ์", "ครัวเรือนลดรายจ่ายได้เดือนละ 500 บาท"),
    ("420102", "ความเป็นมา", "ต่อมาขยายเป็นศูนย์แบ่งปันในทุกหมู่บ้าน"),
    ("๔๒๐๑๐๒", "ความเป็นมา", "ต่อมาขยายเป็นศูนย์แบ่งปันในทุกหมู่บ้าน"),  # the same paragraph again
]


def run(path: str, programme: Programme, user: str, *extra: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command(
        "import_lessons", path, "--programme", programme.code, "--as", user, "--json", *extra,
        stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_the_command_sets_headings_paragraph_by_paragraph(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    path = write(tmp_path / "lessons.xlsx", xlsx(ROWS))

    summary = run(path, phase2, "dist-a1")

    assert (summary["created"], summary["written"]) == (1, True)
    lesson = Lesson.objects.get()
    assert lesson.background == ("ตำบลเมืองเริ่มธนาคารอาหารชุมชน\n\nต่อมาขยายเป็นศูนย์แบ่งปันในทุกหมู่บ้าน")
    assert lesson.results == "ครัวเรือนลดรายจ่ายได้เดือนละ 500 บาท"
    assert (lesson.status, lesson.author) == (LessonStatus.DRAFT, cast.dist_a1)
    assert SearchEntry.objects.filter(kind="lesson", key=str(lesson.pk)).count() == 2
    imported = AuditEvent.objects.filter(action__in=["lesson.import", "lessons.import"])
    assert {e.channel for e in imported} == {Channel.IMPORT}
    assert imported.count() == 2


def test_a_rerun_of_the_same_file_changes_nothing(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    path = write(tmp_path / "lessons.xlsx", xlsx(ROWS))
    run(path, phase2, "dist-a1")
    events, version = AuditEvent.objects.count(), Lesson.objects.get().version

    summary = run(path, phase2, "dist-a1")

    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 0, 1)
    assert AuditEvent.objects.count() == events
    assert Lesson.objects.get().version == version


def test_a_corrected_file_replaces_the_headings_it_names(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    run(write(tmp_path / "a.csv", csv_bytes(ROWS)), phase2, "dist-a1")

    run(write(tmp_path / "b.csv", csv_bytes([("420102", "ผลลัพธ์", "แก้แล้ว")])), phase2, "dist-a1")

    lesson = Lesson.objects.get()
    assert lesson.results == "แก้แล้ว"
    assert lesson.background.startswith("ตำบลเมือง")
    assert lesson.version == 2


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, tmp_path: Path
) -> None:
    rows = [
        ("420102", "ความเป็นมา", "ดี"),
        ("450102", "ความเป็นมา", "ตำบลของจังหวัดอื่น"),  # row 5: outside the district
        ("420102", "ความเปนมา", "สะกดผิด"),  # row 6: not one of the seven
        ("4201", "ผลลัพธ์", ""),  # row 7: a district code and no text
        ("420103", "ผลลัพธ์", "ไม่ได้อยู่ในโครงการ"),  # row 8
    ]

    with pytest.raises(CommandError):
        call_command(
            "import_lessons", write(tmp_path / "bad.xlsx", xlsx(rows)),
            "--programme", phase2.code, "--as", "dist-a1", stdout=(out := __import__("io").StringIO()),
        )  # fmt: skip

    text = out.getvalue()
    assert "แถว ๕ คอลัมน์ รหัสตำบล (A)" in text
    assert "แถว ๖ คอลัมน์ หัวข้อ (B)" in text and "ความเป็นมา, กระบวนการและขั้นตอน" in text
    assert "แถว ๗ คอลัมน์ รหัสตำบล (A)" in text and "แถว ๗ คอลัมน์ เนื้อหา (C)" in text
    assert "แถว ๘ คอลัมน์ รหัสตำบล (A)" in text
    assert "แถว ๔" not in text
    assert not Lesson.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="lesson").exists()


def test_a_file_without_the_columns_is_refused_in_thai(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    path = write(tmp_path / "memo.csv", "ชื่อ,นามสกุล\nก,ข\n".encode())
    with pytest.raises(CommandError, match="รหัสตำบล หัวข้อ เนื้อหา"):
        run(path, phase2, "dist-a1")


def test_only_the_province_may_publish_on_import(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    path = write(tmp_path / "lessons.xlsx", xlsx(ROWS))
    with pytest.raises(CommandError):
        run(path, phase2, "dist-a1", "--publish")
    assert not Lesson.objects.exists()

    summary = run(path, phase2, "prov-a", "--publish")

    assert (summary["created"], summary["published"]) == (1, 1)
    assert Lesson.objects.get().status == LessonStatus.PUBLISHED
    assert run(path, phase2, "prov-a", "--publish")["published"] == 0


def test_a_tambon_leader_cannot_import_over_a_published_write_up(
    cast: Cast, phase2: Programme, pair_a1: Pair, tmp_path: Path
) -> None:
    path = write(tmp_path / "lessons.xlsx", xlsx(ROWS))
    run(path, phase2, "prov-a", "--publish")
    changed = write(tmp_path / "changed.xlsx", xlsx([("420102", "ผลลัพธ์", "แก้")]))

    with pytest.raises(CommandError):
        run(changed, phase2, "leader-a1")
    assert Lesson.objects.get().results.startswith("ครัวเรือน")


def test_the_web_upload_imports_for_the_district(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_a1)
    url = f"/lessons/{phase2.pk}/areas/4201/upload/"

    response = client.post(url, {"file": SimpleUploadedFile("l.xlsx", xlsx(ROWS))})

    assert response.status_code == 302
    assert Lesson.objects.get().results.startswith("ครัวเรือน")
    bad = client.post(url, {"file": SimpleUploadedFile("l.xlsx", xlsx([("1", "x", "")]))})
    html = bad.content.decode()
    assert bad.status_code == 200 and 'id="upload-problems"' in html
    assert "แถว ๔ คอลัมน์ หัวข้อ (B)" in html
    leader = client_for(cast.leader_a1)
    assert leader.post(url, {"file": SimpleUploadedFile("l.xlsx", xlsx(ROWS))}).status_code == 404
