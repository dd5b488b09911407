"""The checklist of a younger tambon (a target tambon, outside pairs): what is done, and the next step.

The steps are a list (`STEPS`), in the order the programme runs them. A step looks at the facts of
many tambons, loaded at once by `load_facts` in a fixed number of queries, and says whether it is
done for one tambon, with a short figure ("12/15") and where to act. The next step is the first one
not done; its link is shown only when the page is inside the reader's area.

To add a step: load what it needs in `load_facts`, write
its check below, and put it in `STEPS`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from phinong.accounts.scoping import Scope, scope_of
from phinong.core.formatting import num
from phinong.dashboards import schedule
from phinong.dashboards.tallies import bit
from phinong.dashboards.urls_fill import Reverser
from phinong.lessons.models import Lesson, LessonStatus
from phinong.programmes.models import Activity, Programme
from phinong.reports.models import ReportPeriod
from phinong.workshops.models import Workshop

if TYPE_CHECKING:
    from phinong.accounts.models import User

DONE, TODO, NOT_DUE = "done", "todo", "not_due"


@dataclass
class Facts:
    """What the steps read, for a set of tambons of one programme."""

    programme: Programme
    today: dt.date
    selected: set[str] = field(default_factory=set)
    leaders: dict[str, int] = field(default_factory=dict)
    villages: dict[str, int] = field(default_factory=dict)
    workshops: dict[str, list[int]] = field(default_factory=dict)  # tambon: invited to, first first
    completed: dict[str, int] = field(
        default_factory=dict
    )  # tambon: leaders who completed a workshop
    activities: list[Activity] = field(default_factory=list)
    activities_done: dict[str, set[int]] = field(default_factory=dict)
    due_periods: list[ReportPeriod] = field(default_factory=list)
    approved: dict[str, set[int]] = field(default_factory=dict)  # tambon: periods approved
    lessons: dict[str, str] = field(default_factory=dict)  # tambon: its write-up's status


@dataclass(frozen=True)
class Check:
    """One step's answer for one tambon: its state, a short figure, and the page where to act."""

    state: str
    detail: str = ""
    target: tuple[str, tuple[object, ...], str] | None = None  # (url name, args, query string)


@dataclass(frozen=True)
class Step:
    key: str
    label: Callable[[Programme], str]
    action: Callable[[Programme], str]
    check: Callable[[Facts, str], Check]
    scope_level: int = 6  # the length of the area code the page belongs to (4: the district's)


@dataclass(frozen=True)
class StepResult:
    key: str
    label: str
    action: str
    state: str
    detail: str
    url: str  # empty when there is nowhere the reader may go

    @property
    def done(self) -> bool:
        return self.state == DONE

    @property
    def todo(self) -> bool:
        return self.state == TODO

    @property
    def mark(self) -> str:
        return "✓" if self.done else ("✗" if self.todo else "–")

    @property
    def state_label(self) -> str:
        """The state in words; here rather than in the template, which shows some 150 steps on a
        district's page and would translate each of them tag by tag."""
        if self.done:
            return pgettext("checklist", "done")
        return (
            pgettext("checklist", "not done") if self.todo else pgettext("checklist", "not due yet")
        )


@dataclass(frozen=True)
class Checklist:
    tambon_code: str
    steps: list[StepResult]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def total(self) -> int:
        """The steps that are due (a step with nothing due yet is left out)."""
        return sum(step.state != NOT_DUE for step in self.steps)

    @property
    def next_step(self) -> StepResult | None:
        return next((step for step in self.steps if step.todo), None)

    @property
    def complete(self) -> bool:
        return self.next_step is None


def _fraction(done: int, total: int) -> str:
    return f"{num(done)}/{num(total)}"


# -- the steps --------------------------------------------------------------------------------------


def _selected(facts: Facts, code: str) -> Check:
    pk = facts.programme.pk
    return Check(
        DONE if code in facts.selected else TODO, target=("programmes:district", (pk, code[:4]), "")
    )


def _leaders(facts: Facts, code: str) -> Check:
    n, wanted = facts.leaders.get(code, 0), facts.programme.leaders_per_tambon
    return Check(
        DONE if n >= wanted else TODO,
        _fraction(n, wanted),
        ("register:tambon", (facts.programme.pk, code), ""),
    )


def _villages(facts: Facts, code: str) -> Check:
    n = facts.villages.get(code, 0)
    return Check(
        DONE if n else TODO,
        num(n),
        ("dashboards:area", (code,), f"?programme={facts.programme.pk}"),
    )


def _workshop(facts: Facts, code: str) -> Check:
    leaders, completed = facts.leaders.get(code, 0), facts.completed.get(code, 0)
    invited = facts.workshops.get(code, [])
    target = (
        ("workshops:detail", (invited[0],), "")
        if invited
        else ("workshops:index", (facts.programme.pk,), "")
    )
    done = bool(leaders) and completed >= leaders
    return Check(DONE if done else TODO, _fraction(completed, leaders), target)


def _activities(facts: Facts, code: str) -> Check:
    if not facts.activities:
        return Check(NOT_DUE)
    done = facts.activities_done.get(code, set())
    left = [a for a in facts.activities if a.pk not in done]
    detail = _fraction(len(facts.activities) - len(left), len(facts.activities))
    if not left:
        return Check(DONE, detail)
    return Check(TODO, detail, ("workshops:record", (left[0].pk, code), ""))


def _reports(facts: Facts, code: str) -> Check:
    if not facts.due_periods:
        return Check(NOT_DUE)
    approved = facts.approved.get(code, set())
    left = [p for p in facts.due_periods if p.pk not in approved]
    detail = _fraction(len(facts.due_periods) - len(left), len(facts.due_periods))
    if not left:
        return Check(DONE, detail)
    return Check(TODO, detail, ("reports:tambon", (facts.programme.pk, left[0].pk, code), ""))


def _lessons(facts: Facts, code: str) -> Check:
    """Published by the province: done. Due once the tambon's activities are done (or as soon as
    someone starts writing)."""
    status = facts.lessons.get(code)
    target = ("lessons:tambon", (facts.programme.pk, code), "")
    if status == LessonStatus.PUBLISHED:
        return Check(DONE, target=target)
    activities_left = any(
        a.pk not in facts.activities_done.get(code, set()) for a in facts.activities
    )
    if status is None and activities_left:
        return Check(NOT_DUE, target=target)
    return Check(TODO, str(LessonStatus(status).label) if status else "", target)


def _label(text: Promise) -> Callable[[Programme], str]:
    return lambda programme: str(text)


STEPS: tuple[Step, ...] = (
    Step(
        "paired",
        lambda p: (
            _("Paired with an elder tambon") if p.is_paired else _("Selected for the programme")
        ),
        lambda p: _("Pair it with an elder tambon") if p.is_paired else _("Select it"),
        _selected,
        scope_level=4,
    ),
    Step(
        "leaders",
        lambda p: _("%(count)s leaders registered") % {"count": num(p.leaders_per_tambon)},
        _label(gettext_lazy("Register the leaders")),
        _leaders,
    ),
    Step(
        "villages",
        _label(gettext_lazy("Villages registered")),
        _label(gettext_lazy("Add its villages")),
        _villages,
    ),
    Step(
        "workshop",
        _label(gettext_lazy("Workshop completed by every leader")),
        _label(gettext_lazy("Record the workshop attendance")),
        _workshop,
    ),
    Step(
        "activities",
        _label(gettext_lazy("Activities done")),
        _label(gettext_lazy("Record the next activity")),
        _activities,
    ),
    Step(
        "reports",
        _label(gettext_lazy("Reports due approved")),
        _label(gettext_lazy("Open the report")),
        _reports,
    ),
    Step(
        "lessons",
        _label(gettext_lazy("Lessons learned published")),
        _label(gettext_lazy("Write up the lessons learned")),
        _lessons,
    ),
)


# -- loading and building ---------------------------------------------------------------------------


def load_facts(
    programme: Programme, codes: Iterable[str], *, today: dt.date | None = None
) -> Facts:
    """Everything the steps read for these tambons, in five queries: most of it from the rollup
    (`TambonTally`, one row per tambon), whose bits say which activities and periods are done."""
    codes = sorted(set(codes))
    facts = Facts(programme=programme, today=today or timezone.localdate())
    if not codes:
        return facts
    facts.activities = list(schedule.activities(programme))
    facts.due_periods = [p for p in schedule.periods(programme) if p.due_on <= facts.today]
    for tally in schedule.tallies(programme, codes).values():
        code = tally.tambon_id
        if tally.paired if programme.is_paired else tally.target:
            facts.selected.add(code)
        facts.leaders[code] = tally.leaders
        facts.villages[code] = tally.villages
        facts.completed[code] = tally.workshop_done
        facts.activities_done[code] = {
            a.pk for a in facts.activities if tally.activities_done & bit(a.number)
        }
        facts.approved[code] = {
            p.pk for p in facts.due_periods if tally.reports_approved & bit(p.number)
        }
    facts.workshops = _invitations(programme, codes)
    # One lesson per tambon and programme: no ordering, whose joins to the programme and tambon
    # tables the model's would add.
    facts.lessons = dict(
        Lesson.objects.filter(programme=programme, tambon_id__in=codes)
        .order_by()
        .values_list("tambon_id", "status")
    )
    return facts


def _invitations(programme: Programme, codes: list[str]) -> dict[str, list[int]]:
    """{tambon: the workshops that invited it, the first first}."""
    invitations = (
        Workshop.tambons.through.objects.filter(workshop__programme=programme, tambon_id__in=codes)
        .order_by("workshop__starts_on", "workshop_id")
        .values_list("tambon_id", "workshop_id")
    )
    invited: dict[str, list[int]] = defaultdict(list)
    for tambon_id, workshop_id in invitations:
        invited[tambon_id].append(workshop_id)
    return dict(invited)


def build(
    facts: Facts,
    code: str,
    *,
    scope: Scope,
    texts: list[tuple[str, str]] | None = None,
    reverser: Reverser | None = None,
) -> Checklist:
    """One tambon's checklist; `texts` (each step's label and action) and a `reverser` when the
    caller builds many."""
    texts = texts if texts is not None else _texts(facts.programme)
    reverse = reverser or Reverser()
    selected = code in facts.selected
    results = []
    for i, step in enumerate(STEPS):
        check = step.check(facts, code)
        url = ""
        # Before the tambon is selected its other pages do not exist yet: no links to them.
        if check.target is not None and (selected or i == 0):
            name, args, query = check.target
            if scope.covers(code[: step.scope_level]):
                url = reverse(name, args=args) + query
        results.append(
            StepResult(
                key=step.key,
                label=texts[i][0],
                action=texts[i][1],
                state=check.state,
                detail=check.detail,
                url=url,
            )
        )
    return Checklist(tambon_code=code, steps=results)


def _texts(programme: Programme) -> list[tuple[str, str]]:
    return [(step.label(programme), step.action(programme)) for step in STEPS]


def checklists(
    *, actor: User, programme: Programme, codes: Iterable[str], today: dt.date | None = None
) -> dict[str, Checklist]:
    """{tambon code: its checklist} for the tambons inside the actor's area, at once."""
    scope = scope_of(actor)
    inside = [code for code in codes if scope.covers(code)]
    facts = load_facts(programme, inside, today=today)
    texts = _texts(programme)
    reverser = Reverser()
    return {
        code: build(facts, code, scope=scope, texts=texts, reverser=reverser) for code in inside
    }
