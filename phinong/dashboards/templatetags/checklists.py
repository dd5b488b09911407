"""`{% tambon_checklists programme codes as checklists %}`: the checklists of many tambons at once,
for pages of the domain apps (the programme's district page) that must not import the dashboards."""

from typing import Any

from django import template

from phinong.dashboards import schedule
from phinong.dashboards.checklist import Checklist, checklists
from phinong.programmes.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def tambon_checklists(
    context: dict[str, Any], programme: Programme, codes: list[str]
) -> dict[str, Checklist]:
    # The page's own instance, read for this request: what the checklists read of it is read
    # once, and `tambon_leaders` below reads the same rollup rows.
    schedule.remember(programme)
    return checklists(actor=context["request"].user, programme=programme, codes=codes)


@register.simple_tag
def tambon_leaders(programme: Programme, codes: list[str]) -> dict[str, int]:
    """{tambon: leaders registered} of those with any, from the rollup rows (`TambonTally`) their
    checklists read: after `tambon_checklists`, no query of its own."""
    return {
        code: tally.leaders
        for code, tally in schedule.tallies(programme, codes).items()
        if tally.leaders
    }
