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

from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phinong.accounts.scoping import scope_of
from phinong.core.formatting import num
from phinong.geo.models import Village
from phinong.lessons.models import Lesson, LessonStatus
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Programme
from phinong.register.models import Member, MemberRole
from phinong.reports.models import ReportPeriod, ReportState, TambonReport
from phinong.workshops.models import ActivityRecord, ActivityStatus, Attendance, Workshop

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
    completed: dict[str, int] = field(default_factory=dict)  # tambon: leaders who completed one
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
    """Everything the steps read for these tambons, in a fixed number of queries (ten)."""
    codes = sorted(set(codes))
    facts = Facts(programme=programme, today=today or timezone.localdate())
    if not codes:
        return facts
    field_name = "younger" if programme.is_paired else "tambon"
    facts.selected = set(
        programme_selectors.selected_tambons(programme).filter(**{f"{field_name}_id__in": codes})
    )
    leader_rows = (
        Member.objects.filter(programme=programme, role=MemberRole.LEADER, tambon_id__in=codes)
        .values("tambon_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    facts.leaders = {row["tambon_id"]: row["n"] for row in leader_rows}
    village_rows = (
        Village.objects.filter(tambon_id__in=codes)
        .values("tambon_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    facts.villages = {row["tambon_id"]: row["n"] for row in village_rows}
    _load_workshops(facts, codes)
    facts.activities = list(Activity.objects.filter(programme=programme).order_by("number"))
    done = defaultdict(set)
    for activity_id, tambon_id in ActivityRecord.objects.filter(
        activity__programme=programme, tambon_id__in=codes, status=ActivityStatus.DONE
    ).values_list("activity_id", "tambon_id"):
        done[tambon_id].add(activity_id)
    facts.activities_done = dict(done)
    facts.due_periods = list(
        ReportPeriod.objects.filter(programme=programme, due_on__lte=facts.today).order_by("number")
    )
    approved = defaultdict(set)
    for period_id, tambon_id in TambonReport.objects.filter(
        period__in=[p.pk for p in facts.due_periods],
        tambon_id__in=codes,
        state=ReportState.APPROVED,
    ).values_list("period_id", "tambon_id"):
        approved[tambon_id].add(period_id)
    facts.approved = dict(approved)
    facts.lessons = dict(
        Lesson.objects.filter(programme=programme, tambon_id__in=codes).values_list(
            "tambon_id", "status"
        )
    )
    return facts


def _load_workshops(facts: Facts, codes: list[str]) -> None:
    """Which workshops invited each tambon, and how many of its leaders completed one of them."""
    invitations = (
        Workshop.tambons.through.objects.filter(
            workshop__programme=facts.programme, tambon_id__in=codes
        )
        .order_by("workshop__starts_on", "workshop_id")
        .values_list("tambon_id", "workshop_id")
    )
    invited: dict[str, list[int]] = defaultdict(list)
    for tambon_id, workshop_id in invitations:
        invited[tambon_id].append(workshop_id)
    facts.workshops = dict(invited)
    attended = (
        Attendance.objects.filter(
            workshop__programme=facts.programme,
            member__role=MemberRole.LEADER,
            member__programme=facts.programme,
            member__tambon_id__in=codes,
            day__gte=1,
            day__lte=F("workshop__days"),
        )
        .values("workshop_id", "member_id", "member__tambon_id", "workshop__days")
        .annotate(
            present=Count("day", distinct=True),
            required=F("workshop__days_to_complete"),
        )
        .order_by()
    )
    completed: dict[str, set[int]] = defaultdict(set)
    for row in attended:
        tambon_id = row["member__tambon_id"]
        required = min(row["required"] or row["workshop__days"], row["workshop__days"])
        if row["workshop_id"] in invited.get(tambon_id, ()) and row["present"] >= required:
            completed[tambon_id].add(row["member_id"])
    facts.completed = {code: len(members) for code, members in completed.items()}


def build(facts: Facts, code: str, *, actor: User) -> Checklist:
    scope = scope_of(actor)
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
                label=step.label(facts.programme),
                action=step.action(facts.programme),
                state=check.state,
                detail=check.detail,
                url=url,
            )
        )
    return Checklist(tambon_code=code, steps=results)


def checklists(
    *, actor: User, programme: Programme, codes: Iterable[str], today: dt.date | None = None
) -> dict[str, Checklist]:
    """{tambon code: its checklist} for the tambons inside the actor's area, at once."""
    scope = scope_of(actor)
    inside = [code for code in codes if scope.covers(code)]
    facts = load_facts(programme, inside, today=today)
    return {code: build(facts, code, actor=actor) for code in inside}
