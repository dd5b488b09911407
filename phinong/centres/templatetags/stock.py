"""{% load stock %}: ledger quantities in Thai or Arabic digits, like `num`, and a movement's details."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from phinong.centres import display
from phinong.core.formatting import date as bedate
from phinong.core.formatting import num

if TYPE_CHECKING:
    from phinong.centres.models import StockMovement

register = template.Library()


@register.filter
def qty(value: Decimal | int | None) -> str:
    return display.qty(value)


@register.filter
def signed_qty(value: Decimal) -> str:
    return display.signed_qty(value)


@register.filter
def movement_details(m: StockMovement) -> SafeString:
    """Who gave, to whom, or why: written here rather than in an included template, which cost
    a template context per row of a ledger page. The text is what blocktranslate rendered."""
    if m.kind == "in":
        text = gettext("From %(donor)s") % {"donor": conditional_escape(m.donor)}
        return mark_safe(text)  # noqa: S308 - the donor is escaped; the words are our translation
    if m.kind == "out":
        data = {
            "kind": conditional_escape(m.get_household_kind_display()),
            "n": conditional_escape(num(m.households)),
        }
        count = m.households or 0  # a distribution always has households
        text = ngettext("%(kind)s: %(n)s household", "%(kind)s: %(n)s households", count)
        return mark_safe(text % data)  # noqa: S308 - as blocktranslate: the values are escaped
    return conditional_escape(m.reason)


_ROW = (
    '<tr>\n  <td data-label="{}">{}</td>\n  <td data-label="{}">{}</td>\n'
    '  <td data-label="{}">{}</td>\n  <td class="n" data-label="{}">{} {}</td>\n'
    '  <td data-label="{}">{}</td>\n  <td data-label="{}">{}</td>\n</tr>'
)


@register.simple_tag
def movement_rows(movements: Iterable[StockMovement], *labels: str) -> SafeString:
    """The ledger's rows, each cell labelled (date, kind, item, change, details, recorded by).

    Written in Python: fifty rows of template variables were a large part of a centre page's time.
    """
    l_date, l_kind, l_item, l_change, l_details, l_by = labels
    rows = format_html_join(
        "",
        _ROW,
        (
            (
                l_date,
                bedate(m.occurred_on),
                l_kind,
                m.get_kind_display(),
                l_item,
                m.item,
                l_change,
                display.signed_qty(m.change),
                m.unit,
                l_details,
                movement_details(m),
                l_by,
                m.created_by.username if m.created_by else "",
            )
            for m in movements
        ),
    )
    if not rows:
        nothing = gettext("Nothing recorded yet.")
        return format_html('<tr><td colspan="6" class="muted">{}</td></tr>', nothing)
    return rows
