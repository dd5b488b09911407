"""Sharing centres for the tests, made through the real services on the root conftest's cast.

A centre is a place, not part of a programme: the fixtures need only the cast and the geography.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Cast, tambon
from phinong.centres import services
from phinong.centres.models import HouseholdKind, SharingCentre
from phinong.centres.tests.helpers import adjust, donate, give_out
from phinong.geo import services as geo_services
from phinong.geo.models import Village


@pytest.fixture
def village_a1(cast: Cast) -> Village:
    """หมู่ 3 of tambon เมือง (420102)."""
    return geo_services.add_village(
        actor=cast.dist_a1, tambon=tambon("420102"), moo=3, name_th="บ้านนาโป่ง"
    )


@pytest.fixture
def centre(cast: Cast, village_a1: Village) -> SharingCentre:
    """A centre in tambon เมือง (420102, district Mueang Loei), run by a village volunteer."""
    return services.create_centre(
        actor=cast.dist_a1,
        tambon=tambon("420102"),
        name="ศูนย์แบ่งปันบ้านนาโป่ง",
        operator="นางสมศรี ใจดี (อสม.)",
        village=village_a1,
    )


@pytest.fixture
def ledger(cast: Cast, centre: SharingCentre) -> SharingCentre:
    """Rice over two months, and eggs in August.

    July 2564: +100 (5 Jul), -30 to 3 HI/CI households (20 Jul): 70 at the end of July.
    August 2564: +50 (2 Aug), -45 to elderly households (10 Aug), -5 adjustment (15 Aug),
    -20 to low-income households (31 Aug): 50 at the end of August. Eggs: +300, -120 = 180.
    """
    actor = cast.dist_a1
    donate(actor, centre, 100, on=dt.date(2021, 7, 5))
    give_out(actor, centre, 30, on=dt.date(2021, 7, 20), kind=HouseholdKind.HICI, households=3)
    donate(actor, centre, 50, on=dt.date(2021, 8, 2))
    give_out(actor, centre, 45, on=dt.date(2021, 8, 10), households=9)
    adjust(actor, centre, -5, reason="หนูกัดกระสอบ", on=dt.date(2021, 8, 15))
    give_out(actor, centre, 20, on=dt.date(2021, 8, 31), kind=HouseholdKind.LOW_INCOME)
    donate(actor, centre, 300, item="ไข่ไก่", unit="ฟอง", on=dt.date(2021, 8, 3))
    give_out(actor, centre, "120", item="ไข่ไก่", unit="ฟอง", on=dt.date(2021, 8, 4), households=12)
    return centre
