"""Backup and restore of the whole database as Django fixtures (JSON, optionally compressed).

Content types, permissions, sessions and uploads awaiting confirmation are left out: migrations
recreate the first two, and restoring old sessions would log people back in. References to
permissions travel by natural key.
"""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "register.pendingupload",
]


def _restorable_models() -> list[type[models.Model]]:
    skip_apps = {"contenttypes", "sessions", "admin"}
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in skip_apps and model._meta.label != "auth.Permission"
    ]


def restore(path: Path) -> int:
    """Empty the restorable tables and load the backup, in one transaction; return the record count."""
    models = _restorable_models()
    tables = [model._meta.db_table for model in models]
    with transaction.atomic():
        _settle_deferred_constraints()
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
        )
        _defer_constraints()
        call_command("loaddata", str(path), verbosity=0)
        count = sum(model._base_manager.count() for model in models)
        sequences = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in sequences:
                cursor.execute(sql)
    return count


def _settle_deferred_constraints() -> None:
    """PostgreSQL refuses to TRUNCATE a table with pending deferred checks: run them now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _defer_constraints() -> None:
    """Back to deferred checks, so that the fixture may refer forward, as loaddata expects."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
