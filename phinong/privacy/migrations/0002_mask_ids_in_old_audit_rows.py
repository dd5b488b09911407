"""Mask the national IDs (and people's phones and birth dates) that older audit rows hold in full.

New rows are masked when written (audit.services.masked); this does the same once for the rows
written before. Self-contained: migrations never import app code.
"""

from typing import Any

from django.db import migrations
from django.db.models import Q, TextField
from django.db.models.functions import Cast

PEOPLE = "register.member"


def _mask_id(value: str) -> str:
    if len(value) != 13:
        return "x" * len(value)
    return f"x-xxxx-xxxxx-{value[10:12]}-{value[12]}"


def _mask(value: Any, keys: set[str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _mask(v, keys, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v, keys, key) for v in value]
    if key not in keys or value in (None, "") or str(value).startswith("x"):
        return value
    text = str(value)
    if key == "national_id":
        return _mask_id(text)
    if key == "phone":
        return "xxx-xxx-" + text[-4:] if len(text) >= 4 else "x" * len(text)
    return "xx/xx/xxxx"


def mask_old_rows(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("audit", "AuditEvent")
    rows = event_model.objects.annotate(as_text=Cast("changes", TextField())).filter(
        Q(as_text__contains="national_id")
        | Q(object_type=PEOPLE, as_text__contains="phone")
        | Q(object_type=PEOPLE, as_text__contains="birth_date")
    )
    for pk, object_type, changes in rows.values_list("pk", "object_type", "changes").iterator():
        keys = {"national_id"} | ({"phone", "birth_date"} if object_type == PEOPLE else set())
        masked = _mask(changes, keys)
        if masked != changes:
            event_model.objects.filter(pk=pk).update(changes=masked)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_access_log"),
        ("audit", "0003_fill_channel"),
    ]

    operations = [migrations.RunPython(mask_old_rows, migrations.RunPython.noop, elidable=True)]
