from __future__ import annotations

import datetime as dt

import pytest

from conftest import Cast, add_leaders, tambon
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.workshops import services
from phinong.workshops.models import Workshop


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair) -> list[Member]:
    return add_leaders(cast.dist_a1, phase2, "420102", 15)


@pytest.fixture
def workshop(cast: Cast, phase2: Programme, leaders: list[Member]) -> Workshop:
    """Two days online from 20 Aug 2564 for the leaders of 420102."""
    return services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={
            "title": "อบรมผู้นำการเปลี่ยนแปลง",
            "starts_on": dt.date(2021, 8, 20),
            "days": 2,
            "mode": "online",
            "platform": "Zoom",
            "activity": phase2.activities.get(number=2),
        },
        tambons=[tambon("420102")],
    )
