"""An optional read replica for the pages that only read: dashboards and report pages.

With DATABASE_REPLICA_URL set, settings add a "replica" database and this router. Reads go to
the replica only while a view marked `@reads_from_replica` answers a GET or HEAD, and then only
- until that request writes anything (every write goes to the primary, and so does every read
  after it);
- outside a transaction on the primary;
- when the person did not just write: a successful POST pins them to the primary for a few
  seconds (phinong.core.replica_middleware), so that they see what they saved, whatever the
  replica's lag.
Sessions, users and login records are always read from the primary.
Without DATABASE_REPLICA_URL the router isn't installed and nothing changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"sessions", "accounts", "axes", "contenttypes", "auth"})

_replica_allowed: ContextVar[bool] = ContextVar("phinong_replica_allowed", default=False)
_pinned: ContextVar[bool] = ContextVar("phinong_pinned_to_primary", default=False)

View = TypeVar("View", bound=Callable[..., HttpResponse])


def replica_configured() -> bool:
    return REPLICA in connections.settings


def pin_to_primary(pinned: bool) -> Any:
    """Set by the middleware for the whole request; returns a token for `unpin`."""
    return _pinned.set(pinned)


def unpin(token: Any) -> None:
    _pinned.reset(token)


def reading_connection(model: type[Model]) -> BaseDatabaseWrapper:
    """The connection for raw SQL that reads `model`'s table, routed like the ORM's reads (raw
    SQL on `django.db.connection` always goes to the primary)."""
    return connections[router.db_for_read(model)]


def reads_from_replica(view: View) -> View:
    """Mark a view whose GET only reads and may show data a few seconds old."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or _pinned.get() or not replica_configured():
            return view(request, *args, **kwargs)
        # Who is asking comes from the primary, before the replica is switched on.
        getattr(getattr(request, "user", None), "is_authenticated", None)
        token = _replica_allowed.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _replica_allowed.reset(token)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """Routes reads as the module docstring says; every write, and every migration, to primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if (
            _replica_allowed.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and replica_configured()
        ):
            return REPLICA
        return None  # Django's default: the instance's own database, else "default"

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _replica_allowed.set(False)  # this request has written: read its own writes from now on
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
