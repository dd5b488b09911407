"""`reverse()` for the many links of one page: a row per province, a checklist step per tambon.

Django's `reverse()` walks its resolver on every call (tens of microseconds each), and a district's
dashboard asks it for some two hundred links. `Reverser` reverses each URL name once, with markers
in place of its arguments, and fills the markers in for every later call. Only arguments made of
digits (area codes, primary keys) take the shortcut: they need no quoting and pass every
converter's pattern; anything else goes through `reverse()` as before. Make one per request (the
URLconf, script prefix and language may differ between requests).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.urls import NoReverseMatch, reverse


class Reverser:
    def __init__(self) -> None:
        # Per (name, number of arguments): the URL cut at its markers, a marker's place holding
        # the argument's position; None when the shortcut does not fit that URL.
        self._patterns: dict[tuple[str, int], list[str | int] | None] = {}

    def __call__(self, name: str, args: Sequence[object] = ()) -> str:
        values = [str(arg) for arg in args]
        if len(values) > len(_MARKERS) or not all(v.isascii() and v.isdigit() for v in values):
            return reverse(name, args=args)
        key = (name, len(values))
        if key not in self._patterns:
            self._patterns[key] = _pattern(name, len(values))
        pattern = self._patterns[key]
        if pattern is None:
            return reverse(name, args=args)
        return "".join(values[part] if isinstance(part, int) else part for part in pattern)


# Digits that no real URL of the project contains, one per argument position, all of one length
# (so that none contains another).
_MARKERS = [f"9081726354{i}" for i in range(10)]


def _pattern(name: str, count: int) -> list[str | int] | None:
    """The URL reversed with markers, cut into its text and the markers' positions; None when the
    markers do not fit it (a converter of fixed length, say) or do not each show up once."""
    markers = _MARKERS[:count]
    try:
        url = reverse(name, args=markers)
    except NoReverseMatch:
        return None
    if not all(url.count(marker) == 1 for marker in markers):
        return None
    pattern: list[str | int] = []
    for piece in re.split(f"({'|'.join(markers)})", url) if markers else [url]:
        pattern.append(markers.index(piece) if piece in markers else piece)
    return pattern
