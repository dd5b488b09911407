"""Reads of workshops, attendance and activity records, inside the reader's area."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from phinong.accounts.scoping import scope_of
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Programme
from phinong.register.models import Member, MemberRole
from phinong.workshops.models import ActivityRecord, ActivityStatus, Attendance, Workshop

if TYPE_CHECKING:
    from phinong.accounts.models import User


def _visible(actor: User) -> Q:
    """A workshop is seen by its organiser's area and by the areas of the tambons it invites."""
    scope = scope_of(actor)
    return scope.q("organiser_code") | scope.q("tambons__code")


def workshops_for(*, actor: User, programme: Programme) -> QuerySet[Workshop]:
    ids = Workshop.objects.filter(_visible(actor), programme=programme).values("pk")
    return Workshop.objects.filter(pk__in=ids).select_related("activity")


def get_workshop_for(*, actor: User, pk: int) -> Workshop:
    workshop = (
        Workshop.objects.filter(_visible(actor), pk=pk)
        .select_related("programme", "activity")
        .distinct()
        .first()
    )
    if workshop is None:
        raise Http404
    return workshop


def participants(workshop: Workshop, *, actor: User) -> QuerySet[Member]:
    """The leaders of the invited tambons that are inside the actor's area."""
    return (
        Member.objects.filter(
            scope_of(actor).q("tambon__code"),
            programme=workshop.programme,
            role=MemberRole.LEADER,
            tambon__in=workshop.tambons.all(),
        )
        .select_related("tambon")
        .order_by("tambon_id", "first_name", "last_name")
    )


def participants_on(workshop: Workshop, day: int, *, actor: User) -> QuerySet[Member]:
    """The participants, each with `present`: whether they attended that day. One query, not
    the participants and then the day's attendance."""
    attended = Attendance.objects.filter(workshop=workshop, day=day, member=OuterRef("pk"))
    return participants(workshop, actor=actor).annotate(present=Exists(attended))


def days_attended(workshop: Workshop) -> dict[int, set[int]]:
    """{member id: the days they attended}."""
    days: dict[int, set[int]] = defaultdict(set)
    for member, day in Attendance.objects.filter(workshop=workshop).values_list("member", "day"):
        days[member].add(day)
    return days


def present_on(workshop: Workshop, day: int) -> set[int]:
    """The ids of the members who attended the workshop on that day."""
    return set(
        Attendance.objects.filter(workshop=workshop, day=day)
        .order_by()
        .values_list("member_id", flat=True)
    )


@dataclass(frozen=True)
class Cell:
    status: str
    overdue: bool
    record: ActivityRecord | None


def timeline(
    programme: Programme, district_code: str, *, today: dt.date
) -> tuple[list[Activity], list[tuple[str, list[Cell]]]]:
    """Activities × the district's tambons: each cell's status, and whether it is overdue."""
    activities = list(Activity.objects.filter(programme=programme).order_by("number"))
    codes = sorted(programme_selectors.selected_codes(programme, district_code))
    records = {
        (r.activity_id, r.tambon_id): r
        for r in ActivityRecord.objects.filter(activity__in=activities, tambon_id__in=codes)
    }
    rows = []
    for code in codes:
        cells = []
        for activity in activities:
            record = records.get((activity.pk, code))
            status = record.status if record else ActivityStatus.NOT_STARTED
            overdue = status != ActivityStatus.DONE and today > activity.due_on
            cells.append(Cell(status, overdue, record))
        rows.append((code, cells))
    return activities, rows
