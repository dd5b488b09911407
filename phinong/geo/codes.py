"""Helpers on area codes (2 digits a province, 4 a district, 6 a tambon)."""

from __future__ import annotations


def code_range(prefix: str) -> tuple[str, str]:
    """The half-open range [prefix, next prefix) of the codes that start with `prefix`.

    Filtering on a range rather than LIKE 'prefix%' lets SQLite use an index (it uses none for
    Django's LIKE ... ESCAPE). Codes are digits, so '42' covers ['42', '43') and '19' ['19', '1:').
    """
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
