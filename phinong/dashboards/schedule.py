"""A programme's activities, report periods and quotas, read once per request by an area page.

The parts of an area page (what waits for the reader, the figures, the checklists) each need the
programme's activities and periods, and on a district's page the quota that applies to it. The view
calls `remember(programme)` on the instance it fetched for this request; from then on `activities`,
`periods`, `quotas` and `tallies` read each once and hand back the same answer. Without `remember` (any other
caller: exports, tests, services) they read afresh every time, so nothing outlives a request or
survives a write made with another instance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from phinong.dashboards import rollup
from phinong.dashboards.models import TambonTally
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Pair, Programme
from phinong.reports.models import ReportPeriod

ATTR = "_dashboard_reads"


@dataclass
class _Reads:
    activities: list[Activity] | None = None
    periods: list[ReportPeriod] | None = None
    quotas: dict[tuple[str, ...], dict[str, programme_selectors.ApplicableQuota]] = field(
        default_factory=dict
    )
    tallies: dict[tuple[str, ...], dict[str, TambonTally]] = field(default_factory=dict)
    pairs: dict[str, list[Pair]] = field(default_factory=dict)


def remember(programme: Programme) -> None:
    """Keep what is read of `programme` on it, for the rest of this request (read-only pages)."""
    setattr(programme, ATTR, _Reads())


def _reads(programme: Programme) -> _Reads | None:
    reads: _Reads | None = getattr(programme, ATTR, None)
    return reads


def activities(programme: Programme) -> list[Activity]:
    """Every activity of the programme, by number. The list is shared: do not change it."""
    reads = _reads(programme)
    if reads is not None and reads.activities is not None:
        return reads.activities
    found = list(Activity.objects.filter(programme=programme).order_by("number"))
    if reads is not None:
        reads.activities = found
    return found


def periods(programme: Programme) -> list[ReportPeriod]:
    """Every report period of the programme, by number. The list is shared: do not change it."""
    reads = _reads(programme)
    if reads is not None and reads.periods is not None:
        return reads.periods
    found = list(ReportPeriod.objects.filter(programme=programme).order_by("number"))
    if reads is not None:
        reads.periods = found
    return found


def quotas(
    programme: Programme, area_codes: Iterable[str]
) -> dict[str, programme_selectors.ApplicableQuota]:
    """`programmes.selectors.applicable_quotas`, read once per set of codes."""
    codes = tuple(area_codes)
    reads = _reads(programme)
    if reads is not None and codes in reads.quotas:
        return reads.quotas[codes]
    found = programme_selectors.applicable_quotas(programme, codes)
    if reads is not None:
        reads.quotas[codes] = found
    return found


def tallies(programme: Programme, codes: Iterable[str]) -> dict[str, TambonTally]:
    """{tambon code: its rollup row} of these tambons (one without a row has nothing yet), read
    once per set of codes: what waits for a district and its checklists read the same rows."""
    key = tuple(sorted(set(codes)))
    reads = _reads(programme)
    if reads is not None and key in reads.tallies:
        return reads.tallies[key]
    found = {
        tally.tambon_id: tally
        for tally in TambonTally.objects.filter(programme=programme, tambon_id__in=key)
    }
    if reads is not None:
        reads.tallies[key] = found
    return found


def district_pairs(programme: Programme, district_code: str) -> list[Pair]:
    """The programme's pairs with their younger tambon, their elder or both in the district, each
    with both tambons: read once for what waits for the district (its younger tambons' names) and
    its children's rows (their pairs). The list is shared: do not change it."""
    reads = _reads(programme)
    if reads is not None and district_code in reads.pairs:
        return reads.pairs[district_code]
    # Ranges of codes on the pair's own columns (rollup.inside): no join, and an index. One
    # query for both sides: a pair may have its younger tambon here, its elder, or both.
    found = list(
        Pair.objects.filter(
            rollup.inside("younger", district_code) | rollup.inside("elder", district_code),
            programme=programme,
        )
        .select_related("younger", "elder")
        # the model's order (programme, younger) for one programme: no join to order by it
        .order_by("younger_id")
    )
    if reads is not None:
        reads.pairs[district_code] = found
    return found
