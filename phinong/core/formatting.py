"""Numbers and dates as a Thai reader expects them, in whichever language is active."""

import datetime as dt
from decimal import Decimal

from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation

from phinong.lib import dates
from phinong.lib.thai import to_thai_digits


def thai_active() -> bool:
    return (translation.get_language() or "th").startswith("th")


def num(value: int | str | None, thai: bool | None = None) -> str:
    """12 -> '๑๒' in Thai, '12' in English; thousands get a comma. `thai`: the language when the
    caller has looked it up already (a table of many numbers), else the active one."""
    if value is None:
        return "–"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return to_thai_digits(text) if (thai_active() if thai is None else thai) else text


def filesize(value: int | None) -> str:
    """2_500_000 -> '๒.๔ MB' in Thai: Django's filesizeformat, with Thai digits."""
    if value is None:
        return "–"
    text = str(filesizeformat(value))
    return to_thai_digits(text) if thai_active() else text


def baht(value: Decimal | int | None) -> str:
    """1234.5 -> '๑,๒๓๔.๕๐' in Thai: satang always shown, thousands with a comma."""
    if value is None:
        return "–"
    text = f"{Decimal(value):,.2f}"
    return to_thai_digits(text) if thai_active() else text


def date(value: dt.date | dt.datetime | None, *, long: bool = False) -> str:
    """A date in the Buddhist Era: '๑๑ ส.ค. ๒๕๖๔' (Thai) or '11 Aug 2564 BE' (English)."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.format_th(value, long=long) if thai_active() else dates.format_en(value)


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "–"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = local.strftime("%H:%M")
    return f"{date(local)} {num(clock) if thai_active() else clock}"
