"""The read replica: marked pages read from it; writes, reads inside a writing transaction and a
person's reads right after they saved stay on the primary; without the setting nothing changes."""

from __future__ import annotations

import runpy
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection, connections, router, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Cast, client_for
from phinong.core import db_router
from phinong.core.replica_middleware import PIN_COOKIE
from phinong.geo.models import Tambon, Village
from phinong.programmes.models import Pair, Programme

pytestmark = pytest.mark.django_db(transaction=True)
PRIMARY_ONLY_TABLES = ("django_session", "accounts_user", "axes_")


@pytest.fixture
def replica(settings: Any) -> Iterator[str]:
    """What DATABASE_REPLICA_URL gives in a test run: a mirror of the test database, here with a
    connection of its own, so that every query shows which database it went to."""
    connections.settings["replica"] = {**connection.settings_dict, "TEST": {"MIRROR": "default"}}
    connections["replica"].connect()
    settings.DATABASE_ROUTERS = ["phinong.core.db_router.ReplicaRouter"]
    try:
        yield "replica"
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


class Queries:
    """The SQL each database ran during a block."""

    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self._stack = ExitStack()

    def __enter__(self) -> Queries:
        self._stack.enter_context(self.primary)
        self._stack.enter_context(self.replica)
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.__exit__(*exc)

    def writes_on_primary(self) -> list[str]:
        return [
            q["sql"]
            for q in self.primary.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]

    def app_reads_on_primary(self) -> list[str]:
        return [
            q["sql"]
            for q in self.primary.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT")
            and not any(table in q["sql"] for table in PRIMARY_ONLY_TABLES)
        ]


def get(client: Client, url: str) -> tuple[int, Queries]:
    with Queries() as queries:
        status = client.get(url).status_code
    return status, queries


def test_a_dashboard_reads_from_the_replica(replica: str, cast: Cast, pair_a1: Pair) -> None:
    status, queries = get(client_for(cast.dist_a1), reverse("dashboards:area", args=["4201"]))
    assert status == 200
    assert len(queries.replica) > 5, queries.writes_on_primary()
    assert queries.app_reads_on_primary() == []
    assert not any("django_session" in q["sql"] for q in queries.replica.captured_queries)


def test_report_pages_read_from_the_replica(
    replica: str, cast: Cast, pair_a1: Pair, phase2: Programme
) -> None:
    client = client_for(cast.prov_a)
    status, queries = get(client, reverse("reports:area", args=[phase2.pk, "42"]))
    assert status == 200 and len(queries.replica) >= 4  # the page's own reads, all of them
    assert queries.app_reads_on_primary() == []


def test_outside_the_area_is_still_404_on_the_replica(
    replica: str, cast: Cast, pair_a1: Pair
) -> None:
    status, _queries = get(client_for(cast.dist_a1), reverse("dashboards:area", args=["4501"]))
    assert status == 404


def test_a_write_and_the_reads_right_after_it_go_to_the_primary(
    replica: str, cast: Cast, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_a1)
    with Queries() as queries:
        response = client.post(
            reverse("dashboards:village_create", args=["420102"]),
            {"moo": "7", "name_th": "บ้านโคกหนองนา"},
        )
    assert response.status_code == 302
    assert len(queries.replica) == 0
    assert Village.objects.filter(code="42010207").exists()
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == django_settings.PHINONG_REPLICA_PIN_SECONDS and pin["httponly"]

    status, queries = get(client, response["Location"])  # the page that shows the new village
    assert status == 200
    assert len(queries.replica) == 0
    assert queries.app_reads_on_primary()

    client.cookies.pop(PIN_COOKIE)  # the pin has expired
    caches["fragments"].clear()  # the page drawn again, not its part kept by the read above
    status, queries = get(client, response["Location"])
    assert status == 200 and len(queries.replica) > 5


def test_a_refused_post_does_not_pin(replica: str, cast: Cast, pair_a1: Pair) -> None:
    response = client_for(cast.viewer).post(
        reverse("dashboards:village_create", args=["420102"]), {"moo": "8", "name_th": "x"}
    )
    assert response.status_code == 403
    assert PIN_COOKIE not in response.cookies


def test_reads_stay_on_the_primary_inside_a_transaction_and_after_a_write(
    replica: str, cast: Cast
) -> None:
    token = db_router._replica_allowed.set(True)
    try:
        assert router.db_for_read(Tambon) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Tambon) == "default"
        assert router.db_for_read(Tambon) == "replica"
        assert router.db_for_write(Village) == "default"
        assert router.db_for_read(Tambon) == "default"  # this request has written
    finally:
        db_router._replica_allowed.reset(token)


def test_raw_sql_can_follow_the_routing(replica: str) -> None:
    token = db_router._replica_allowed.set(True)
    try:
        assert db_router.reading_connection(Tambon).alias == "replica"
    finally:
        db_router._replica_allowed.reset(token)
    assert db_router.reading_connection(Tambon).alias == "default"


def test_sessions_and_users_never_come_from_the_replica(replica: str) -> None:
    from django.contrib.sessions.models import Session

    from phinong.accounts.models import User

    token = db_router._replica_allowed.set(True)
    try:
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
    finally:
        db_router._replica_allowed.reset(token)


def test_the_replica_is_never_migrated(replica: str) -> None:
    assert router.allow_migrate("replica", "geo") is False
    assert router.allow_migrate("default", "geo") is True


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "phinong" / "settings.py"))


def test_without_a_replica_url_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    loaded = settings_with(monkeypatch)
    assert set(loaded["DATABASES"]) == {"default"}
    assert "DATABASE_ROUTERS" not in loaded


def test_a_replica_url_adds_a_mirrored_replica_and_the_router(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = settings_with(
        monkeypatch, DATABASE_REPLICA_URL="postgresql://phinong@replica.internal:5432/phinong"
    )
    replica = loaded["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert loaded["DATABASE_ROUTERS"] == ["phinong.core.db_router.ReplicaRouter"]
