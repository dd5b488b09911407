"""Stock never goes negative, even when many withdrawals arrive at once.

Each thread has its own database connection, so this is a real race between transactions. It runs
on PostgreSQL only: there `select_for_update` on the centre's row is what serialises the
withdrawals. (SQLite serialises every writer with `transaction_mode=IMMEDIATE`, and its in-memory
test database is not shared between threads.)
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from conftest import Cast
from phinong.centres.models import MovementKind, SharingCentre, StockMovement
from phinong.centres.tests.helpers import KG, RICE, donate, give_out

WITHDRAWALS, STOCK = 20, 10


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_withdrawals_against_a_stock_of_ten_leave_exactly_nothing(
    cast: Cast, centre: SharingCentre
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between concurrent connections")
    donate(cast.dist_a1, centre, STOCK, on=dt.date(2021, 8, 1))
    start = threading.Barrier(WITHDRAWALS)
    outcomes: list[str] = []

    def withdraw() -> None:
        try:
            start.wait(timeout=30)
            give_out(cast.dist_a1, centre, 1, on=dt.date(2021, 8, 10))
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # anything else fails the test below, with its name
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw) for _ in range(WITHDRAWALS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["done"] * STOCK + ["refused"] * (WITHDRAWALS - STOCK)
    movements = StockMovement.objects.filter(centre=centre).of_item(RICE, KG)
    assert movements.balance() == Decimal(0)
    assert movements.filter(kind=MovementKind.OUT).count() == STOCK
