"""Every write that changes a tambon's tally refreshes it, in the writer's transaction.

`connect()` (from `DashboardsConfig.ready`) registers the receivers: post_save and post_delete of
each model the tally reads, and `core.signals.rows_written`, which the bulk writers send (the
register import, attendance, report moves and activity records written with `update()`, restore).
A write of an attendance, an activity record or a report recomputes only the figures that kind
of row feeds (`KINDS`, tallies.PARTS). Seeding and other bulk loads call `tallies.rebuild()`
themselves. A fixture load (`raw`) is left alone: the restore sends `rows_written` once it has
loaded everything.

What the area pages show beyond the rollup moves the cached pages' versions on (stamps.py): the
settings every page reads (programme, quotas, activities, periods, workshops and whom they invite,
area names) move every version; a lesson, a village or the elder side of a pair, their district's;
`core.signals.area_changed` the areas its sender names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from phinong.core.signals import area_changed, rows_written
from phinong.dashboards import stamps, tallies
from phinong.dashboards.models import TambonTally
from phinong.geo.models import District, Province, Tambon, Village
from phinong.lessons.models import Lesson
from phinong.programmes.models import (
    Activity,
    DistrictQuota,
    Pair,
    Programme,
    ProvinceQuota,
    TargetTambon,
)
from phinong.register.models import Member
from phinong.reports.models import ReportPeriod, TambonReport
from phinong.workshops.models import ActivityRecord, Attendance, Workshop

# The rows whose writes recompute only the figures they feed (tallies.PARTS).
KINDS: dict[type[Model], str] = {
    Attendance: "attendance",
    ActivityRecord: "records",
    TambonReport: "reports",
}


def _refresh(programme_id: int | None, codes: Iterable[str], kind: str | None = None) -> None:
    if programme_id is not None:
        tallies.refresh(programme_id=programme_id, tambon_codes=codes, kind=kind)


def _member(instance: Member, **kwargs: Any) -> None:
    _refresh(instance.programme_id, [instance.tambon_id])  # first: see tallies._wait_for_others
    # The younger tambon's page also counts the mentors its pair has from the elder tambon.
    shown = [instance.tambon_id]
    if instance.pair_id is not None:
        shown += Pair.objects.filter(pk=instance.pair_id).values_list("younger_id", flat=True)
    stamps.touch(shown)


def _selection(instance: Pair | TargetTambon, **kwargs: Any) -> None:
    code = instance.younger_id if isinstance(instance, Pair) else instance.tambon_id
    _refresh(instance.programme_id, [code])  # first: see tallies._wait_for_others
    if isinstance(instance, Pair):
        stamps.touch([instance.elder_id])  # the elder's page names the tambon it coaches


def _attendance(instance: Attendance, **kwargs: Any) -> None:
    programme_id = Workshop.objects.filter(pk=instance.workshop_id).values("programme_id")
    member = Member.objects.filter(pk=instance.member_id, programme_id__in=programme_id)
    for found_programme, code in member.values_list("programme_id", "tambon_id"):
        _refresh(found_programme, [code], KINDS[Attendance])


def _workshop(instance: Workshop, **kwargs: Any) -> None:
    """Its days, or the days needed to complete it, decide who completed it."""
    attended = Member.objects.filter(attendance__workshop=instance).values_list(
        "tambon_id", flat=True
    )
    _refresh(instance.programme_id, attended.distinct())


def _programme_of(instance: Model, via: str) -> int | None:
    """The programme of the row that `via` points to: taken from that row if the writer had it at
    hand (a record or a report just created for it), else read."""
    field: Any = instance._meta.get_field(via)  # a foreign key
    parent = field.get_cached_value(instance, None)
    if parent is not None:
        return parent.programme_id
    rows = field.related_model._default_manager.filter(pk=getattr(instance, field.attname))
    return rows.values_list("programme_id", flat=True).first()


def _record(instance: ActivityRecord, **kwargs: Any) -> None:
    _refresh(_programme_of(instance, "activity"), [instance.tambon_id], KINDS[ActivityRecord])


def _activity(instance: Activity, **kwargs: Any) -> None:
    """Its number is the bit of its records."""
    codes = ActivityRecord.objects.filter(activity=instance).values_list("tambon_id", flat=True)
    _refresh(instance.programme_id, codes)


def _report(instance: TambonReport, **kwargs: Any) -> None:
    _refresh(_programme_of(instance, "period"), [instance.tambon_id], KINDS[TambonReport])


def _period(instance: ReportPeriod, **kwargs: Any) -> None:
    """Its number is the bit of its reports, and its due date says which were on time."""
    codes = TambonReport.objects.filter(period=instance).values_list("tambon_id", flat=True)
    _refresh(instance.programme_id, codes)


def _village(instance: Village, **kwargs: Any) -> None:
    tallied = TambonTally.objects.filter(tambon_id=instance.tambon_id)
    for programme_id in tallied.values_list("programme_id", flat=True):
        _refresh(programme_id, [instance.tambon_id])
    stamps.touch([instance.tambon_id])  # the tambon's page lists its villages


def _rows_written(
    sender: Any,
    programme_id: int | None = None,
    tambon_codes: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    if programme_id is None:
        tallies.rebuild()
    else:
        tallies.refresh(
            programme_id=programme_id, tambon_codes=tambon_codes, kind=KINDS.get(sender)
        )


def _lesson(instance: Lesson, **kwargs: Any) -> None:
    stamps.touch([instance.tambon_id])  # its status is a step of the tambon's checklist


def _everything(instance: Model, **kwargs: Any) -> None:
    stamps.touch(None)


def _area_changed(area_codes: Iterable[str] | None = None, **kwargs: Any) -> None:
    stamps.touch(area_codes)


# Read by every page's figures or labels, and seldom written: a write moves every version on.
SETTINGS: tuple[type[Model], ...] = (
    Programme,
    ProvinceQuota,
    DistrictQuota,
    Activity,
    ReportPeriod,
    Workshop,
    Province,
    District,
    Tambon,
)

RECEIVERS: dict[type[Model], Any] = {
    Member: _member,
    Pair: _selection,
    TargetTambon: _selection,
    Attendance: _attendance,
    Workshop: _workshop,
    ActivityRecord: _record,
    Activity: _activity,
    TambonReport: _report,
    ReportPeriod: _period,
    Village: _village,
    Lesson: _lesson,
}


def _invitations(action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        stamps.touch(None)  # the tambons a workshop invites: a step of their checklists


def _unless_raw(receiver: Any) -> Any:
    def receive(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            receiver(instance)

    return receive


def connect() -> None:
    for model, receiver in RECEIVERS.items():
        wrapped = _unless_raw(receiver)
        uid = f"dashboards.tally.{model._meta.label_lower}"
        post_save.connect(wrapped, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(wrapped, sender=model, weak=False, dispatch_uid=uid)
    rows_written.connect(_rows_written, weak=False, dispatch_uid="dashboards.tally.rows_written")
    for model in SETTINGS:
        wrapped = _unless_raw(_everything)
        uid = f"dashboards.stamps.{model._meta.label_lower}"
        post_save.connect(wrapped, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(wrapped, sender=model, weak=False, dispatch_uid=uid)
    m2m_changed.connect(
        _invitations,
        sender=Workshop.tambons.through,
        weak=False,
        dispatch_uid="dashboards.stamps.invited",
    )
    area_changed.connect(_area_changed, weak=False, dispatch_uid="dashboards.stamps.area_changed")
