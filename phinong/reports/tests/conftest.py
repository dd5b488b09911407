from __future__ import annotations

import pytest

from conftest import Cast
from phinong.programmes.models import Programme
from phinong.reports import services
from phinong.reports.models import ReportPeriod


@pytest.fixture
def periods(cast: Cast, phase2: Programme) -> list[ReportPeriod]:
    """One per activity of phase 2: due 15 Aug, 31 Aug, 30 Sep and 30 Sep 2564."""
    return services.periods_from_activities(actor=cast.dept, programme=phase2)


@pytest.fixture
def period(periods: list[ReportPeriod]) -> ReportPeriod:
    return periods[0]
