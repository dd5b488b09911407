"""A backup moves everything between the two databases Phinong runs on: SQLite → PostgreSQL →
SQLite (or, when the suite runs on PostgreSQL, PostgreSQL → SQLite → PostgreSQL) gives the same
rows in every table and the same bytes in every file."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections

from conftest import Cast
from phinong.core import backups
from phinong.core.tests.test_backups import files_in, make_uploads, put_file
from phinong.geo.models import District, Province, Tambon
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.reports.models import Evidence

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
OTHER = "roundtrip"


class NoMigrations(dict[str, Any]):
    """MIGRATION_MODULES that makes `migrate` build the tables straight from the models: seconds
    instead of a minute, and the same columns."""

    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "host-a" / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def other_database(settings: Any, tmp_path: Path, db: None) -> Iterator[str]:
    """A scratch database on the other engine, made and dropped by this test."""
    name = ""
    if connection.vendor == "sqlite":
        try:
            admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
        except psycopg.OperationalError:
            pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
        name = f"phinong_roundtrip_{secrets.token_hex(4)}"
        admin.execute(f'CREATE DATABASE "{name}"')
        parsed = dj_database_url.parse(f"postgresql://postgres@127.0.0.1:5432/{name}")
    else:
        parsed = dj_database_url.parse(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}")
    connections.settings[OTHER] = {
        **connection.settings_dict,
        **parsed,
        "OPTIONS": {},
        "CONN_MAX_AGE": 0,
    }
    settings.MIGRATION_MODULES = NoMigrations()
    try:
        connections[OTHER].connect()
        call_command("migrate", database=OTHER, run_syncdb=True, verbosity=0)
        yield OTHER
    finally:
        connections[OTHER].close()
        del connections[OTHER]
        del connections.settings[OTHER]
        if name:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


@pytest.fixture
def uploads(cast: Cast, pair_a1: Pair, phase2: Programme, media: Path) -> Evidence:
    return make_uploads(cast, phase2, media)


def every_row(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every restorable table's rows. Permissions and content types are named by natural key,
    since each database numbers its own; many-to-many rows are compared without their own id."""
    natural: dict[type[Any], dict[Any, tuple[str, ...]]] = {
        ContentType: {
            ct.pk: ct.natural_key() for ct in ContentType.objects.db_manager(alias).all()
        },
        Permission: {
            p.pk: p.natural_key()
            for p in Permission.objects.db_manager(alias).select_related("content_type")
        },
    }
    tables = {}
    for model in backups._restorable_models():
        meta = model._meta
        columns = [f for f in meta.concrete_fields if not (meta.auto_created and f.primary_key)]
        rows = []
        for values in model._base_manager.using(alias).values_list(*[f.attname for f in columns]):
            row = tuple(
                natural[f.related_model][value]  # type: ignore[index]
                if f.is_relation and f.related_model in natural and value is not None
                else value
                for f, value in zip(columns, values, strict=True)
            )
            rows.append(row)
        tables[meta.label] = sorted(rows, key=repr) if meta.auto_created else rows_by_pk(rows)
    return tables


def rows_by_pk(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: repr(row[0]))


def keep_two_provinces() -> None:
    """The other 75 provinces' 7,000 tambons add nothing to the test but a minute."""
    for model, field in ((Tambon, "code"), (District, "code"), (Province, "code")):
        model.objects.exclude(**{f"{field}__startswith": "42"}).exclude(
            **{f"{field}__startswith": "45"}
        ).delete()


def test_a_round_trip_through_the_other_database_gives_identical_records_and_files(
    tmp_path: Path, uploads: Evidence, media: Path, settings: Any, other_database: str
) -> None:
    keep_two_provinces()
    original, files = every_row("default"), files_in(media)
    assert files and Evidence.objects.exists() and Member.objects.exists()

    there = tmp_path / "from-here.tar.gz"
    call_command("backup", str(there))
    settings.MEDIA_ROOT = tmp_path / "host-b" / "media"  # the other host starts with no files
    call_command("restore", str(there), interactive=False, database=other_database)
    assert every_row(other_database) == original
    assert files_in(settings.MEDIA_ROOT) == files

    back = tmp_path / "from-there.tar.xz"
    call_command("backup", str(back), database=other_database)
    settings.MEDIA_ROOT = media
    shutil.rmtree(media)
    put_file(media, "stray.txt", b"made after the backup")
    Member.objects.all().delete()
    call_command("restore", str(back), interactive=False)
    assert every_row("default") == original
    assert files_in(media) == files
