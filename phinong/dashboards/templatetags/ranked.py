"""`{% ranked_rows %}`: the rows of an area page's table of children (dashboards/_area_body.html).

Written in Python, as the centre's ledger rows are: through the template engine the national
table's 76 rows, some fifteen cells each, were over a third of the time of a national page drawn
afresh. The cells are those the template wrote, with the same words and the same escaping
(`html.escape`, as Django's own `escape`); a district's checklist cells are written by
`checklists.checklist_cell`. Every value is escaped where it is put in; what is already HTML is
named `*_html`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from phinong.core.formatting import num, thai_active
from phinong.core.templatetags.links import scope_in
from phinong.core.templatetags.thai import progress_class
from phinong.dashboards.templatetags.checklists import checklist_cell

register = template.Library()

Num = Callable[[Any], str]


def _digits() -> Num:
    """`num`, escaped, with the language looked up once for the whole table."""
    thai = thai_active()
    return lambda value: escape(num(value, thai))


def _labels() -> dict[str, str]:
    """The cells' data-labels (a phone shows them beside each value), escaped."""
    words = {
        "code": gettext("Code"),
        "name": gettext("Name"),
        "quota": gettext("Quota"),
        "selected": gettext("Selected"),
        "left": gettext("Left"),
        "in_programme": gettext("In the programme"),
        "leaders": gettext("Leaders"),
        "households": gettext("Households"),
        "progress": gettext("Progress"),
        "checklist": gettext("Checklist"),
        "shared": gettext("No cap of its own: shares what is left of the province quota"),
    }
    return {key: escape(text) for key, text in words.items()}


@register.simple_tag(takes_context=True)
def ranked_rows(context: Context) -> SafeString:
    """The children's rows (`table_rows`: figures, status row and figure cells of each child),
    with their links (`child_urls`) kept only inside the reader's scope, as `{% arealink %}` does."""
    digits = _digits()
    labels = _labels()
    scope = scope_in(context)
    urls = context.get("child_urls") or {}
    with_programme = bool(context.get("programme"))
    district = bool(context.get("level_is_district"))
    checklists = context.get("checklists") or {}
    out: list[str] = []
    for fig, row, cells in context.get("table_rows") or []:
        code = str(row.area.code)
        name_html = escape(row.area.name_th)
        if scope.covers(code):
            name_html = f'<a href="{escape(str(urls.get(code, 0)))}">{name_html}</a>'
        out.append(
            f'<tr>\n  <td data-label="{labels["code"]}">{escape(code)}</td>\n'
            f'  <td data-label="{labels["name"]}">{name_html}</td>\n'
        )
        if with_programme:
            if district:
                out.append(_programme_cell(row, labels["in_programme"]))
            else:
                out.append(_quota_cells(row, labels, digits))
            out.append(_leaders_cell(row, labels["leaders"], digits))
            if fig:
                out.append(_figure_cells(fig, cells, labels, digits))
            if district:
                cell_html = checklist_cell(checklists.get(code))
                out.append(f'  <td data-label="{labels["checklist"]}">{cell_html}</td>\n')
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped where it is put in


def _quota_cells(row: Any, labels: dict[str, str], digits: Num) -> str:
    def limited(value: Any) -> str:
        if value is None:
            return "–"
        if row.shared:
            return f'<span class="muted" title="{labels["shared"]}">({digits(value)})</span>'
        return digits(value)

    return (
        f'  <td class="n" data-label="{labels["quota"]}">{limited(row.quota)}</td>\n'
        f'  <td class="n" data-label="{labels["selected"]}">{digits(row.selected)}</td>\n'
        f'  <td class="n" data-label="{labels["left"]}">{limited(row.left)}</td>\n'
    )


def _programme_cell(row: Any, label: str) -> str:
    """A tambon's part in a paired programme: younger (and its elder), elder of whom, selected."""
    parts = []
    if row.pair:
        coached = gettext("coached by %(elder)s") % {"elder": escape(row.pair.elder.name_th)}
        badge = escape(gettext("younger tambon"))
        parts.append(f'<span class="badge">{badge}</span> {coached}')
    for pair in row.coaching:
        coaches = gettext("coaches %(younger)s") % {"younger": escape(pair.younger.name_th)}
        badge = escape(gettext("elder tambon"))
        parts.append(f'<div><span class="badge">{badge}</span> {coaches}</div>')
    if row.is_target:
        selected = escape(gettext("selected"))
        parts.append(f'<span class="badge">{selected}</span>')
    cell_html = "\n".join(parts)
    return f'  <td data-label="{label}">{cell_html}</td>\n'


def _leaders_cell(row: Any, label: str, digits: Num) -> str:
    if not row.expected_leaders:
        return f'  <td class="n" data-label="{label}">–</td>\n'
    badge = progress_class(row.leaders, row.expected_leaders)
    text = f"{digits(row.leaders)}/{digits(row.expected_leaders)}"
    return f'  <td class="n" data-label="{label}"><span class="badge {badge}">{text}</span></td>\n'


def _figure_cells(fig: Any, cells: Iterable[Any], labels: dict[str, str], digits: Num) -> str:
    out = []
    for cell in cells:
        badge_html = "–"
        if cell.text:
            badge_html = (
                f'<span class="badge {escape(cell.progress)}" title="{escape(str(cell.title))}">'
                f"{escape(cell.text)}</span>"
            )
        out.append(f'<td class="n" data-label="{escape(str(cell.label))}">{badge_html}</td>')
    score = f"{digits(fig.percent)}%" if fig.taking_part else "–"
    out.append(
        f'\n<td class="n" data-label="{labels["households"]}">{digits(fig.totals.households)}</td>\n'
        f'<td class="n" data-label="{labels["progress"]}"><span class="score">{score}</span></td>\n'
    )
    return "".join(out)
