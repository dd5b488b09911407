"""Reads of tambon reports: the approved sums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import Cast, tambon
from phinong.programmes.models import Pair
from phinong.reports import selectors, services
from phinong.reports.models import ReportPeriod, TambonReport


def approved(cast: Cast, period: ReportPeriod, households: int) -> TambonReport:
    report = services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": households, "expenses_reduced": "100.25", "narrative": "x"},
    )
    report = services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    return services.move(
        actor=cast.prov_a, report=report, name="approve", expected_version=report.version
    )


def test_the_sums_of_every_period_and_of_one_come_from_one_query_and_agree(
    cast: Cast,
    pair_a1: Pair,
    periods: list[ReportPeriod],
    django_assert_num_queries: Any,
) -> None:
    programme = pair_a1.programme
    approved(cast, periods[0], 40)
    approved(cast, periods[1], 2)

    with django_assert_num_queries(1):
        every, first = selectors.approved_totals_with_period(programme, "42", periods[0])

    assert every == selectors.approved_totals(programme, "42")
    assert first == selectors.approved_totals(programme, "42", periods[0])
    assert (every["reports"], every["households"], every["expenses_reduced"]) == (
        2,
        42,
        Decimal("200.50"),
    )
    assert (first["reports"], first["households"]) == (1, 40)
    _every, none = selectors.approved_totals_with_period(programme, "42", periods[2])
    assert none["reports"] == 0 and none["expenses_reduced"] == Decimal(0)
    assert none["households"] == 0
    _every, elsewhere = selectors.approved_totals_with_period(programme, "45", periods[0])
    assert elsewhere == selectors.approved_totals(programme, "45", periods[0])
