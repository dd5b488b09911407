"""backup and restore: records and uploaded files in one private archive, restored all or nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import stat
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from conftest import Cast, add_leaders, tambon
from phinong.accounts.models import User
from phinong.audit.models import AuditEvent
from phinong.core import backups
from phinong.geo.models import Tambon
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.reports import services as report_services
from phinong.reports.models import Evidence


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def snapshot() -> dict[str, object]:
    return {
        "tambons": Tambon.objects.count(),
        "users": sorted(User.objects.values_list("username", "role", "area_code")),
        "pairs": sorted(Pair.objects.values_list("younger_id", "elder_id")),
        "members": sorted(Member.objects.values_list("national_id", "tambon_id", "version")),
        "audit": AuditEvent.objects.count(),
        "evidence": sorted(Evidence.objects.values_list("file", "size")),
    }


def files_in(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(out, format="PNG")
    return out.getvalue()


def add_evidence(cast: Cast, programme: Programme) -> Evidence:
    period = report_services.periods_from_activities(actor=cast.dept, programme=programme)[0]
    report = report_services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": 40, "narrative": "ปลูกผักสวนครัว"},
    )
    upload = SimpleUploadedFile("แปลงผัก.png", png(), content_type="image/png")
    return report_services.add_evidence(actor=cast.dist_a1, report=report, upload=upload)


def put_file(root: Path, name: str, data: bytes) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(data)


def make_uploads(cast: Cast, phase2: Programme, media: Path) -> Evidence:
    """Three leaders, an emblem, a lesson photo and a report's evidence photo."""
    add_leaders(cast.dist_a1, phase2, "420102", 3)
    put_file(media, "certificates/emblems/cdd.png", png())
    put_file(media, "lessons/2026/12/ภาพแปลง.jpg", b"\xff\xd8 a lesson photo")
    return add_evidence(cast, phase2)


@pytest.fixture
def uploads(cast: Cast, pair_a1: Pair, phase2: Programme, media: Path) -> Evidence:
    return make_uploads(cast, phase2, media)


def test_restore_brings_back_the_records_and_every_uploaded_file(
    tmp_path: Path, cast: Cast, uploads: Evidence, media: Path
) -> None:
    before, files_before = snapshot(), files_in(media)
    assert uploads.file.name in files_before and len(files_before) == 3
    path = tmp_path / "phinong.tar.gz"
    call_command("backup", str(path))
    with tarfile.open(path) as tar:
        names = tar.getnames()
    assert names[:2] == [backups.MANIFEST, backups.RECORDS]
    assert {f"media/{name}" for name in files_before} == set(names[2:])

    Member.objects.all().delete()
    User.objects.create(username="intruder")
    (media / uploads.file.name).unlink()  # the fresh host of the audit: no files at all
    put_file(media, "stray/left-over.txt", b"not in the backup")
    put_file(media, "certificates/emblems/cdd.png", b"changed since")
    call_command("restore", str(path), interactive=False)

    assert snapshot() == before
    assert files_in(media) == files_before
    assert not [p for p in media.iterdir() if p.name.startswith(backups.STAGING_PREFIX)]
    assert User.objects.get(username=cast.dist_a1.username).check_password(
        "a-long-test-password-42"
    )


def test_restore_fills_an_empty_media_folder_on_a_fresh_host(
    tmp_path: Path, uploads: Evidence, media: Path, settings: Any
) -> None:
    files_before = files_in(media)
    path = tmp_path / "phinong.tar"
    call_command("backup", str(path))
    settings.MEDIA_ROOT = tmp_path / "fresh-host" / "media"  # does not exist yet
    call_command("restore", str(path), interactive=False)
    assert files_in(settings.MEDIA_ROOT) == files_before


def test_an_old_records_only_backup_still_restores_and_leaves_the_files_alone(
    tmp_path: Path, uploads: Evidence, media: Path
) -> None:
    before, files_before = snapshot(), files_in(media)
    path = tmp_path / "old.json.gz"
    call_command("dumpdata", exclude=backups.EXCLUDED, natural_foreign=True, output=str(path))
    with gzip.open(path) as stream:
        assert stream.read(1) == b"["
    Member.objects.all().delete()
    call_command("restore", str(path), interactive=False)
    assert snapshot() == before
    assert files_in(media) == files_before


def test_a_backup_named_json_is_still_the_whole_archive(
    tmp_path: Path, uploads: Evidence, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nightly.json.gz"
    call_command("backup", str(path))
    assert "tar archive" in capsys.readouterr().err
    assert tarfile.is_tarfile(path)


def test_timestamps_keep_their_microseconds(tmp_path: Path, cast: Cast) -> None:
    moment = dt.datetime(2026, 12, 7, 8, 30, 15, 123456, tzinfo=dt.UTC)
    AuditEvent.objects.filter(pk__in=AuditEvent.objects.values("pk")).update(at=moment)
    User.objects.filter(pk=cast.dept.pk).update(last_login=moment)
    path = tmp_path / "b.tar"
    call_command("backup", str(path))
    User.objects.filter(pk=cast.dept.pk).update(last_login=None)
    call_command("restore", str(path), interactive=False)
    assert User.objects.get(pk=cast.dept.pk).last_login == moment


# -------------------------------------------------------------------------------- mode 0600


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the worst case: every file would be world-readable by default
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_readable_by_its_owner_only(
    tmp_path: Path, uploads: Evidence, open_umask: None
) -> None:
    path = tmp_path / "b.tar.gz"
    path.write_bytes(b"yesterday's backup")
    path.chmod(0o644)
    call_command("backup", str(path))
    assert mode(path) == 0o600
    assert tarfile.is_tarfile(path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")) == []


def test_every_temporary_file_of_a_backup_is_private(
    tmp_path: Path, uploads: Evidence, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, int] = {}
    real_serialize = backups._serialize

    def spying(path: Path, using: str) -> int:
        count = real_serialize(path, using)
        seen["folder"] = mode(path.parent)
        seen["records"] = mode(path)
        return count

    monkeypatch.setattr(backups, "_serialize", spying)
    call_command("backup", str(tmp_path / "b.tar"))
    assert seen == {"folder": 0o700, "records": 0o600}


# -------------------------------------------------------------------------- refusing bad files


def archive(path: Path, entries: list[tarfile.TarInfo | tuple[str, bytes]], files: int) -> Path:
    manifest = json.dumps({"format": backups.FORMAT, "files": files}).encode()
    with tarfile.open(path, "w") as tar:
        for entry in [(backups.MANIFEST, manifest), (backups.RECORDS, b"[]"), *entries]:
            if isinstance(entry, tarfile.TarInfo):
                tar.addfile(entry)
                continue
            name, data = entry
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("media/../../escaped.txt", b"x")], "outside MEDIA_ROOT"),
        ([("media/evidence/../../../escaped.txt", b"x")], "outside MEDIA_ROOT"),
        ([link("media/evidence/passwd", "/etc/passwd")], "link"),
        ([("elsewhere/escaped.txt", b"x")], "unexpected entry"),
        ([("media/a.txt", b"x"), ("media/a.txt", b"y")], "twice"),
    ],
)
def test_restore_refuses_paths_that_leave_media_root_and_changes_nothing(
    tmp_path: Path, uploads: Evidence, media: Path, entries: list[Any], message: str
) -> None:
    before, files_before = snapshot(), files_in(media)
    path = archive(tmp_path / "evil.tar", entries, files=len(entries))
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), interactive=False)
    assert snapshot() == before
    assert files_in(media) == files_before
    assert not (tmp_path / "escaped.txt").exists()


def test_a_broken_archive_changes_neither_records_nor_files(
    tmp_path: Path, uploads: Evidence, media: Path
) -> None:
    before, files_before = snapshot(), files_in(media)
    bad = b'[{"model": "register.member", "pk": 1, "fields": {"tambon": "999999"}}]'
    path = tmp_path / "bad.tar"
    manifest = json.dumps({"format": backups.FORMAT, "files": 1}).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in (
            (backups.MANIFEST, manifest),
            (backups.RECORDS, bad),
            ("media/evidence/new.png", b"new"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(Exception):  # noqa: B017 - loaddata raises several kinds
        call_command("restore", str(path), interactive=False)
    assert snapshot() == before
    assert files_in(media) == files_before


def test_a_truncated_archive_is_refused(tmp_path: Path, uploads: Evidence, media: Path) -> None:
    path = tmp_path / "b.tar"
    call_command("backup", str(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(path), interactive=False)


def test_restore_refuses_a_missing_file(tmp_path: Path, db: None) -> None:
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "nothing.json"), interactive=False)


def test_backup_names_the_files_that_records_point_to_but_are_missing(
    tmp_path: Path, uploads: Evidence, media: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (media / uploads.file.name).unlink()
    call_command("backup", str(tmp_path / "b.tar"))
    err = capsys.readouterr().err
    assert "1 files that records name are not in MEDIA_ROOT" in err
    assert uploads.file.name in err
