"""Writing ledger movements in tests, through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from phinong.centres import services
from phinong.centres.models import HouseholdKind, SharingCentre, StockMovement

RICE, KG = "ข้าวสาร", "กก."


def donate(
    actor: Any,
    centre: SharingCentre,
    quantity: str | int,
    *,
    item: str = RICE,
    unit: str = KG,
    on: dt.date = dt.date(2021, 8, 2),
    donor: str = "วัดศรีสุทธาวาส",
) -> StockMovement:
    return services.record_donation(
        actor=actor,
        centre=centre,
        occurred_on=on,
        donor=donor,
        item=item,
        unit=unit,
        quantity=Decimal(quantity),
    )


def give_out(
    actor: Any,
    centre: SharingCentre,
    quantity: str | int,
    *,
    item: str = RICE,
    unit: str = KG,
    on: dt.date = dt.date(2021, 8, 10),
    kind: str = HouseholdKind.ELDERLY,
    households: int = 1,
) -> StockMovement:
    return services.record_distribution(
        actor=actor,
        centre=centre,
        occurred_on=on,
        item=item,
        unit=unit,
        quantity=Decimal(quantity),
        household_kind=kind,
        households=households,
    )


def adjust(
    actor: Any,
    centre: SharingCentre,
    quantity: str | int,
    *,
    reason: str = "นับสต็อกจริงไม่ตรง",
    item: str = RICE,
    unit: str = KG,
    on: dt.date = dt.date(2021, 8, 15),
) -> StockMovement:
    return services.record_adjustment(
        actor=actor,
        centre=centre,
        occurred_on=on,
        item=item,
        unit=unit,
        quantity=Decimal(quantity),
        reason=reason,
    )
