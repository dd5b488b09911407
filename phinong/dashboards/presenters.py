"""What the dashboard page shows of a `Dashboard`: sorted rows, sort links, filters and exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phinong.accounts.scoping import scope_of
from phinong.core.formatting import num, thai_active
from phinong.core.templatetags.thai import progress_class
from phinong.dashboards import schedule
from phinong.dashboards.figures import FIGURE_KEYS, ChildRow, Dashboard, Figure
from phinong.dashboards.status import ChildRow as StatusRow
from phinong.dashboards.urls_fill import Reverser
from phinong.geo.models import District
from phinong.lib import svgchart
from phinong.programmes.models import Programme
from phinong.reports.models import ReportPeriod

# Columns a reader may sort the children by, besides the figures.
OTHER_SORTS = ("score", "code", "name", "households", "baht_saved")
SORTS = (*OTHER_SORTS, *FIGURE_KEYS)


def period_from(request: HttpRequest, programme: Programme | None) -> ReportPeriod | None:
    """The period picked in ?period=<pk>, if it is one of the programme's; else all periods."""
    pk = request.GET.get("period", "")
    if programme is None or not pk.isdigit():
        return None
    return next((p for p in schedule.periods(programme) if p.pk == int(pk)), None)


def _sort_key(key: str) -> Any:
    if key == "code":
        return lambda row: row.area.code
    if key == "name":
        return lambda row: row.area.name_th
    if key == "score":
        return lambda row: (row.score, row.area.code)
    if key in ("households", "baht_saved"):
        return lambda row: (getattr(row.totals, key), row.area.code)
    return lambda row: (row.figures[key].ratio, row.figures[key].value, row.area.code)


def sorted_rows(rows: list[ChildRow], sort: str, direction: str) -> list[ChildRow]:
    if sort == "score" and direction == "asc":
        return rows  # already ranked, laggards first
    return sorted(rows, key=_sort_key(sort), reverse=direction == "desc")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    url: str
    active: bool
    direction: str  # of the current sort, when active

    @property
    def aria_sort(self) -> str:
        if not self.active:
            return "none"
        return "ascending" if self.direction == "asc" else "descending"


@dataclass(frozen=True)
class FigureCell:
    """One figure in a child's row, ready to show: its column's label (the cell's data-label on a
    phone), the figure's name, "done/target" (empty without a target) and the badge's class.
    Worked out here, once, rather than through some eight template lookups and filters per cell:
    the national table has over five hundred of them."""

    label: str
    title: str
    text: str
    progress: str

    @classmethod
    def of(cls, label: str, figure: Figure) -> FigureCell:
        if not figure.target:
            return cls(label, figure.label, "", "")
        text = f"{num(figure.value)}/{num(figure.target)}"
        return cls(label, figure.label, text, progress_class(figure.value, figure.target))


def column_labels() -> dict[str, str]:
    return {
        "score": _("Progress"),
        "code": _("Code"),
        "name": _("Name"),
        "households": _("Households"),
        "baht_saved": _("Baht saved"),
        "pairs": pgettext("dashboard column", "Selected"),
        "leaders": _("Leaders"),
        "workshop": pgettext("dashboard column", "Workshop"),
        "activities": _("Activities"),
        "reports": pgettext("dashboard column", "Reports"),
        "on_time": _("On time"),
        "approved": pgettext("dashboard column", "Approved"),
    }


def page_context(request: HttpRequest, dash: Dashboard) -> dict[str, object]:
    params: dict[str, str] = {"programme": str(dash.programme.pk)}
    if dash.period is not None:
        params["period"] = str(dash.period.pk)
    sort = request.GET.get("sort", "score")
    sort = sort if sort in SORTS else "score"
    direction = "desc" if request.GET.get("dir") == "desc" else "asc"
    indicator = request.GET.get("indicator", "")
    indicator = indicator if indicator in FIGURE_KEYS else "pairs"
    base = (
        reverse("dashboards:area", args=[dash.area.code])
        if dash.area is not None
        else reverse("dashboards:nation")
    )
    labels = column_labels()
    keep = {**params, "indicator": indicator} if dash.area is None else params
    columns = []
    for key in ("code", "name", "score", *FIGURE_KEYS, "households", "baht_saved"):
        active = key == sort
        next_dir = ("desc" if direction == "asc" else "asc") if active else "asc"
        query = urlencode({**keep, "sort": key, "dir": next_dir})
        columns.append(Column(key, labels[key], f"{base}?{query}#children", active, direction))
    rows = sorted_rows(dash.children, sort, direction)
    status_rows: dict[str, StatusRow] = (
        {row.area.code: row for row in dash.status.rows} if dash.status is not None else {}
    )
    exports = urlencode(params)
    return {
        "dash": dash,
        "periods": dash.periods,
        "columns": {column.key: column for column in columns},
        "table_rows": [
            (
                row,
                status_rows.get(row.area.code, row),
                [FigureCell.of(labels[key], row.figures[key]) for key in FIGURE_KEYS[2:]],
            )
            for row in rows
        ],
        "sort": sort,
        "direction": direction,
        "indicator": indicator,
        "indicators": [(f.key, f.label) for f in dash.figures],
        "pdf_url": f"{base}report.pdf?{exports}",
        "xlsx_url": f"{base}report.xlsx?{exports}",
        "child_query": urlencode(params),
        **charts(dash, actor=request.user, indicator=indicator, params=params),
    }


def charts(
    dash: Dashboard, *, actor: Any, indicator: str, params: dict[str, str]
) -> dict[str, object]:
    """The SVG charts of the page, drawn by phinong.lib.svgchart: no JavaScript, Thai digits."""
    thai = thai_active()
    no_data = _("No data")
    query = urlencode(params)
    scope = scope_of(actor)
    reverse_many = Reverser()

    def link(code: str) -> str | None:
        if not scope.covers(code):
            return None
        return reverse_many("dashboards:area", [code]) + f"?{query}"

    out: dict[str, object] = {
        "figure_bars": {
            f.key: mark_safe(  # noqa: S308 - svgchart escapes every text it is given
                svgchart.progress_bar(
                    f.value, f.target, f.label, thai_digits=thai, no_data=no_data, width=400
                )
            )
            for f in dash.figures
        },
        "series_chart": mark_safe(  # noqa: S308
            svgchart.line_chart(
                [(p.day, p.submitted, p.approved) for p in dash.series],
                dash.due_dates,
                title=_("Reports submitted and approved, day by day"),
                names=(_("Submitted"), pgettext("reports", "Approved")),
                expected=dash.figure("reports").target or None,
                expected_label=pgettext("chart line", "Expected"),
                thai_digits=thai,
                no_data=_("No report submitted yet."),
            )
        ),
    }
    if dash.children and not isinstance(dash.area, District):
        rows = [
            (row.area.name_th, row.percent if row.taking_part else None, 100)
            for row in dash.children
        ]
        out["children_chart"] = mark_safe(  # noqa: S308
            svgchart.bar_chart(
                rows,
                title=_("Overall progress, the furthest behind first"),
                links=[link(row.area.code) for row in dash.children],
                thai_digits=thai,
                no_data=no_data,
            )
        )
    if dash.area is None:
        figure = {f.key: f for f in dash.figures}[indicator]
        values: dict[str, float | None] = {
            row.area.code: (
                row.figures[indicator].percent if row.figures[indicator].target else None
            )
            for row in dash.children
        }
        out["tile_map"] = mark_safe(  # noqa: S308
            svgchart.tile_map(
                values,
                names={row.area.code: row.area.name_th for row in dash.children},
                links={
                    row.area.code: url
                    for row in dash.children
                    if (url := link(row.area.code)) is not None
                },
                legend_title=figure.label,
                thai_digits=thai,
                no_data=no_data,
                outside_label=_("Outside the CDD's area"),
            )
        )
    return out
