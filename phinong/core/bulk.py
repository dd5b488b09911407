"""Inserting many rows at once through one prepared statement.

`bulk_create` builds one multi-row INSERT per batch, and on SQLite Django caps a statement at 999
parameters: about 60 registered people per statement, plus a model instance per row. `insert_rows`
takes plain dicts keyed by attribute name (`tambon_id`, not `tambon`), prepares one single-row
INSERT and hands the rows to SQLite's `executemany`, a loop over one prepared statement; on
PostgreSQL the rows go in with COPY.

Missing values take the field's default; `auto_now`/`auto_now_add` fields take the time of the call
unless the row gives one (seeded data dated in the past).
Text, integer and foreign-key values are passed as they are; every other field's values go through
the field's own `get_db_prep_save`, as with `save()`. No primary keys come back: read them
afterwards by a natural key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from django.db import connection
from django.db.models import (
    AutoField,
    BigAutoField,
    CharField,
    DateField,
    Field,
    ForeignKey,
    IntegerField,
    JSONField,
    Model,
    SmallAutoField,
    TextField,
)
from django.utils import timezone

CHUNK = 5000
_AS_IS = (CharField, TextField, IntegerField, ForeignKey)


def insert_rows(model: type[Model], rows: Iterable[dict[str, Any]]) -> int:
    """INSERT every row; return how many."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, AutoField | BigAutoField | SmallAutoField)
    ]
    getters = [_getter(field) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fastest way in, by far
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in iterator:
                    copy.write_row([get(row) for get in getters])
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
        while chunk := list(islice(iterator, CHUNK)):
            cursor.executemany(sql, [[get(row) for get in getters] for row in chunk])
            count += len(chunk)
    return count


def _getter(field: Field) -> Callable[[dict[str, Any]], Any]:
    name = field.attname
    if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):
        now = field.get_db_prep_save(
            timezone.now()
            if field.get_internal_type() == "DateTimeField"
            else timezone.localdate(),
            connection,
        )
        given = field.get_db_prep_save
        return lambda row: given(row[name], connection) if name in row else now
    default = field.get_default() if field.has_default() or field.null else None
    if default is None and not field.null and isinstance(field, CharField | TextField):
        default = ""
    if isinstance(field, _AS_IS):
        return lambda row: row.get(name, default)
    if isinstance(field, JSONField) and field.encoder is None:
        # JSON text is what both databases take for a JSON column, in COPY and in SQLite alike.
        return lambda row: json.dumps(row.get(name, default), ensure_ascii=False)
    prepare = field.get_db_prep_save
    return lambda row: prepare(row.get(name, default), connection)
