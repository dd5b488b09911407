"""`{% tambon_checklists programme codes as checklists %}`: the checklists of many tambons at once,
for pages of the domain apps (the programme's district page) that must not import the dashboards;
and a checklist written out: `{% checklist_steps c %}`, `{% next_step c %}`, `{% steps_done c %}`,
`{% checklist_cell c %}`.

They are written in Python rather than included templates: a district's pages show some
twenty checklists of seven steps, and an include per cell and per step was a large part of their
time. They write what the templates wrote, with the same words and escaping.
"""

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from phinong.core.formatting import num
from phinong.core.templatetags.thai import progress_class
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


def _detail(text: str) -> str:
    return f' <span class="muted">({escape(text)})</span>' if text else ""


@register.simple_tag
def checklist_steps(checklist: Checklist) -> SafeString:
    """Every step with its mark, label, detail and state in words."""
    steps = "".join(
        f'\n  <li class="step {escape(step.state)}"><span class="mark" aria-hidden="true">'
        f"{escape(step.mark)}</span>\n"
        f'    <span class="label">{escape(step.label)}</span>{_detail(step.detail)}\n'
        f'    <span class="state">· {escape(step.state_label)}</span></li>'
        for step in checklist.steps
    )
    return mark_safe(f'<ul class="checklist">{steps}\n</ul>')  # noqa: S308 - values escaped


@register.simple_tag
def next_step(checklist: Checklist) -> SafeString:
    """The first step not done, linked where the reader may go; or that all due is done."""
    step = checklist.next_step
    if step is None:
        done = escape(gettext("Every step due so far is done"))
        return mark_safe(f'<span class="badge done">✓ {done}</span>')  # noqa: S308 - escaped
    action = escape(step.action)
    if step.url:
        action = f'<a href="{escape(step.url)}">{action}</a>'
    label = escape(gettext("Next step"))
    text = f"{label}: {action}{_detail(step.detail)}"
    return mark_safe(text)  # noqa: S308 - values escaped


@register.simple_tag
def steps_done(checklist: Checklist) -> SafeString:
    """The badge "3 of 7 steps" (the numbers escaped, as blocktranslate does)."""
    text = gettext("%(done)s of %(total)s steps") % {
        "done": escape(num(checklist.done_count)),
        "total": escape(num(checklist.total)),
    }
    badge = progress_class(checklist.done_count, checklist.total)
    return mark_safe(f'<span class="badge {badge}">{text}</span>')  # noqa: S308 - values escaped


@register.simple_tag
def checklist_cell(checklist: Checklist | None) -> SafeString:
    """A table cell's checklist: the badge, the next step, and every step folded away."""
    if not checklist:
        return SafeString("–")
    all_steps = escape(gettext("All steps"))
    return mark_safe(  # noqa: S308 - each part is escaped where it is made
        f'<div class="checklist-cell">{steps_done(checklist)}\n  <div>{next_step(checklist)}</div>\n'
        f"  <details><summary>{all_steps}</summary>{checklist_steps(checklist)}</details></div>"
    )
