"""Reading the ledger: balances, the stock card, and the totals the tambon report takes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import Cast, tambon
from phinong.centres import selectors, services
from phinong.centres.models import CentreStatus, HouseholdKind, SharingCentre
from phinong.centres.tests.helpers import KG, RICE, donate, give_out


def test_balances_are_derived_from_the_movements(ledger: SharingCentre) -> None:
    found = {(b.item, b.unit): b.quantity for b in selectors.balances(ledger)}
    assert found == {(RICE, KG): Decimal(50), ("ไข่ไก่", "ฟอง"): Decimal(180)}


def test_the_movements_are_listed_newest_first(ledger: SharingCentre) -> None:
    dates = [m.occurred_on for m in selectors.movements_of(ledger)]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == dt.date(2021, 8, 31)


def test_the_stock_card_of_august_carries_july_over(ledger: SharingCentre) -> None:
    card = selectors.stock_card(ledger, item=RICE, unit=KG, month=dt.date(2021, 8, 1))

    assert card.opening == 70
    assert [
        (line.movement.occurred_on.day, line.received, line.issued, line.balance)
        for line in card.lines
    ] == [
        (2, Decimal(50), None, Decimal(120)),
        (10, None, Decimal(45), Decimal(75)),
        (15, None, Decimal(5), Decimal(70)),
        (31, None, Decimal(20), Decimal(50)),
    ]
    assert (card.received, card.issued, card.closing) == (50, 70, 50)


def test_the_stock_card_of_july_starts_from_nothing(ledger: SharingCentre) -> None:
    card = selectors.stock_card(ledger, item=RICE, unit=KG, month=dt.date(2021, 7, 1))

    assert card.opening == 0
    assert [line.balance for line in card.lines] == [100, 70]
    assert (card.received, card.issued, card.closing) == (100, 30, 70)


def test_a_month_without_movements_carries_the_balance(ledger: SharingCentre) -> None:
    card = selectors.stock_card(ledger, item=RICE, unit=KG, month=dt.date(2021, 9, 1))
    assert (card.opening, card.lines, card.closing) == (50, [], 50)


def test_the_months_of_an_item_run_from_its_first_movement_to_its_last(
    ledger: SharingCentre,
) -> None:
    assert selectors.item_months(ledger, item=RICE, unit=KG) == [
        dt.date(2021, 8, 1),
        dt.date(2021, 7, 1),
    ]
    assert selectors.item_months(ledger, item="ไข่ไก่", unit="ฟอง") == [dt.date(2021, 8, 1)]
    assert selectors.item_months(ledger, item=RICE, unit="ถุง") is None


@pytest.mark.parametrize(
    ("unit", "counted"),
    [
        ("ชุด", True),
        (" ถุง ", True),
        ("กล่อง", True),
        ("Pack", True),
        ("PACKS", True),
        ("Set", True),
        ("pa ck", True),
        ("กก.", False),
        ("ฟอง", False),
        ("ชุดยังชีพ", False),
    ],
)
def test_pack_units_ignore_case_and_spaces(unit: str, counted: bool) -> None:
    assert selectors.is_pack_unit(unit) is counted


def test_ledger_totals_add_up_the_tambons_centres_in_the_period(
    cast: Cast, ledger: SharingCentre
) -> None:
    actor = cast.dist_a1
    second = services.create_centre(
        actor=actor, tambon=tambon("420102"), name="ศูนย์วัด", operator="เจ้าอาวาส"
    )
    elsewhere = services.create_centre(
        actor=actor, tambon=tambon("420101"), name="ศูนย์กุดป่อง", operator="อบต."
    )
    for centre in (ledger, second, elsewhere):
        donate(actor, centre, 100, item="ถุงยังชีพ", unit="ถุง", on=dt.date(2021, 7, 1))
        donate(actor, centre, 100, item="ชุดยังชีพ", unit="Pack", on=dt.date(2021, 7, 1))
    give_out(actor, ledger, 10, item="ถุงยังชีพ", unit="ถุง", kind=HouseholdKind.HICI, households=10)
    give_out(actor, second, "2.5", item="ชุดยังชีพ", unit="pack", on=dt.date(2021, 8, 1))
    give_out(actor, second, 4, item="ถุงยังชีพ", unit="ถุง", kind=HouseholdKind.HICI, households=4)
    give_out(actor, ledger, 7, item="ถุงยังชีพ", unit="ถุง", on=dt.date(2021, 9, 1))  # after
    give_out(actor, ledger, 6, item="ถุงยังชีพ", unit="ถุง", on=dt.date(2021, 7, 31))  # before
    give_out(actor, elsewhere, 9, item="ถุงยังชีพ", unit="ถุง", kind=HouseholdKind.HICI, households=9)

    totals = selectors.ledger_totals("420102", dt.date(2021, 8, 1), dt.date(2021, 8, 31))

    # packs: 10 + 2.5 + 4 bags and packs; rice in kg and eggs do not count
    assert totals == selectors.LedgerTotals(food_packs=Decimal("16.5"), hici_households=14)
    assert isinstance(totals.hici_households, int)
    july = selectors.ledger_totals("420102", dt.date(2021, 7, 1), dt.date(2021, 7, 31))
    assert july == selectors.LedgerTotals(food_packs=Decimal(6), hici_households=3)


def test_ledger_totals_of_a_tambon_without_centres_are_zero(cast: Cast) -> None:
    assert selectors.ledger_totals("420103", dt.date(2021, 8, 1), dt.date(2021, 9, 30)) == (
        selectors.LedgerTotals(food_packs=Decimal(0), hici_households=0)
    )


def test_active_centres_count_only_the_active_ones(cast: Cast, centre: SharingCentre) -> None:
    services.create_centre(actor=cast.dist_a1, tambon=tambon("420102"), name="ศูนย์ ๒", operator="x")
    assert selectors.active_centres("420102") == 2
    services.update_centre(
        actor=cast.dist_a1,
        centre=centre,
        expected_version=1,
        name=centre.name,
        operator=centre.operator,
        status=CentreStatus.INACTIVE,
        village=None,
    )
    assert selectors.active_centres("420102") == 1
    assert selectors.active_centres("420101") == 0
