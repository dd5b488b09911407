"""Sessions kept in files (PHINONG_SESSIONS=files): a signed-in page reads no session row, and a
sign-out ends the session for every process that shares the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Cast, settings_with


@pytest.fixture
def file_sessions(settings: Any, tmp_path: Path) -> Path:
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "sessions"),
        },
    }
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return tmp_path / "sessions"


def session_reads(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(path)
    return answer.status_code, sum("django_session" in q["sql"] for q in queries)


def test_a_signed_in_page_reads_the_session_from_the_files(cast: Cast, file_sessions: Path) -> None:
    client = Client()
    client.force_login(cast.dist_a1)

    assert session_reads(client, "/privacy/") == (200, 0)
    assert list(file_sessions.glob("*.djcache"))


def test_a_sign_out_ends_the_session_in_every_process(cast: Cast, file_sessions: Path) -> None:
    browser = Client()
    browser.force_login(cast.dist_a1)
    cookie = browser.cookies["sessionid"].value
    other_worker = Client()  # another gunicorn worker: its own handler, the same files
    other_worker.cookies["sessionid"] = cookie
    assert other_worker.get("/areas/4201/").status_code == 200

    assert browser.post("/accounts/logout/").status_code == 302

    assert other_worker.get("/areas/4201/")["Location"].startswith("/accounts/login/")
    assert not list(file_sessions.glob("*.djcache"))


def test_a_session_missing_from_the_files_is_read_from_the_database(
    cast: Cast, file_sessions: Path
) -> None:
    client = Client()
    client.force_login(cast.dist_a1)
    for kept in file_sessions.glob("*.djcache"):
        kept.unlink()  # a new machine, or the files cleared

    assert session_reads(client, "/privacy/") == (200, 1)
    assert session_reads(client, "/privacy/") == (200, 0)


ENGINE = "s.SESSION_ENGINE, s.CACHES.get('sessions')"


@pytest.mark.parametrize(
    ("value", "engine", "store"),
    [
        ("files", "backends.cached_db", "FileBasedCache"),
        ("db", "backends.db", "None"),
        ("", "backends.db", "None"),
    ],
)
def test_phinong_sessions_chooses_where_sessions_are_read(
    value: str, engine: str, store: str, tmp_path: Path
) -> None:
    shown = settings_with({"PHINONG_SESSIONS": value}, ENGINE, tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert engine in shown.stdout
    assert store in shown.stdout


def test_a_wrong_phinong_sessions_is_refused(tmp_path: Path) -> None:
    shown = settings_with({"PHINONG_SESSIONS": "redis"}, ENGINE, tmp_path=tmp_path)
    assert shown.returncode != 0
    assert "PHINONG_SESSIONS must be db or files" in shown.stderr
