"""Writes for workshops and activity records: planning, attendance, a tambon's activity record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.services import diff, record
from phinong.core import evidence as evidence_files
from phinong.core.errors import ConflictError
from phinong.core.formatting import date as be_date
from phinong.core.formatting import num
from phinong.core.signals import rows_written
from phinong.geo.models import Tambon
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity, Programme
from phinong.workshops.models import (
    ActivityEvidence,
    ActivityRecord,
    Attendance,
    Workshop,
)

if TYPE_CHECKING:
    from phinong.accounts.models import User

WORKSHOP_FIELDS = (
    "title",
    "starts_on",
    "days",
    "days_to_complete",
    "mode",
    "platform",
    "link_or_venue",
    "activity",
)
RECORD_FIELDS = ("status", "started_on", "finished_on", "participants", "notes")


def date_window(programme: Programme) -> tuple[dt.date, dt.date]:
    """The dates a workshop or an activity of a programme may fall on: its period, a year either
    side (preparations start early and late activities are recorded), so that a mistyped year
    such as 2600, or a C.E. year read as B.E., is caught."""
    return _years_later(programme.starts_on, -1), _years_later(programme.ends_on, 1)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_dates(programme: Programme, dates: dict[str, dt.date | None]) -> dict[str, str]:
    first, last = date_window(programme)
    return {
        name: _(
            "%(date)s is far outside the programme: a date must be between %(first)s and %(last)s "
            "(the programme's period, give or take a year). Check the year."
        )
        % {"date": be_date(day), "first": be_date(first), "last": be_date(last)}
        for name, day in dates.items()
        if day is not None and not first <= day <= last
    }


def _check_workshop(values: dict[str, Any], programme: Programme) -> None:
    errors = _check_dates(programme, {"starts_on": values.get("starts_on")})
    if not 1 <= (values.get("days") or 0) <= 10:
        errors["days"] = _("A workshop lasts from 1 to 10 days.")
    need = values.get("days_to_complete")
    if need is not None and not 1 <= need <= (values.get("days") or 0):
        errors["days_to_complete"] = _("This must be between 1 and the number of days.")
    activity = values.get("activity")
    if activity is not None and activity.programme_id != programme.pk:
        errors["activity"] = _("Choose an activity of this programme.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_workshop(
    *, actor: User, programme: Programme, values: dict[str, Any], tambons: Iterable[Tambon]
) -> Workshop:
    """A workshop organised by the actor's area, for tambons of the programme inside it."""
    require(actor, Action.MANAGE_WORKSHOPS)
    organiser = scope_of(actor).code or ""
    tambons = list(tambons)
    if not tambons:
        raise ValidationError({"tambons": _("Invite at least one tambon.")})
    selected = programme_selectors.selected_codes(programme, organiser)
    for tambon in tambons:
        require_in_scope(actor=actor, area_code=tambon.code)
        if tambon.code not in selected:
            raise ValidationError(
                {
                    "tambons": _("Tambon %(name)s is not in this programme.")
                    % {"name": tambon.name_th}
                }
            )
    _check_workshop(values, programme)
    workshop = Workshop.objects.create(programme=programme, organiser_code=organiser, **values)
    workshop.tambons.set(tambons)
    record(
        actor=actor,
        action="workshop.create",
        obj=workshop,
        area_code=organiser,
        changes={k: values[k] for k in WORKSHOP_FIELDS if k in values}
        | {"tambons": sorted(t.code for t in tambons)},
    )
    return workshop


@transaction.atomic
def set_attendance(
    *, actor: User, workshop: Workshop, day: int, present: set[int], source: str = "ticked"
) -> tuple[int, int]:
    """Make `present` the leaders at `day`, among the participants in the actor's area.

    Returns (added, removed). Leaders outside the actor's area are never touched.
    """
    from phinong.workshops.selectors import participants

    require(actor, Action.MANAGE_WORKSHOPS)
    if not 1 <= day <= workshop.days:
        raise ValidationError(_("The workshop has no day %(day)s.") % {"day": num(day)})
    # {member id: tambon code}: the tambons whose tallies the ticks below change
    allowed = dict(participants(workshop, actor=actor).order_by().values_list("pk", "tambon_id"))
    unknown = present - allowed.keys()
    if unknown:
        raise ValidationError(_("Some of the people ticked are not participants you manage."))
    before = set(
        Attendance.objects.filter(
            workshop=workshop, day=day, member_id__in=list(allowed)
        ).values_list("member_id", flat=True)
    )
    added, removed = present - before, before - present
    Attendance.objects.bulk_create(
        [
            Attendance(workshop=workshop, member_id=m, day=day, source=source, recorded_by=actor)
            for m in sorted(added)
        ]
    )
    # Deleted without post_delete (nothing else hangs on an attendance row): rows_written below
    # refreshes the tally once for them all, where post_delete would refresh it once per row.
    if removed:
        unticked = Attendance.objects.filter(workshop=workshop, day=day, member_id__in=removed)
        unticked._raw_delete(unticked.db)
    if added or removed:
        rows_written.send(
            Attendance,
            programme_id=workshop.programme_id,
            tambon_codes={allowed[m] for m in added | removed},
        )
        record(
            actor=actor,
            action="workshop.attendance",
            obj=workshop,
            area_code=scope_of(actor).code or "",
            changes={
                "day": day,
                "added": sorted(added),
                "removed": sorted(removed),
                "source": source,
            },
        )
    return len(added), len(removed)


@transaction.atomic
def add_attendance(
    *, actor: User, workshop: Workshop, day: int, members: set[int], source: str
) -> int:
    """Mark leaders present at `day` (from a platform's report), leaving the others as they are."""
    current = set(
        Attendance.objects.filter(workshop=workshop, day=day).values_list("member_id", flat=True)
    )
    from phinong.workshops.selectors import participants

    mine = set(participants(workshop, actor=actor).values_list("pk", flat=True))
    added, _removed = set_attendance(
        actor=actor, workshop=workshop, day=day, present=(current & mine) | members, source=source
    )
    return added


@transaction.atomic
def save_record(
    *,
    actor: User,
    activity: Activity,
    tambon: Tambon,
    expected_version: int,
    values: dict[str, Any],
    partners: Iterable[Any] | None = None,
) -> ActivityRecord:
    """Save a tambon's record of one activity; a record saved meanwhile is a conflict."""
    require(actor, Action.RECORD_ACTIVITIES)
    require_in_scope(actor=actor, area_code=tambon.code)
    if tambon.code not in programme_selectors.selected_codes(activity.programme, tambon.code):
        raise ValidationError(_("This tambon is not in the programme."))
    started, finished = values.get("started_on"), values.get("finished_on")
    far = _check_dates(activity.programme, {"started_on": started, "finished_on": finished})
    if far:
        raise ValidationError(far)
    if started and finished and finished < started:
        raise ValidationError({"finished_on": _("It cannot finish before it started.")})
    record_, created = ActivityRecord.objects.select_for_update().get_or_create(
        activity=activity, tambon=tambon
    )
    if record_.version != expected_version and not (created and expected_version == 0):
        raise ConflictError(record_)
    record_.activity, record_.tambon = activity, tambon  # read already: the audit's label
    before = {f: getattr(record_, f) for f in RECORD_FIELDS}
    values = {f: values[f] for f in RECORD_FIELDS if f in values}
    ActivityRecord.objects.filter(pk=record_.pk).update(
        **values, version=F("version") + (0 if created else 1)
    )
    rows_written.send(
        ActivityRecord, programme_id=activity.programme_id, tambon_codes=[tambon.code]
    )
    record_.refresh_from_db(fields=[*RECORD_FIELDS, "version"])  # keeps the two above
    if partners is not None:
        record_.partners.set(partners)
    changes = diff(before, {f: getattr(record_, f) for f in RECORD_FIELDS})
    if changes or created:
        record(
            actor=actor,
            action="activity.record",
            obj=record_,
            area_code=tambon.code,
            changes=changes,
        )
    return record_


@transaction.atomic
def add_record_evidence(
    *, actor: User, record_: ActivityRecord, upload: UploadedFile
) -> ActivityEvidence:
    require(actor, Action.RECORD_ACTIVITIES)
    require_in_scope(actor=actor, area_code=record_.tambon_id)
    accepted = evidence_files.accept(upload, files_so_far=record_.evidence.count())
    evidence = ActivityEvidence(
        record=record_,
        name=(upload.name or "evidence")[:200],
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_by=actor,
    )
    evidence.file.save(f"activity-{record_.pk}{accepted.suffix}", accepted.content, save=False)
    evidence.save()
    record(
        actor=actor,
        action="activity.evidence",
        obj=record_,
        area_code=record_.tambon_id,
        changes={"file": evidence.name, "bytes": evidence.size},
    )
    return evidence


@transaction.atomic
def delete_record(*, actor: User, record_: ActivityRecord, expected_version: int) -> None:
    """Remove a tambon's record of an activity with its evidence files (e.g. one made by mistake);
    a record saved since `expected_version` is a conflict and nothing is removed."""
    require_in_scope(actor=actor, area_code=record_.tambon_id)
    require(actor, Action.RECORD_ACTIVITIES)
    locked = (
        ActivityRecord.objects.select_for_update()
        .select_related("activity", "tambon")
        .get(pk=record_.pk)
    )
    if locked.version != expected_version:
        raise ConflictError(locked)
    evidence = list(locked.evidence.all())
    files = [(e.file.storage, e.file.name) for e in evidence]
    record(
        actor=actor,
        action="activity.record.delete",
        obj=locked,
        area_code=locked.tambon_id,
        changes={f: getattr(locked, f) for f in RECORD_FIELDS}
        | {"file": ", ".join(e.name for e in evidence)},
    )
    locked.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
