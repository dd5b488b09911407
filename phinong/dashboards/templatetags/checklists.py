"""`{% tambon_checklists programme codes as checklists %}`: the checklists of many tambons at once,
for pages of the domain apps (the programme's district page) that must not import the dashboards."""

from typing import Any

from django import template

from phinong.dashboards.checklist import Checklist, checklists
from phinong.programmes.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def tambon_checklists(
    context: dict[str, Any], programme: Programme, codes: list[str]
) -> dict[str, Checklist]:
    return checklists(actor=context["request"].user, programme=programme, codes=codes)
