"""Versions of what the dashboards show, per district, for the cached parts of the area pages.

`touch(codes)` moves on the stamp of each district of these area codes ("": every district), inside
the writer's transaction: hooks.py calls it from every write the dashboards read, together with the
rollup's refresh. `version(code)` is what a page of that area ("" the nation, a province, a district
or a tambon) depends on: the sum of the stamps under it and of the stamp of everything.

A stamp only grows: it becomes the larger of itself plus one and the microseconds since 2026, so a
sum never comes back to a value it had, not even after a test's rollback or a restore of older rows.
A reader takes the version before it reads the figures (fragments.py): a write that commits after
that moment moves the version on, so what the reader renders is never kept under the newer version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from phinong.dashboards.models import AreaStamp
from phinong.geo.codes import code_range

EVERYTHING = ""
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def touch(codes: Iterable[str] | None) -> None:
    """Move on the stamps of the districts of these area codes (None, or a code shorter than a
    district's: everything)."""
    keys = {EVERYTHING} if codes is None else {c[:4] if len(c) >= 4 else EVERYTHING for c in codes}
    if not keys:
        return
    ordered = sorted(keys)  # one order for every writer: no deadlock between two of them
    AreaStamp.objects.bulk_create(
        [AreaStamp(district=key) for key in ordered], ignore_conflicts=True
    )
    now = (timezone.now() - _EPOCH) // dt.timedelta(microseconds=1)
    AreaStamp.objects.filter(district__in=ordered).update(n=Greatest(F("n") + 1, Value(now)))


def version(code: str) -> int:
    """What the pages of the area `code` show depends on: it grows with every write under it."""
    key = code[:4]
    if not key:
        under = Q()
    elif len(key) == 4:
        under = Q(district=key) | Q(district=EVERYTHING)
    else:  # a province: a range of codes, which uses the primary key's index on both databases
        lower, upper = code_range(key)
        under = Q(district__gte=lower, district__lt=upper) | Q(district=EVERYTHING)
    return AreaStamp.objects.filter(under).aggregate(n=Sum("n"))["n"] or 0
