"""The demo's clock: what the demo writes is dated inside the programme, not on the day it is seeded.

The demo goes through the real services, which stamp their rows with the time of the call. Each step
of the demo runs inside `dated(moment)`: when the step is done, every timestamp it wrote (audit
events, report transitions and submission times, notifications, created/updated times, …) is moved to
`moment`, a date in August–September 2564 for phase 2. So a report submitted before its due date
counts as on time, and the histories read like the programme's. Rows written before the step are
left alone, so seeding the demo again dates nothing anew.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models
from django.utils import timezone

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Bangkok time (C.E. year)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def _timestamp_fields() -> list[tuple[type[models.Model], str]]:
    fields = []
    for model in apps.get_models():
        if not model.__module__.startswith("phinong."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                fields.append((model, field.attname))
    return fields


@contextmanager
def dated(moment: dt.datetime) -> Iterator[None]:
    """Date every timestamp written inside the block at `moment`."""
    started = timezone.now()
    yield
    for model, name in _timestamp_fields():
        model._default_manager.filter(**{f"{name}__gte": started}).update(**{name: moment})
