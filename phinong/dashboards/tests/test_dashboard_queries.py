"""The dashboards make the same number of queries whatever the size of the data."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Cast, client_for
from phinong.dashboards.figures import dashboard
from phinong.dashboards.tests.data import pair_more, progress
from phinong.geo.models import District, Province, Tambon
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services

LEVELS = [
    ("dept", "/areas/"),
    ("dept", "/areas/42/"),
    ("dist_a1", "/areas/4201/"),
    ("dist_a1", "/areas/420102/"),
]
MORE = ["420103", "420104", "420105", "420106"]


def count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def grown(cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair) -> Programme:
    report_services.periods_from_activities(actor=cast.dept, programme=phase2)
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    progress(cast, phase2, "450102", cast.dist_b1, cast.prov_b)
    return phase2


@pytest.mark.parametrize(("who", "url"), LEVELS)
def test_a_dashboard_page_makes_the_same_queries_at_two_data_sizes(
    cast: Cast, grown: Programme, who: str, url: str
) -> None:
    client = client_for(getattr(cast, who))
    period = grown.periods.order_by("number").first()
    assert period is not None
    urls = [url, f"{url}?period={period.pk}&sort=leaders&dir=desc"]
    small = [count(client, u) for u in urls]

    pair_more(cast, grown, MORE)
    large = [count(client, u) for u in urls]

    assert large == small


@pytest.mark.parametrize(
    ("model", "code", "bound"),
    [  # a handful of aggregate queries; a district adds its tambons' pairs and checklists (6);
        # the series by day: one query for both dates (compute._per_day)
        (None, "", 7),
        (Province, "42", 7),
        (District, "4201", 13),
        (Tambon, "420102", 4),
    ],
)
def test_the_figures_take_the_same_queries_at_two_data_sizes(
    cast: Cast, grown: Programme, model: Any, code: str, bound: int
) -> None:
    area = model.objects.get(code=code) if model else None

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard(actor=cast.dept, area=area, programme=grown, period=None)
        return len(captured)

    small = queries()
    pair_more(cast, grown, MORE)
    assert queries() == small
    assert small <= bound, small
