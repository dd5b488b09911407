"""A backup taken while the app writes holds one consistent moment, and its temporary copy is
private (SQLite: the online backup API; PostgreSQL: one REPEATABLE READ transaction)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tarfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from phinong.audit.models import AuditEvent
from phinong.core import backups
from phinong.geo.models import Tambon, Village

pytestmark = pytest.mark.django_db(transaction=True)
WRITER = "backup-writer"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def live(geography: None, tmp_path: Path) -> Iterator[str]:
    """The database the app writes to: on SQLite, a file in WAL mode as in production (the test
    database lives in memory), copied from the test database; on PostgreSQL, the test database."""
    if connection.vendor != "sqlite":
        yield "default"
        return
    path = tmp_path / "live.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    connections.settings["live"] = {**connection.settings_dict, "NAME": str(path)}
    try:
        connections["live"].connect()  # made here, so not refused as a stray database
        yield "live"
    finally:
        connections["live"].close()
        del connections["live"]
        del connections.settings["live"]


class Writer(threading.Thread):
    """Adds a village and its audit row in one transaction, again and again."""

    def __init__(self, alias: str) -> None:
        super().__init__(daemon=True)
        self.alias = alias
        self.codes = list(
            Tambon.objects.using(alias).order_by("code").values_list("code", flat=True)[:60]
        )
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            connections[self.alias].connect()  # this thread's own connection
            for n in range(len(self.codes) * 99):
                if self.stop.is_set():
                    break
                code = f"{self.codes[n // 99]}{n % 99 + 1:02d}"
                with transaction.atomic(using=self.alias):
                    Village.objects.using(self.alias).create(
                        code=code, tambon_id=code[:6], moo=n % 99 + 1, name_th=f"บ้านทดสอบ {n}"
                    )
                    AuditEvent.objects.using(self.alias).create(
                        actor_username=WRITER,
                        origin="test",
                        action="village.create",
                        object_type="village",
                        object_id=code,
                        object_label=code,
                        area_code=code,
                    )
                self.committed += 1
        except BaseException as exc:  # reported by the test
            self.error = exc
        finally:
            connections.close_all()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while self.committed < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)


def test_a_backup_while_the_app_writes_holds_one_consistent_moment(
    live: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Writer(live)
    real_serialize = backups._serialize
    at_snapshot: dict[str, int] = {}

    def serialize_while_writing(path: Path, using: str) -> int:
        # The first read fixes the moment; the app then commits more before the dump goes on.
        at_snapshot["villages"] = Village.objects.using(using).count()
        at_snapshot["committed"] = writer.committed
        writer.wait_for(writer.committed + 5)
        return real_serialize(path, using)

    monkeypatch.setattr(backups, "_serialize", serialize_while_writing)
    writer.start()
    writer.wait_for(3)
    try:
        summary = backups.backup(tmp_path / "b.tar", using=live)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None, writer.error
    assert writer.committed >= at_snapshot["committed"] + 5  # the app wrote during the dump

    with tarfile.open(tmp_path / "b.tar") as tar:
        stream = tar.extractfile(backups.RECORDS)
        assert stream is not None
        records = json.load(stream)
    villages = {r["pk"] for r in records if r["model"] == "geo.village"}
    audited = {
        r["fields"]["object_id"]
        for r in records
        if r["model"] == "audit.auditevent" and r["fields"]["actor_username"] == WRITER
    }
    assert villages == audited  # every transaction whole, none half
    assert len(villages) == at_snapshot["villages"]  # nothing from after the moment
    assert summary.records == len(records)


def test_the_sqlite_copy_is_private_whatever_the_umask(live: str, tmp_path: Path) -> None:
    if connections[live].vendor != "sqlite":
        pytest.skip("the online backup API is SQLite's")
    old = os.umask(0)
    try:
        with backups._sqlite_snapshot(live, tmp_path / "copy.sqlite3") as alias:
            assert stat.S_IMODE((tmp_path / "copy.sqlite3").stat().st_mode) == 0o600
            assert Tambon.objects.using(alias).count() == Tambon.objects.using(live).count()
    finally:
        os.umask(old)


def test_the_backup_command_runs_on_a_database_in_use(live: str, tmp_path: Path) -> None:
    call_command("backup", str(tmp_path / "b.tar.gz"), database=live)
    assert stat.S_IMODE((tmp_path / "b.tar.gz").stat().st_mode) == 0o600
