"""The dashboards' figures equal hand-written SQL over the same rows, at every level.

On a reduced national data set (`seed_national(limit=3)`: the first three tambons of every province,
with reports in four periods, attendance, activity records), each child of the nation, of a
province and of a district, and a tambon by itself, has the figures that `bench.dashboards.floor`
(raw SQL over the source tables) computes directly from the tables, and the benchmark's
hand-written SQL over the rollup (`floor_rollup`) agrees with both.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from bench.dashboards import floor, floor_rollup
from phinong.accounts.models import User
from phinong.dashboards.figures import Dashboard, Figure, Totals, dashboard
from phinong.demo.national import NATIONAL_PHASE2, seed_national
from phinong.geo.models import District, Province, Tambon
from phinong.programmes.models import Pair, Programme

FIGURES = ("pairs", "leaders", "workshop", "activities")
REPORTS = {"reports": "submitted", "on_time": "on_time", "approved": "approved"}
TOTALS = (
    "households",
    "villages_covered",
    "partners",
    "baht_saved",
    "centres",
    "hici",
    "food_packs",
)


@pytest.fixture
def national(db: None) -> Programme:
    call_command("seed_demo", password="a-password-for-tests", stdout=StringIO())
    seed_national(limit=3)
    return Programme.objects.get(code=NATIONAL_PHASE2)


def expected(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **{key: row.get(key, 0) for key in FIGURES},
        **{key: row.get(name, 0) for key, name in REPORTS.items()},
        **{key: row.get(key, 0) for key in TOTALS},
        "villages_total": row.get("villages", 0),
    }


def shown(figures: dict[str, Figure], totals: Totals) -> dict[str, Any]:
    return {
        **{key: figures[key].value for key in (*FIGURES, *REPORTS)},
        **{key: getattr(totals, key) for key in TOTALS},
        "villages_total": totals.villages_total,
    }


def check_children(dash: Dashboard, by_hand: dict[str, dict[str, Any]]) -> None:
    assert dash.children
    for child in dash.children:
        assert shown(child.figures, child.totals) == expected(by_hand.get(child.area.code, {})), (
            child.area.code
        )
    whole = {key: sum(expected(row)[key] for row in by_hand.values()) for key in expected({})}
    assert shown({f.key: f for f in dash.figures}, dash.totals) == whole


def test_every_level_adds_up_to_the_same_sums_as_sql_by_hand(national: Programme) -> None:
    dept = User.objects.get(username="demo-dept")
    younger = Pair.objects.filter(programme=national).order_by("younger_id")[0].younger_id
    assert floor(national.pk, "")["30"]["approved"] > 0  # the data set has approved reports

    nation = dashboard(actor=dept, area=None, programme=national, period=None)
    check_children(nation, floor(national.pk, ""))
    assert nation.totals.baht_saved > 0

    for area in (Province.objects.get(code=younger[:2]), District.objects.get(code=younger[:4])):
        check_children(
            dashboard(actor=dept, area=area, programme=national, period=None),
            floor(national.pk, area.code),
        )

    tambon = dashboard(
        actor=dept, area=Tambon.objects.get(code=younger), programme=national, period=None
    )
    assert shown({f.key: f for f in tambon.figures}, tambon.totals) == expected(
        floor(national.pk, younger)[younger]
    )


def test_the_rollup_adds_up_to_the_same_figures_as_the_source_tables(national: Programme) -> None:
    younger = Pair.objects.filter(programme=national).order_by("younger_id")[0].younger_id
    for prefix in ("", younger[:2], younger[:4], younger):
        by_hand = {code: expected(row) for code, row in floor(national.pk, prefix).items()}
        rolled = {code: expected(row) for code, row in floor_rollup(national.pk, prefix).items()}
        assert rolled == {code: row for code, row in by_hand.items() if any(row.values())}, prefix
    assert floor_rollup(national.pk, "")["30"]["approved"] > 0


def test_the_rollups_counts_are_whole_numbers_on_every_database(national: Programme) -> None:
    """PostgreSQL adds bigints up as numeric: a count must still show with its thousands comma."""
    from decimal import Decimal

    from phinong.core.formatting import num
    from phinong.dashboards.rollup import tallied

    rows = tallied(national, "", 2, [1, 2], [1])
    row = next(iter(rows.values()))
    assert all(type(value) is int for name, value in row.items() if name != "baht_saved")
    assert isinstance(row["baht_saved"], Decimal)
    assert num(sum(r["households"] for r in rows.values())).count(",") >= 1
