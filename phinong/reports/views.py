"""Tambon reports on the web: the area's completeness and totals, the report itself, and reminders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import scope_of
from phinong.audit.selectors import events_for
from phinong.core import evidence as evidence_files
from phinong.core.db_router import reads_from_replica
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.core.forms import attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.models import Area, Tambon
from phinong.geo.selectors import ancestors_of, get_area_for
from phinong.privacy.access import AccessKind, no_store, record_access
from phinong.programmes.models import Programme
from phinong.programmes.selectors import get_programme_for, programmes_for
from phinong.reports import notify, reminders, rules, selectors, services, workflow
from phinong.reports.completeness import completeness, status_of
from phinong.reports.forms import EvidenceForm, MoveForm, PeriodForm, ReportForm
from phinong.reports.models import (
    FIGURES,
    Evidence,
    ReportPeriod,
    ReportState,
    ReportTransition,
    TambonReport,
)


def _period(
    request: AuthedRequest, programme: Programme, periods: list[ReportPeriod] | None = None
) -> ReportPeriod | None:
    """The period a page shows: the one asked for, else the next due (of `periods` when the
    caller has already read the programme's periods)."""
    if periods is None:
        periods = list(selectors.periods_of(programme))
    chosen = request.GET.get("period", "")
    for period in periods:
        if str(period.pk) == chosen:
            return period
    # The next period due; once all are past, the latest that anyone reported in.
    today = timezone.localdate()
    upcoming = [p for p in periods if p.due_on >= today]
    if upcoming or not periods:
        return upcoming[0] if upcoming else None
    reported = set(
        TambonReport.objects.filter(period__in=periods)
        .order_by()
        .values_list("period_id", flat=True)
        .distinct()
    )
    return next((p for p in reversed(periods) if p.pk in reported), periods[0])


@login_required
@reads_from_replica
def nation(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.is_nation:
        if scope.code:
            return redirect("reports:area", pk=pk, code=scope.code)
        raise Http404
    return _area_page(request, get_programme_for(actor=request.user, pk=pk), "", None)


@login_required
@reads_from_replica
def area(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    area_ = get_area_for(actor=request.user, code=code)
    if len(code) == 6:
        period = _period(request, programme)
        if period is None:  # no periods yet: the district's page says so
            if not scope_of(request.user).covers(code[:4]):  # a tambon leader: their own page
                messages.info(request, _("This programme has no reporting periods yet."))
                return redirect(f"{reverse('dashboards:area', args=[code])}?programme={pk}")
            return redirect("reports:area", pk=pk, code=code[:4])
        return redirect("reports:tambon", pk=pk, period_pk=period.pk, code=code)
    return _area_page(request, programme, code, area_)


def _area_page(
    request: AuthedRequest, programme: Programme, code: str, area: Area | None
) -> HttpResponse:
    """The reports of an area (None: the nation), already looked up in the actor's scope."""
    actor = request.user
    periods = list(selectors.periods_of(programme))
    period = _period(request, programme, periods)
    context: dict[str, Any] = {
        "programme": programme,
        "area": area,
        "ancestors": ancestors_of(area) if area else [],
        "code": code,
        "periods": periods,
        "period": period,
        "may_manage_periods": can(actor, Action.MANAGE_PROGRAMMES),
        "may_remind": can(actor, Action.REVIEW_REPORTS),
        "figures": FIGURES,
    }
    # a district's page lists its tambons' reports: read once, for the counts and the period's
    # sums too (the district is inside the actor's scope, so the scoped reports are all of its
    # reports)
    reports = (
        selectors.reports_in(actor=actor, period=period, area_code=code)
        if period is not None and len(code) == 4
        else None
    )
    if period is None:
        context["totals_all"] = selectors.approved_totals(programme, code)
    elif reports is not None:
        context["totals_all"] = selectors.approved_totals(programme, code)
        context["totals"] = selectors.approved_totals_of(reports.values())
    else:
        context["totals_all"], context["totals"] = selectors.approved_totals_with_period(
            programme, code, period
        )
    if period is not None:
        rows, total = completeness(programme, period, code, reports=reports)
        context |= {
            "rows": rows,
            "total": total,
            "overdue": Tambon.objects.filter(code__in=total.overdue_tambons)
            .select_related("district")
            .order_by("code"),
        }
        if reports is not None:
            today = timezone.localdate()
            context["tambons"] = [
                (row, reports.get(row.code), status_of(reports.get(row.code), period, today))
                for row in rows
            ]
    return render(request, "reports/area.html", context)


def _report_context(
    request: AuthedRequest, period: ReportPeriod, code: str, form: ReportForm | None = None
) -> dict[str, Any]:
    actor = request.user
    tambon = _reporting_tambon(actor, period.programme, code)
    found, rule_context = selectors.report_with_rule_context(period, code)
    if found is not None:
        found.tambon = tambon  # the row just read: report.tambon costs no query
    report = found or TambonReport(period=period, tambon=tambon, version=0)
    may_edit = can(actor, Action.MANAGE_REPORTS) and report.editable
    filled = False
    if form is None:
        # A report never saved starts empty, not at 0: 0 is a figure the district types.
        initial = {
            field: getattr(report, field) if report.pk else None for field in services.FIELDS
        }
        if request.GET.get("fill") == "ledger":
            initial |= _from_ledger(period, code)
            filled = True
        form = ReportForm(initial=initial | {"version": report.version})
    allowed = [m for m in workflow.moves_from(report.state) if can(actor, m.action)]
    # Submitting saves the form first, so the district's moves are buttons of the report form;
    # the province's moves (on a report it cannot edit) are forms of their own.
    form_moves = [m for m in allowed if m.target == ReportState.SUBMITTED] if may_edit else []
    moves = [m for m in allowed if m not in form_moves] if report.pk else []
    # read when the page shows them: a POST that saves and redirects never needs them
    transitions: list[ReportTransition] = SimpleLazyObject(  # type: ignore[assignment]
        lambda: _transitions(report)
    )
    return {
        "programme": period.programme,
        "period": period,
        "tambon": tambon,
        "report": report,
        "rule_context": rule_context,
        "form": form,
        "unsaved": filled,
        "may_edit": may_edit,
        "findings": (
            SimpleLazyObject(lambda: services.findings_for(report, rule_context))
            if report.pk
            else []
        ),
        "form_moves": form_moves,
        "moves": [
            (
                m,
                MoveForm(step=m, initial={"move": m.name, "version": report.version}),
            )
            for m in moves
        ],
        "returned": (
            SimpleLazyObject(lambda: selectors.latest_return(transitions))
            if report.state == ReportState.RETURNED
            else None
        ),
        "evidence_form": EvidenceForm(),
        "transitions": transitions,
        "evidence": report.evidence.all() if getattr(report, "has_evidence", False) else [],
        "events": SimpleLazyObject(lambda: events_for(report, actor=actor)) if report.pk else [],
    }


def _reporting_tambon(actor: Any, programme: Programme, code: str) -> Tambon:
    """The page's tambon: 404 outside the actor's area (as geo's tambon_for) or when it does not
    report in the programme, both checked with one query."""
    if len(code) != 6 or not code.isdigit() or not scope_of(actor).covers(code):
        raise Http404
    tambon = selectors.reporting_tambon(programme, code)
    if tambon is None:
        raise Http404
    return tambon


def _transitions(report: TambonReport) -> list[ReportTransition]:
    """The report's moves, oldest first; a draft has made none (no move leads back to draft)."""
    if report.pk is None or report.state == ReportState.DRAFT:
        return []
    return list(report.transitions.all())


def _from_ledger(period: ReportPeriod, code: str) -> dict[str, Any]:
    """Figures the ledger and the partner list already know, for the district to check and save."""
    from phinong.centres.selectors import active_centres, ledger_totals
    from phinong.partners.selectors import partner_count

    totals = ledger_totals(code, period.starts_on, period.ends_on)
    return {
        "food_packs": int(totals.food_packs),
        "hici_households": totals.hici_households,
        "active_centres": active_centres(code),
        "partner_networks": partner_count(code),
    }


@login_required
@reads_from_replica
def tambon_report(request: AuthedRequest, pk: int, period_pk: int, code: str) -> HttpResponse:
    # the period and its programme (a programme the actor may read) in one query
    period = get_object_or_404(
        ReportPeriod.objects.select_related("programme"),
        pk=period_pk,
        programme_id=pk,
        programme__in=programmes_for(actor=request.user),
    )
    context = _report_context(request, period, code)
    if request.method == "POST":
        require(request.user, Action.MANAGE_REPORTS)
        form = ReportForm(request.POST)
        context |= {"form": form, "unsaved": True}
        step = workflow.BY_NAME.get(request.POST.get("move", ""))
        if form.is_valid():
            if step is not None:  # the figures typed are what the findings are about
                context["findings"] = rules.check(
                    form.values(),
                    context["rule_context"] or selectors.rule_context(context["report"]),
                )
            try:
                if step is None:
                    services.save_report(
                        actor=request.user,
                        period=period,
                        tambon=context["tambon"],
                        expected_version=form.cleaned_data["version"] or 0,
                        values=form.values(),
                    )
                else:
                    services.save_and_move(
                        actor=request.user,
                        period=period,
                        tambon=context["tambon"],
                        expected_version=form.cleaned_data["version"] or 0,
                        values=form.values(),
                        name=step.name,
                    )
            except ValidationError as exc:
                attach_errors(form, exc)
            except ConflictError as exc:
                context["conflict"] = exc.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved this report while you were editing. Nothing was "
                        "overwritten: compare the two versions, then save again."
                    ),
                )
                show_newer_version(form, exc.current.version)
            else:
                if step is None:
                    messages.success(request, _("The report was saved."))
                else:
                    messages.success(
                        request,
                        _("The report was saved and sent to the province."),
                    )
                return redirect(request.path)
    return render(request, "reports/tambon.html", context)


@login_required
@require_POST
def move(request: AuthedRequest, report_pk: int) -> HttpResponse:
    report = selectors.get_report_for(actor=request.user, pk=report_pk)
    step = workflow.BY_NAME.get(request.POST.get("move", ""))
    if step is not None:
        require(request.user, step.action)
    form = MoveForm(request.POST, step=step)
    back = reverse(
        "reports:tambon", args=[report.period.programme_id, report.period_id, report.tambon_id]
    )
    if step is None or not form.is_valid():
        if step is None or set(form.errors) <= {"move", "version"}:
            messages.error(request, _("The form was incomplete; nothing changed."))
            return redirect(back)
        return _move_refused(request, report, step, form)
    try:
        services.move(
            actor=request.user,
            report=report,
            name=step.name,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data.get("reason", ""),
        )
    except ConflictError:
        messages.error(
            request,
            _("The report changed since you opened it; nothing was done. Check it and try again."),
        )
    except ValidationError as exc:
        if "reason" in form.fields and hasattr(exc, "error_dict") and "reason" in exc.error_dict:
            attach_errors(form, exc)
            return _move_refused(request, report, step, form)
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done: %(move)s.") % {"move": step.label})
    return redirect(back)


def _move_refused(
    request: AuthedRequest, report: TambonReport, step: workflow.Move, form: MoveForm
) -> HttpResponse:
    """The report's page again, with the move's form as the user filled it and its errors."""
    context = _report_context(request, report.period, report.tambon_id)
    context["moves"] = [(m, form if m == step else f) for m, f in context["moves"]]
    context["unsaved"] = True
    return render(request, "reports/tambon.html", context)


@login_required
@require_POST
def evidence_add(request: AuthedRequest, report_pk: int) -> HttpResponse:
    report = selectors.get_report_for(actor=request.user, pk=report_pk)
    require(request.user, Action.MANAGE_REPORTS)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                actor=request.user, report=report, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file was added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(
        "reports:tambon",
        pk=report.period.programme_id,
        period_pk=report.period_id,
        code=report.tambon_id,
    )


@login_required
@no_store
def evidence_file(request: AuthedRequest, evidence_pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=evidence_pk)
    selectors.get_report_for(actor=request.user, pk=evidence.report_id)  # 404 outside the area
    record_access(
        request,
        AccessKind.EVIDENCE,
        evidence,
        area_code=evidence.report.tambon_id,
        label=evidence.name,
    )
    return evidence_files.file_response(
        evidence.file, content_type=evidence.content_type, filename=evidence.name
    )


@login_required
@require_POST
def remind(request: AuthedRequest, pk: int, period_pk: int) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    period = get_object_or_404(ReportPeriod, pk=period_pk, programme=programme)
    code = request.POST.get("area", "")
    if code:
        get_area_for(actor=request.user, code=code)
    sent = reminders.remind_overdue(
        actor=request.user, programme=programme, period=period, area_code=code
    )
    messages.success(request, _("%(n)s district officers were reminded.") % {"n": num(sent)})
    target = (
        reverse("reports:area", args=[pk, code]) if code else reverse("reports:nation", args=[pk])
    )
    return redirect(f"{target}?period={period.pk}")


@login_required
def periods(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.MANAGE_PROGRAMMES)
        if form.is_valid():
            make = (
                services.periods_from_activities
                if form.cleaned_data["how"] == "activities"
                else services.monthly_periods
            )
            made = make(actor=request.user, programme=programme)
            messages.success(request, _("%(n)s periods were added.") % {"n": num(len(made))})
            return redirect("reports:periods", pk=pk)
    return render(
        request,
        "reports/periods.html",
        {
            "programme": programme,
            "periods": selectors.periods_of(programme),
            "form": form,
            "may_manage": can(request.user, Action.MANAGE_PROGRAMMES),
        },
    )


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    items = selectors.notifications_for(request.user)
    if request.method == "POST":
        notify.mark_all_read(request.user)
        return redirect("reports:notifications")
    return render(request, "reports/notifications.html", {"items": items[:200]})
