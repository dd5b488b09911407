"""What an area page shows of a programme: quota, selected tambons, pairs and leaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from phinong.dashboards import rollup, schedule
from phinong.geo.models import Area, District, Tambon
from phinong.geo.selectors import children_of
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Pair, Programme, TargetTambon
from phinong.register.models import Member, MemberRole


@dataclass
class ChildRow:
    area: Area
    selected: int = 0
    applied: programme_selectors.ApplicableQuota | None = None  # the quota that applies to it
    leaders: int = 0
    expected_leaders: int = 0
    note: str = ""
    pair: Pair | None = None
    coaching: list[Pair] = field(default_factory=list)
    is_target: bool = False

    @property
    def quota(self) -> int | None:
        return None if self.applied is None else self.applied.limit

    @property
    def left(self) -> int | None:
        return None if self.applied is None else self.applied.left

    @property
    def shared(self) -> bool:
        """A district with no cap of its own: the province's quota applies to it."""
        return (
            isinstance(self.area, District)
            and self.applied is not None
            and not self.applied.is_district_cap
        )


@dataclass
class AreaStatus:
    programme: Programme | None
    quota: programme_selectors.ApplicableQuota | None = None
    selected: int = 0
    leaders: int = 0
    expected_leaders: int = 0
    rows: list[ChildRow] = field(default_factory=list)


def area_status(
    area: Area | None, programme: Programme | None, *, tallied: dict[str, dict] | None = None
) -> AreaStatus:
    """`tallied`: {child code: {"selected", "leaders", ...}} when the caller has read the rollup."""
    code = area.code if area else ""
    children = list(children_of(area))
    status = AreaStatus(programme=programme, rows=[ChildRow(area=child) for child in children])
    if programme is None:
        return status
    per_tambon = programme.leaders_per_tambon
    if tallied is None:
        tallied = rollup.tallied(
            programme, code, len(code) + 2, [], [], only=("selected", "leaders")
        )
    selected = {child: row.get("selected") or 0 for child, row in tallied.items()}
    leaders = {child: row.get("leaders") or 0 for child, row in tallied.items()}
    # One call for the area and its rows: the quota that applies to each.
    quotas = schedule.quotas(
        programme,
        [code] if isinstance(area, District) else [code, *(row.area.code for row in status.rows)],
    )
    for row in status.rows:
        row.selected = selected.get(row.area.code, 0)
        row.applied = quotas.get(row.area.code)
        row.leaders = leaders.get(row.area.code, 0)
        row.expected_leaders = row.selected * per_tambon
    if isinstance(area, District):
        _annotate_tambons(status.rows, programme, area.code)
    status.quota = quotas[code]
    status.selected = sum(selected.values())
    status.leaders = sum(leaders.values())
    status.expected_leaders = status.selected * per_tambon
    return status


def _annotate_tambons(rows: list[ChildRow], programme: Programme, district_code: str) -> None:
    by_code = {row.area.code: row for row in rows}
    if programme.is_paired:
        for pair in schedule.district_pairs(programme, district_code):
            if pair.younger_id in by_code:
                by_code[pair.younger_id].pair = pair
            if pair.elder_id in by_code:
                by_code[pair.elder_id].coaching.append(pair)
    else:
        for code in TargetTambon.objects.filter(
            rollup.inside("tambon", district_code), programme=programme
        ).values_list("tambon_id", flat=True):
            by_code[code].is_target = True


@dataclass
class TambonStatus:
    programme: Programme | None
    pair: Pair | None = None
    coaching: list[Pair] = field(default_factory=list)
    is_target: bool = False
    leaders: int = 0
    limit: int = 0
    mentors: int = 0


def tambon_status(tambon: Tambon, programme: Programme | None) -> TambonStatus:
    status = TambonStatus(programme=programme)
    if programme is None:
        return status
    status.limit = programme.leaders_per_tambon
    # The rollup's count of its leaders (tallies.py): the row its checklist reads too.
    tally = schedule.tallies(programme, [tambon.code]).get(tambon.code)
    status.leaders = tally.leaders if tally is not None else 0
    if programme.is_paired:
        # One query for the pair it is the younger of (with its mentors counted) and those it
        # coaches, in the model's order.
        mentors = (
            Member.objects.filter(pair=OuterRef("pk"), role=MemberRole.MENTOR)
            .order_by()
            .values("pair")
            .annotate(n=Count("pk"))
            .values("n")
        )
        pairs = (
            Pair.objects.filter(Q(younger=tambon) | Q(elder=tambon), programme=programme)
            .select_related("younger", "elder__district")  # the page names the elder's district
            .annotate(mentors=Subquery(mentors))
            # the model's order (programme, younger) for one programme: no join to order by it
            .order_by("younger_id")
        )
        for pair in pairs:
            if pair.younger_id == tambon.code and status.pair is None:
                status.pair = pair
                status.mentors = getattr(pair, "mentors") or 0  # noqa: B009 - annotated
            if pair.elder_id == tambon.code:
                status.coaching.append(pair)
    else:
        status.is_target = TargetTambon.objects.filter(programme=programme, tambon=tambon).exists()
    return status
