"""Template filters for Thai readers; loaded as builtins, so every template has them."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template

from phinong.core import formatting
from phinong.core.error_messages import error_messages
from phinong.lib import national_id as nid

register = template.Library()


@register.filter
def num(value: int | str | None) -> str:
    return formatting.num(value)


@register.filter
def baht(value: Decimal | int | None) -> str:
    return formatting.baht(value)


@register.filter
def filesize(value: int | None) -> str:
    return formatting.filesize(value)


@register.filter
def thai_errors(errors: Iterable[Any]) -> list[str]:
    """`{% for e in field.errors|thai_errors %}`: Django's numbers in Thai digits in Thai."""
    return error_messages(errors)


@register.filter
def year(value: int | None) -> str:
    """A year such as 2564: Thai or Arabic digits like `num`, but never a thousands comma."""
    return formatting.num(None if value is None else str(value))


@register.filter
def bedate(value: dt.date | dt.datetime | None) -> str:
    return formatting.date(value)


@register.filter
def bedate_long(value: dt.date | dt.datetime | None) -> str:
    return formatting.date(value, long=True)


@register.filter
def bedatetime(value: dt.datetime | None) -> str:
    return formatting.datetime(value)


@register.filter
def national_id(value: str, show: bool) -> str:
    return nid.formatted(value) if show else nid.masked(value)


@register.filter
def phone(value: str, show: bool) -> str:
    if not value:
        return ""
    return value if show else nid.masked_phone(value)


@register.filter
def progress_class(done: int, total: int) -> str:
    if not total:
        return "empty"
    return "done" if done >= total else ("partial" if done else "empty")


@register.filter
def get_item(mapping: object, key: str) -> object:
    """mapping[key] for a dict (0 when missing), or the attribute `key` of a record."""
    if isinstance(mapping, dict):
        return mapping.get(key, 0)
    return getattr(mapping, key, "")
