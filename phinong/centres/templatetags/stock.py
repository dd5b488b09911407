"""{% load stock %}: ledger quantities in Thai or Arabic digits, like `num`."""

from decimal import Decimal

from django import template

from phinong.centres import display

register = template.Library()


@register.filter
def qty(value: Decimal | int | None) -> str:
    return display.qty(value)


@register.filter
def signed_qty(value: Decimal) -> str:
    return display.signed_qty(value)
