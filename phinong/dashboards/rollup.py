"""Reading the rollup (`TambonTally`): the rows of an area, added up per child in one GROUP BY."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr

from phinong.core.db_router import reading_connection
from phinong.dashboards.models import TambonTally
from phinong.dashboards.tallies import bit
from phinong.geo.codes import code_range
from phinong.programmes.models import Programme

CENTS = Decimal("0.01")

# Totals' names: the report's fields (and the rollup's) they add up.
SUMS = {
    "households": "households",
    "villages_covered": "villages_covered",
    "partners": "partner_networks",
    "baht_saved": "expenses_reduced",
    "centres": "active_centres",
    "hici": "hici_households",
    "food_packs": "food_packs",
}


def inside(field: str, prefix: str) -> Q:
    """Rows of tambons inside the area; no condition at all for the nation.

    A range of codes rather than LIKE 'prefix%' (geo.codes.code_range): SQLite uses an index.
    """
    if not prefix:
        return Q()
    if len(prefix) == 6:
        return Q(**{f"{field}__code": prefix})
    lower, upper = code_range(prefix)
    return Q(**{f"{field}__code__gte": lower, f"{field}__code__lt": upper})


def grouped(queryset: QuerySet, field: str, length: int, **aggregates: Any) -> dict[str, dict]:
    """{code prefix: {aggregate: value}}: one GROUP BY query on the first `length` characters."""
    rows = (
        queryset.annotate(child=Substr(field, 1, length))
        .values("child")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("child"): row for row in rows}


def _bits(column: str, numbers: list[int]) -> str:
    """SQL: how many rows have one of these bits set, counted per bit and added up."""
    cases = [f"CASE WHEN {column} & {bit(n)} <> 0 THEN 1 ELSE 0 END" for n in numbers]
    return f"SUM({' + '.join(cases)})" if cases else "0"


def tallied(
    programme: Programme,
    prefix: str,
    length: int,
    due_activities: list[int],
    counted_periods: list[int],
    only: Collection[str] = (),
) -> dict[str, dict]:
    """Per child, from the rollup (one GROUP BY over a row per tambon): tambons selected, leaders,
    leaders who completed the workshop, activities done of those due, villages of the selected
    tambons, reports submitted / on time / approved in the counted periods, and the sums of the
    approved reports of every period; `only` these of them, when given.

    Written as SQL by hand: the query is the page's main cost, and building the same thirty
    expressions through the ORM took several times longer than running them.
    """
    selected = "paired" if programme.is_paired else "target"
    columns = {
        "selected": f"SUM(CASE WHEN {selected} THEN 1 ELSE 0 END)",
        "leaders": "SUM(leaders)",
        "workshop": "SUM(workshop_done)",
        "activities": _bits("activities_done", due_activities),
        "villages": f"SUM(CASE WHEN {selected} THEN villages ELSE 0 END)",
        "submitted": _bits("reports_submitted", counted_periods),
        "on_time": _bits("reports_on_time", counted_periods),
        "approved": _bits("reports_approved", counted_periods),
        **{name: f"SUM({column})" for name, column in SUMS.items()},
    }
    if only:  # the figures the caller reads, and no more sums than those
        columns = {name: sql for name, sql in columns.items() if name in only}
    where = "programme_id = %s"
    params: list[int | str] = [programme.pk]
    if prefix:
        where = f"{where} AND tambon_id >= %s AND tambon_id < %s"
        params = [*params, *code_range(prefix)]
    connection = reading_connection(TambonTally)
    table = connection.ops.quote_name(TambonTally._meta.db_table)
    sql = (
        f"SELECT substr(tambon_id, 1, {int(length)}), {', '.join(columns.values())} "  # noqa: S608 - our names
        f"FROM {table} WHERE {where} GROUP BY 1"
    )
    out: dict[str, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for child, *values in cursor.fetchall():
            # PostgreSQL adds big integers up as numeric: counts back to int (shown with their
            # thousands comma); SQLite adds decimals up as floats: baht back to satang.
            row: dict[str, int | Decimal] = {
                name: int(value or 0) for name, value in zip(columns, values, strict=True)
            }
            if "baht_saved" in row:
                baht = values[list(columns).index("baht_saved")] or 0
                row["baht_saved"] = Decimal(str(baht)).quantize(CENTS)
            out[child] = row
    return out
