"""Quantities and months as the ledger pages and messages show them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from phinong.core.formatting import num, thai_active
from phinong.lib.dates import BE_OFFSET, MONTHS_EN_ABBR, MONTHS_TH, be_year
from phinong.lib.thai import to_arabic_digits

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def qty(value: Decimal | int | None) -> str:
    """12.50 -> '๑๒.๕' in Thai, '12.5' in English; no trailing zeros, thousands get a comma."""
    if value is None:
        return num(None)
    amount = Decimal(value)
    amount = amount.normalize() if amount else Decimal(0)
    return num(format(amount, ",f"))


def signed_qty(value: Decimal) -> str:
    """+๑๐ or -๓: how a movement changes the balance."""
    return f"+{qty(value)}" if value > 0 else qty(value)


def month_label(month: dt.date) -> str:
    """'สิงหาคม ๒๕๖๔' in Thai, 'Aug 2564 BE' in English."""
    if thai_active():
        return f"{MONTHS_TH[month.month - 1]} {num(str(be_year(month)))}"
    return f"{MONTHS_EN_ABBR[month.month - 1]} {be_year(month)} BE"


def parse_month(text: str) -> dt.date | None:
    """'2021-08' (or the B.E. '2564-08', with Thai or Arabic digits) -> 1 Aug 2021; else None."""
    match = _MONTH.match(to_arabic_digits(text.strip()))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if year >= 2400:
        year -= BE_OFFSET
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        return None
    return dt.date(year, month, 1)


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
