"""What an area page reads of its programme, once per request (schedule.py): the pages, drawn
(no cached part), read the activities and periods once each and stay within a pinned number of
queries; any other caller reads afresh."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, client_for
from phinong.dashboards import schedule
from phinong.dashboards.tests.data import progress
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services

# (who, url, the most queries the page may make when drawn), as measured on SQLite
PAGES = [
    ("dist_a1", "/areas/4201/?programme={pk}", 17),  # own district, with what waits: was 34, 20
    ("dist_a1", "/areas/420102/?programme={pk}", 14),  # was 23, 16
    ("prov_a", "/areas/42/?programme={pk}", 16),  # was 18
    ("dist_a1", "/programmes/{pk}/districts/4201/", 13),  # leaders: the checklists' rollup rows
]


@pytest.fixture
def grown(cast: Cast, phase2: Programme, pair_a1: Pair) -> Programme:
    report_services.periods_from_activities(actor=cast.dept, programme=phase2)
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    return phase2


def _tables(sql: str) -> set[str]:
    return set(re.findall(r'FROM "(\w+)"', sql))


@pytest.mark.parametrize(("who", "url", "bound"), PAGES)
def test_an_area_page_reads_its_programme_schedule_once(
    cast: Cast, grown: Programme, who: str, url: str, bound: int
) -> None:
    client = client_for(getattr(cast, who))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url.format(pk=grown.pk))
    assert response.status_code == 200
    reads = [_tables(q["sql"]) for q in captured.captured_queries]
    for table in ("programmes_activity", "reports_reportperiod", "programmes_programme"):
        assert sum(table in tables for tables in reads) <= 1, table
    assert len(captured) <= bound, len(captured)


def test_without_remember_every_read_is_afresh(cast: Cast, grown: Programme) -> None:
    """Only the view's own instance keeps its reads: any other caller sees a change at once."""
    first = schedule.activities(grown)
    grown.activities.filter(number=first[-1].number).update(name="renamed")
    assert schedule.activities(grown)[-1].name == "renamed"


def test_with_remember_each_read_happens_once(
    cast: Cast, grown: Programme, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    schedule.remember(grown)
    with django_assert_num_queries(3):
        for _ in range(2):
            schedule.activities(grown)
            schedule.periods(grown)
            schedule.tallies(grown, ["420102"])
