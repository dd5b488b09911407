"""Two writes to the same tambon at the same moment both land, and the rollup counts both.

Each thread has its own connection, so the refreshes race for real. PostgreSQL only: SQLite lets
one writer in at a time (`transaction_mode=IMMEDIATE`), and its test database is not shared
between threads.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from conftest import Cast
from phinong.dashboards import tallies
from phinong.dashboards.models import ReportDay, TambonTally
from phinong.dashboards.tallies import FIELDS
from phinong.dashboards.tests.data import report
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services


def rows() -> list[tuple]:
    """The rollup's rows, without their ids (a rebuild writes new ones)."""
    return sorted(TambonTally.objects.values_list("programme_id", "tambon_id", *FIELDS)) + sorted(
        ReportDay.objects.values_list("programme_id", "tambon_id", "period_number", "submitted_on")
    )


@pytest.mark.django_db(transaction=True)
def test_reports_of_one_tambon_submitted_at_once_are_all_counted(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent connections")
    periods = report_services.periods_from_activities(actor=cast.dept, programme=phase2)
    start = threading.Barrier(len(periods))
    outcomes: list[str] = []

    def submit(period: object) -> None:
        try:
            start.wait(timeout=30)
            report(cast.dist_a1, cast.prov_a, period, "420102", approve=False)  # type: ignore[arg-type]
            outcomes.append("done")
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(p,)) for p in periods]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == ["done"] * len(periods)
    counted = rows()
    tallies.rebuild()
    assert counted == rows()
    tally = TambonTally.objects.get(programme=phase2, tambon_id="420102")
    assert bin(tally.reports_submitted).count("1") == len(periods)
