"""A programme's activities, report periods and quotas, read once per request by an area page.

The parts of an area page (what waits for the reader, the figures, the checklists) each need the
programme's activities and periods, and on a district's page the quota that applies to it. The view
calls `remember(programme)` on the instance it fetched for this request; from then on `activities`,
`periods`, `quotas`, `tallies` and `district_pairs` read each once and hand back the same answer.
Without `remember` (any other caller: exports, tests, services) they read afresh every time, so
nothing outlives a request or survives a write made with another instance.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from phinong.dashboards import rollup
from phinong.dashboards.models import TambonTally
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Pair, Programme
from phinong.reports.models import ReportPeriod

_ATTR = "_dashboard_reads"
T = TypeVar("T")


def remember(programme: Programme) -> None:
    """Keep what is read of `programme` on it, for the rest of this request (read-only pages);
    what was kept already stays."""
    if getattr(programme, _ATTR, None) is None:
        setattr(programme, _ATTR, {})


def _once(programme: Programme, key: tuple[Hashable, ...], read: Callable[[], T]) -> T:
    """`read()`, once per key for a remembered programme; afresh for any other."""
    kept: dict[tuple[Hashable, ...], Any] | None = getattr(programme, _ATTR, None)
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return cast("T", kept[key])


def activities(programme: Programme) -> list[Activity]:
    """Every activity of the programme, by number. The list is shared: do not change it."""
    return _once(
        programme,
        ("activities",),
        lambda: list(Activity.objects.filter(programme=programme).order_by("number")),
    )


def periods(programme: Programme) -> list[ReportPeriod]:
    """Every report period of the programme, by number. The list is shared: do not change it."""
    return _once(
        programme,
        ("periods",),
        lambda: list(ReportPeriod.objects.filter(programme=programme).order_by("number")),
    )


def quotas(
    programme: Programme, area_codes: Iterable[str]
) -> dict[str, programme_selectors.ApplicableQuota]:
    """`programmes.selectors.applicable_quotas`, read once per set of codes."""
    codes = tuple(area_codes)
    return _once(
        programme,
        ("quotas", codes),
        lambda: programme_selectors.applicable_quotas(programme, codes),
    )


def tallies(programme: Programme, codes: Iterable[str]) -> dict[str, TambonTally]:
    """{tambon code: its rollup row} of these tambons (one without a row has nothing yet), read
    once per set of codes: what waits for a district and its checklists read the same rows."""
    key = tuple(sorted(set(codes)))
    return _once(
        programme,
        ("tallies", key),
        lambda: {
            tally.tambon_id: tally
            for tally in TambonTally.objects.filter(programme=programme, tambon_id__in=key)
        },
    )


def district_pairs(programme: Programme, district_code: str) -> list[Pair]:
    """The programme's pairs with their younger tambon, their elder or both in the district, each
    with both tambons: read once for what waits for the district (its younger tambons' names) and
    its children's rows (their pairs). The list is shared: do not change it."""
    # Ranges of codes on the pair's own columns (rollup.inside): no join, and an index. One
    # query for both sides: a pair may have its younger tambon here, its elder, or both.
    return _once(
        programme,
        ("pairs", district_code),
        lambda: list(
            Pair.objects.filter(
                rollup.inside("younger", district_code) | rollup.inside("elder", district_code),
                programme=programme,
            )
            .select_related("younger", "elder")
            # the model's order (programme, younger) for one programme: no join to order by it
            .order_by("younger_id")
        ),
    )
