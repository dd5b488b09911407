"""Reads of sharing centres and their ledgers.

`centres_for` and `get_centre_for` are scoped to the actor's area by the centre's tambon code. The
other functions take a centre already fetched in scope, or (`ledger_totals`, `active_centres`) a
tambon code that the caller has checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.db.models.functions import Coalesce

from phinong.accounts.scoping import get_in_scope, scope_of
from phinong.centres.display import next_month
from phinong.centres.models import (
    CHANGE,
    TOTAL,
    CentreStatus,
    HouseholdKind,
    MovementKind,
    SharingCentre,
    StockMovement,
)

if TYPE_CHECKING:
    from phinong.accounts.models import User

# Units in which a distribution counts as food packs in the tambon report.
PACK_UNITS = frozenset({"ชุด", "ถุง", "กล่อง", "pack", "packs", "set"})


def unit_key(unit: str) -> str:
    """A unit without case or spaces: ' Pack ' and 'pack' are the same unit."""
    return "".join(unit.split()).casefold()


def is_pack_unit(unit: str) -> bool:
    return unit_key(unit) in PACK_UNITS


# The centres -----------------------------------------------------------------------------------


def centres_for(*, actor: User, tambon_code: str) -> QuerySet[SharingCentre]:
    """The centres of a tambon, with their movement count and the date of the latest."""
    return (
        SharingCentre.objects.filter(tambon_id=tambon_code)
        .filter(scope_of(actor).q("tambon__code"))
        .select_related("village")
        .annotate(movement_count=Count("movements"), last_movement=Max("movements__occurred_on"))
        .order_by("name")
    )


def get_centre_for(*, actor: User, pk: int) -> SharingCentre:
    return get_in_scope(
        SharingCentre.objects.select_related("tambon__district__province", "village"),
        actor=actor,
        path="tambon__code",
        pk=pk,
    )


# A centre's ledger -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Balance:
    item: str
    unit: str
    quantity: Decimal
    last_on: dt.date | None = field(default=None, compare=False)  # the latest movement
    movements: int = field(default=0, compare=False)  # how many: their sum sizes the ledger's pages


def balances(centre: SharingCentre) -> list[Balance]:
    """The balance of every item the centre has ever held, the date it last moved and how many
    movements it has: counted here, so that the ledger's pages need no count of their own."""
    rows = (
        StockMovement.objects.filter(centre=centre)
        .values("item", "unit")
        .annotate(balance=Sum(CHANGE), last_on=Max("occurred_on"), movements=Count("id"))
        .order_by("item", "unit")
    )
    return [Balance(r["item"], r["unit"], r["balance"], r["last_on"], r["movements"]) for r in rows]


def movements_of(centre: SharingCentre) -> QuerySet[StockMovement]:
    """The ledger, newest first."""
    return (
        StockMovement.objects.filter(centre=centre)
        .select_related("created_by")
        .order_by("-occurred_on", "-id")
    )


def item_spelling(centre: SharingCentre, item: str, unit: str) -> tuple[str, str]:
    """The spelling the ledger already uses for this item and unit, ignoring case."""
    known = (
        StockMovement.objects.filter(centre=centre, item__iexact=item, unit__iexact=unit)
        .values_list("item", "unit")
        .order_by("id")
        .first()
    )
    return known or (item, unit)


@dataclass(frozen=True)
class Headroom:
    """How much of an item may leave the centre on a given day without any balance going negative."""

    on_the_day: Decimal  # the balance at the end of that day
    later_low: Decimal | None  # the lowest balance after it, if anything was recorded later

    @property
    def available(self) -> Decimal:
        return self.on_the_day if self.later_low is None else min(self.on_the_day, self.later_low)


def headroom(centre: SharingCentre, *, item: str, unit: str, day: dt.date) -> Headroom:
    """Call it with the centre locked, so that nothing leaves the stock in between."""
    daily = (
        StockMovement.objects.filter(centre=centre)
        .of_item(item, unit)
        .values("occurred_on")
        .annotate(delta=Sum(CHANGE))
        .order_by("occurred_on")
    )
    running, on_the_day, later_low = Decimal(0), Decimal(0), None
    for row in daily:
        running += row["delta"]
        if row["occurred_on"] <= day:
            on_the_day = running
        else:
            later_low = running if later_low is None else min(later_low, running)
    return Headroom(on_the_day=on_the_day, later_low=later_low)


@dataclass(frozen=True)
class CardLine:
    movement: StockMovement
    balance: Decimal

    @property
    def received(self) -> Decimal | None:
        change = self.movement.change
        return change if change > 0 else None

    @property
    def issued(self) -> Decimal | None:
        change = self.movement.change
        return -change if change < 0 else None


@dataclass(frozen=True)
class StockCard:
    item: str
    unit: str
    month: dt.date  # the first day of the month
    opening: Decimal
    lines: list[CardLine]
    closing: Decimal
    received: Decimal
    issued: Decimal


def stock_card(centre: SharingCentre, *, item: str, unit: str, month: dt.date) -> StockCard:
    """One item's movements in one month, with the balance before, after each, and at the end."""
    movements = StockMovement.objects.filter(centre=centre).of_item(item, unit)
    opening = movements.filter(occurred_on__lt=month).balance()
    in_month = (
        movements.filter(occurred_on__gte=month, occurred_on__lt=next_month(month))
        .select_related("created_by")
        .order_by("occurred_on", "id")
    )
    lines, running = [], opening
    for movement in in_month:
        running += movement.change
        lines.append(CardLine(movement=movement, balance=running))
    return StockCard(
        item=item,
        unit=unit,
        month=month,
        opening=opening,
        lines=lines,
        closing=running,
        received=sum((line.received or Decimal(0) for line in lines), Decimal(0)),
        issued=sum((line.issued or Decimal(0) for line in lines), Decimal(0)),
    )


def item_months(centre: SharingCentre, *, item: str, unit: str) -> list[dt.date] | None:
    """Every month from the item's first movement to its last, newest first.

    None when the centre has never held the item.
    """
    span = (
        StockMovement.objects.filter(centre=centre)
        .of_item(item, unit)
        .aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    )
    if span["first"] is None:
        return None
    month, end = span["first"].replace(day=1), span["last"].replace(day=1)
    months = []
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months[::-1]


# For the tambon report --------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerTotals:
    food_packs: Decimal  # quantity given out in pack units (PACK_UNITS)
    hici_households: int  # households of distributions to HI/CI households


def ledger_totals(tambon_code: str, start: dt.date, end: dt.date) -> LedgerTotals:
    """What the tambon's centres gave out from `start` to `end` (both included).

    Not scoped: the caller has already checked that the tambon is in the actor's area.
    """
    out = StockMovement.objects.filter(
        centre__tambon_id=tambon_code,
        kind=MovementKind.OUT,
        occurred_on__gte=start,
        occurred_on__lte=end,
    )
    by_unit = out.values("unit").annotate(total=Sum("quantity", output_field=TOTAL))
    packs = sum((row["total"] for row in by_unit if is_pack_unit(row["unit"])), Decimal(0))
    hici = out.filter(household_kind=HouseholdKind.HICI).aggregate(
        n=Coalesce(Sum("households"), 0)
    )["n"]
    return LedgerTotals(food_packs=packs, hici_households=hici)


def active_centres(tambon_code: str) -> int:
    """How many of the tambon's centres are active now. Not scoped, like `ledger_totals`."""
    return SharingCentre.objects.filter(tambon_id=tambon_code, status=CentreStatus.ACTIVE).count()
