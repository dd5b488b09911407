"""Reads of tambon reports: the approved sums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conftest import Cast, tambon
from phinong.geo.models import Village
from phinong.programmes.models import Pair
from phinong.reports import selectors, services
from phinong.reports.models import FIGURES, ReportPeriod, TambonReport
from phinong.reports.rules import Context


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


def figures(report: TambonReport) -> dict[str, Any]:
    return {f: getattr(report, f) for f in FIGURES}


def test_the_report_and_its_rule_context_come_in_one_query(
    cast: Cast,
    pair_a1: Pair,
    periods: list[ReportPeriod],
    django_assert_num_queries: Any,
) -> None:
    Village.objects.get_or_create(
        code="42010299", defaults={"tambon": tambon("420102"), "moo": 99, "name_th": "บ้านหนึ่ง"}
    )
    villages = Village.objects.filter(tambon_id="420102").count()
    first = approved(cast, periods[0], 40)
    second = services.save_report(
        actor=cast.dist_a1,
        period=periods[1],
        tambon=tambon("420102"),
        expected_version=0,
        values={"households": 90},
    )
    first.refresh_from_db()
    second.refresh_from_db()

    with django_assert_num_queries(1):
        report, context = selectors.report_with_rule_context(periods[1], "420102")
    assert report is not None and report.pk == second.pk
    assert not report.has_evidence  # type: ignore[attr-defined]
    assert context == Context(villages=villages, previous=figures(first))
    second.period = periods[1]
    with django_assert_num_queries(1):
        assert selectors.rule_context(second) == context

    # no report yet in this period: the previous one is the latest before it
    report, context = selectors.report_with_rule_context(periods[2], "420102")
    assert report is None and context == Context(villages=villages, previous=figures(second))

    report, context = selectors.report_with_rule_context(periods[0], "420102")
    assert report is not None and report.pk == first.pk
    assert context == Context(villages=villages, previous=None)

    assert selectors.report_with_rule_context(periods[0], "420103") == (None, None)
    unsaved = TambonReport(period=periods[0], tambon_id="420103")
    assert selectors.rule_context(unsaved) == Context(
        villages=Village.objects.filter(tambon_id="420103").count(), previous=None
    )
