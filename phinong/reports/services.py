"""Writes to tambon reports: saving figures, moving through the workflow, evidence, periods."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import diff, record
from phinong.core import evidence as evidence_files
from phinong.core.errors import ConflictError
from phinong.core.signals import rows_written
from phinong.geo.models import Tambon
from phinong.programmes.models import Programme
from phinong.reports import notify, rules, selectors, workflow
from phinong.reports.models import (
    FIGURES,
    Evidence,
    ReportPeriod,
    ReportState,
    ReportTransition,
    TambonReport,
)

if TYPE_CHECKING:
    from phinong.accounts.models import User

FIELDS = (*FIGURES, "narrative", "warning_comment")


def _snapshot(report: TambonReport) -> dict[str, Any]:
    return {field: getattr(report, field) for field in FIELDS}


def _check_selected(period: ReportPeriod, tambon: Tambon) -> None:
    if tambon.code not in selectors.reporting_tambons(period.programme, tambon.code):
        raise ValidationError(
            _("Tambon %(tambon)s is not a tambon of this programme, so it has no report.")
            % {"tambon": tambon.name_th}
        )


@transaction.atomic
def save_report(
    *,
    actor: User,
    period: ReportPeriod,
    tambon: Tambon,
    expected_version: int,
    values: dict[str, Any],
) -> TambonReport:
    """Save the figures of a draft or returned report; a report saved meanwhile is a conflict.

    `expected_version` is the version the user read: 0 for a report not saved before.
    """
    require(actor, Action.MANAGE_REPORTS)
    require_in_scope(actor=actor, area_code=tambon.code)
    _check_selected(period, tambon)
    report, created = TambonReport.objects.select_for_update().get_or_create(
        period=period, tambon=tambon
    )
    if report.version != expected_version and not (created and expected_version == 0):
        raise ConflictError(report)
    if not report.editable:
        raise ValidationError(
            _("This report is %(state)s: it can be changed only as a draft or once returned.")
            % {"state": report.get_state_display()}
        )
    before = _snapshot(report)
    values = {field: values[field] for field in FIELDS if field in values}
    updated = TambonReport.objects.filter(pk=report.pk, version=report.version).update(
        **values, version=F("version") + (0 if created else 1), updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(TambonReport.objects.get(pk=report.pk))
    report.refresh_from_db()
    report.period, report.tambon = period, tambon  # the caller's rows: no second read
    changes = diff(before, _snapshot(report))
    if changes or created:
        record(
            actor=actor,
            action="report.create" if created else "report.update",
            obj=report,
            area_code=tambon.code,
            changes=changes,
        )
    return report


def findings_for(report: TambonReport, context: rules.Context | None = None) -> list[rules.Finding]:
    """What the rules find in a saved report; `context` when the caller has read it already."""
    return rules.check(_snapshot(report), context or selectors.rule_context(report))


@transaction.atomic
def move(
    *, actor: User, report: TambonReport, name: str, expected_version: int, reason: str = ""
) -> TambonReport:
    """Make the workflow move `name` (submit, resubmit, approve, return, reopen)."""
    locked = TambonReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    _set_relations(locked, _relations(report))
    return _move_locked(
        actor=actor, report=locked, name=name, expected_version=expected_version, reason=reason
    )


def _move_locked(
    *, actor: User, report: TambonReport, name: str, expected_version: int, reason: str
) -> TambonReport:
    """move, on a report this transaction has locked (select_for_update) and read since."""
    relations = _relations(report)
    require_in_scope(actor=actor, area_code=report.tambon_id)
    step = workflow.find(name, report.state)
    if step is None:
        raise ValidationError(
            _("A report that is %(state)s cannot be moved this way.")
            % {"state": report.get_state_display()}
        )
    require(actor, step.action)
    if report.version != expected_version:
        raise ConflictError(report)
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": _("Give the reason, so the district knows what to fix.")})
    if step.target == ReportState.SUBMITTED:
        _check_submittable(report)
    now = timezone.now()
    fields: dict[str, Any] = {"state": step.target, "version": F("version") + 1, "updated_at": now}
    if step.target == ReportState.SUBMITTED:
        fields["submitted_at"] = now
        if report.first_submitted_at is None:
            fields["first_submitted_at"] = now
    if step.target == ReportState.APPROVED:
        fields["approved_at"] = now
    if step.name == "reopen":
        fields["approved_at"] = None
    TambonReport.objects.filter(pk=report.pk).update(**fields)
    rows_written.send(
        TambonReport, programme_id=report.period.programme_id, tambon_codes=[report.tambon_id]
    )
    ReportTransition.objects.create(
        report=report,
        from_state=report.state,
        to_state=step.target,
        actor=actor,
        actor_username=actor.username,
        reason=reason,
    )
    record(
        actor=actor,
        action=f"report.{step.name}",
        obj=report,
        area_code=report.tambon_id,
        changes={"state": [report.state, step.target]},
        reason=reason,
    )
    report.refresh_from_db()
    _set_relations(report, relations)
    notify.notify_move(report=report, step=step, actor=actor, reason=reason)
    return report


def _relations(report: TambonReport) -> dict[str, Any]:
    """The period and tambon a report holds already (with their programme, district, province):
    a report's period and tambon never change, and its audit label and notifications read them,
    so they are given back after refresh_from_db (which forgets them) instead of read again."""
    fields = (TambonReport._meta.get_field(name) for name in ("period", "tambon"))
    return {
        field.name: field.get_cached_value(report)  # type: ignore[union-attr]
        for field in fields
        if field.is_cached(report)  # type: ignore[union-attr]
    }


def _set_relations(report: TambonReport, relations: dict[str, Any]) -> None:
    for name, value in relations.items():
        setattr(report, name, value)


@transaction.atomic
def save_and_move(
    *,
    actor: User,
    period: ReportPeriod,
    tambon: Tambon,
    expected_version: int,
    values: dict[str, Any],
    name: str,
) -> TambonReport:
    """Save what is on the district's form, then make the move `name` (submit or resubmit).

    One transaction: when the move is refused (an error in the figures, a warning without a
    comment), the save is undone too, and the form still holds what the user typed.
    """
    report = save_report(
        actor=actor,
        period=period,
        tambon=tambon,
        expected_version=expected_version,
        values=values,
    )
    # save_report locked the report in this transaction and read it after saving
    return _move_locked(
        actor=actor, report=report, name=name, expected_version=report.version, reason=""
    )


def _check_submittable(report: TambonReport) -> None:
    findings = findings_for(report)
    errors = [f for f in findings if f.level == rules.ERROR]
    if errors:
        raise ValidationError([f.message for f in errors])
    if any(f.level == rules.WARNING for f in findings) and not report.warning_comment.strip():
        raise ValidationError(
            {"warning_comment": _("Explain the warnings in the comment before submitting.")}
        )


@transaction.atomic
def add_evidence(*, actor: User, report: TambonReport, upload: UploadedFile) -> Evidence:
    require(actor, Action.MANAGE_REPORTS)
    require_in_scope(actor=actor, area_code=report.tambon_id)
    if not report.editable:
        raise ValidationError(_("Evidence is added while the report is a draft or returned."))
    accepted = evidence_files.accept(upload, files_so_far=report.evidence.count())
    name = (upload.name or "evidence")[:200]
    evidence = Evidence(
        report=report,
        name=name,
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_by=actor,
    )
    evidence.file.save(f"report-{report.pk}{accepted.suffix}", accepted.content, save=False)
    evidence.save()
    record(
        actor=actor,
        action="report.evidence",
        obj=report,
        area_code=report.tambon_id,
        changes={"file": name, "bytes": evidence.size},
    )
    return evidence


# Periods ----------------------------------------------------------------------------------------


@transaction.atomic
def periods_from_activities(*, actor: User, programme: Programme) -> list[ReportPeriod]:
    """One period per activity, due when the activity is; periods already there are kept."""
    _require_admin(actor)
    made = []
    activities = list(programme.activities.order_by("number"))
    start = programme.starts_on
    for activity in activities:
        period, created = ReportPeriod.objects.get_or_create(
            programme=programme,
            activity=activity,
            defaults={
                "number": activity.number,
                "name": activity.name,
                "starts_on": start,
                "ends_on": activity.due_on,
                "due_on": activity.due_on,
            },
        )
        start = min(activity.due_on + dt.timedelta(days=1), programme.ends_on)
        if created:
            made.append(period)
            record(actor=actor, action="period.create", obj=period, area_code="", changes={})
    return made


@transaction.atomic
def monthly_periods(
    *, actor: User, programme: Programme, days_to_report: int = 5
) -> list[ReportPeriod]:
    """One period per calendar month of the programme, due a few days after the month ends."""
    _require_admin(actor)
    made = []
    month = programme.starts_on.replace(day=1)
    periods = ReportPeriod.objects.filter(programme=programme)
    number = periods.order_by("-number").values_list("number", flat=True).first() or 0
    while month <= programme.ends_on:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        end = following - dt.timedelta(days=1)
        if not periods.filter(starts_on=max(month, programme.starts_on)).exists():
            number += 1
            period = ReportPeriod.objects.create(
                programme=programme,
                number=number,
                name=_("Month %(month)s") % {"month": f"{month.month:02d}/{month.year + 543}"},
                starts_on=max(month, programme.starts_on),
                ends_on=min(end, programme.ends_on),
                due_on=min(end, programme.ends_on) + dt.timedelta(days=days_to_report),
            )
            made.append(period)
            record(actor=actor, action="period.create", obj=period, area_code="", changes={})
        month = following
    return made


def _require_admin(actor: User) -> None:
    require(actor, Action.MANAGE_PROGRAMMES)
