"""The figures of a dashboard: one area (or the nation), one programme, one period (or all).

This is the data contract the page, the PDF memo and the Excel export read. Every figure is computed
with a handful of aggregate queries grouped by the children's code prefix, so the query count does
not grow with the data; nothing is cached, so a report counts the moment it is approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from phinong.geo.models import Area

if TYPE_CHECKING:
    from phinong.accounts.models import User
    from phinong.dashboards.checklist import Checklist
    from phinong.dashboards.status import AreaStatus
    from phinong.programmes.models import Programme
    from phinong.reports.models import ReportPeriod

# The keys of the figures, in the order they are shown.
FIGURE_KEYS = ("pairs", "leaders", "workshop", "activities", "reports", "on_time", "approved")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    target: int

    @property
    def percent(self) -> int:
        """0-100; a figure with no target counts as complete only if there is nothing to do."""
        if self.target <= 0:
            return 0
        return max(0, min(100, (self.value * 100) // self.target))

    @property
    def ratio(self) -> float:
        return 0.0 if self.target <= 0 else min(1.0, self.value / self.target)


@dataclass(frozen=True)
class Totals:
    """The approved food-security totals (approved reports only; the chosen period or all)."""

    households: int = 0
    villages_covered: int = 0
    villages_total: int = 0
    partners: int = 0
    baht_saved: Decimal = Decimal(0)
    centres: int = 0
    hici: int = 0
    food_packs: int = 0


@dataclass(frozen=True)
class ChildRow:
    area: Area
    figures: dict[str, Figure]
    totals: Totals
    score: float  # 0..1, lower = further behind

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def taking_part(self) -> bool:
        """Whether any figure has a target (an area with none is not in the programme)."""
        return any(f.target > 0 for f in self.figures.values())


@dataclass(frozen=True)
class SeriesPoint:
    day: date
    submitted: int  # cumulative
    approved: int  # cumulative


@dataclass(frozen=True)
class Dashboard:
    area: Area | None
    programme: Programme
    period: ReportPeriod | None
    figures: list[Figure]
    totals: Totals
    children: list[ChildRow]  # ranked, laggards first
    series: list[SeriesPoint]
    due_dates: list[tuple[date, str]]
    checklists: dict[str, Checklist] = field(default_factory=dict)  # district level only
    # The quota, selection and pairs of the children (the page's table); None for a tambon.
    status: AreaStatus | None = None
    periods: list[ReportPeriod] = field(default_factory=list)  # every period of the programme

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def dashboard(
    *, actor: User, area: Area | None, programme: Programme, period: ReportPeriod | None
) -> Dashboard:
    """The dashboard of an area inside the actor's scope (the view 404s outside it)."""
    from phinong.dashboards.compute import compute

    return compute(actor=actor, area=area, programme=programme, period=period)
