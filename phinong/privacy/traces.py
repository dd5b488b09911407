"""Finding and scrubbing the written forms of a national ID in any text column of any table.

A national ID can be written many ways: '3100600012345', '3-1006-00012-34-5', with spaces, or in
Thai digits. `id_forms` lists them; `scrub_everywhere` replaces each with a placeholder in every
text and JSON column of every model, so an ID copied into a narrative, a lesson or a log row goes
too. Names cannot be found this way (two people share a name, and free text spells them freely).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from phinong.lib.national_id import formatted

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ERASED_TEXT = "ลบข้อมูลแล้ว"


def id_forms(national_id: str) -> list[str]:
    """'3100600012345' → the plain, dashed and spaced forms, each also in Thai digits."""
    dashed = formatted(national_id)
    plain = [national_id, dashed, dashed.replace("-", " ")]
    return list(dict.fromkeys([*plain, *(form.translate(THAI_DIGITS) for form in plain)]))


def replace_forms(value: Any, forms: Iterable[str]) -> Any:
    """The value (a string, or JSON made of dicts and lists) with every form replaced."""
    if isinstance(value, str):
        for form in forms:
            value = value.replace(form, ERASED_TEXT)
        return value
    if isinstance(value, dict):
        return {k: replace_forms(v, forms) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_forms(v, forms) for v in value]
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
    ]


def scrub_everywhere(national_ids: Iterable[str]) -> int:
    """Replace every form of these IDs in every text and JSON column; return the rows changed."""
    forms = [form for nid in national_ids for form in id_forms(nid)]
    if not forms:
        return 0
    # JSON is stored as text with non-ASCII escaped on some databases: look for both spellings.
    json_forms = list(dict.fromkeys([*forms, *(json.dumps(f)[1:-1] for f in forms)]))
    changed = 0
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        in_model = sum(_scrub_column(model, f, forms, json_forms) for f in _text_fields(model))
        if in_model and model._meta.db_table == "search_searchentry":
            _compact_sqlite_search_index()
        changed += in_model
    return changed


def _compact_sqlite_search_index() -> None:
    """SQLite's FTS5 keeps a deleted word in its segments until they are merged: merge them now.

    (PostgreSQL's tsvector is a column of the same row, so it changed with the row.)
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")


def _scrub_column(
    model: type[models.Model],
    field: models.Field[Any, Any],
    forms: list[str],
    json_forms: list[str],
) -> int:
    manager = model._default_manager
    if isinstance(field, models.JSONField):
        queryset = manager.annotate(_as_text=Cast(field.name, TextField()))
        matches = Q()
        for form in json_forms:
            matches |= Q(_as_text__contains=form)
    else:
        queryset = manager.all()
        matches = Q()
        for form in forms:
            matches |= Q(**{f"{field.name}__contains": form})
    changed = 0
    for pk, value in queryset.filter(matches).values_list("pk", field.name).iterator():
        cleaned = replace_forms(value, forms)
        if cleaned != value:
            manager.filter(pk=pk).update(**{field.name: cleaned})
            changed += 1
    return changed
