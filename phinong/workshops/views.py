"""Workshops and activity tracking on the web: plan, tick attendance, load a platform's report,
and the district's timeline of activities × tambons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import scope_of
from phinong.audit.selectors import events_for
from phinong.core import evidence as evidence_files
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.core.forms import attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.models import Tambon
from phinong.geo.selectors import get_area_for, tambon_for
from phinong.partners.models import Partner
from phinong.partners.selectors import partners_of_tambon
from phinong.privacy.access import AccessKind, no_store, record_access
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity
from phinong.programmes.selectors import get_programme_for, programmes_for
from phinong.workshops import participants as reports_of_platforms
from phinong.workshops import selectors, services
from phinong.workshops.forms import RecordForm, ReportUploadForm, WorkshopForm
from phinong.workshops.models import ActivityEvidence, ActivityRecord, Certificate


@login_required
def index(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    code = scope_of(request.user).code or ""
    return render(
        request,
        "workshops/index.html",
        {
            "programme": programme,
            "workshops": selectors.workshops_for(actor=request.user, programme=programme),
            "may_create": can(request.user, Action.MANAGE_WORKSHOPS) and len(code) == 4,
            "district": code if len(code) in (4, 6) else "",  # a district's or a tambon's timeline
        },
    )


@login_required
def create(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    require(request.user, Action.MANAGE_WORKSHOPS)
    code = scope_of(request.user).code or ""
    codes = sorted(programme_selectors.selected_codes(programme, code))
    names = dict(Tambon.objects.filter(code__in=codes).values_list("code", "name_th"))
    form = WorkshopForm(
        request.POST or None,
        activities=Activity.objects.filter(programme=programme),
        tambons=[(c, f"{names[c]} ({c})") for c in codes],
        initial={"title": _("Change leaders' workshop"), "platform": "Zoom"},
    )
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "tambons"}
        try:
            workshop = services.create_workshop(
                actor=request.user,
                programme=programme,
                values=values,
                tambons=Tambon.objects.filter(code__in=form.cleaned_data["tambons"]),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The workshop was planned."))
            return redirect("workshops:detail", workshop.pk)
    return render(request, "workshops/form.html", {"programme": programme, "form": form})


@login_required
def detail(request: AuthedRequest, workshop_pk: int) -> HttpResponse:
    actor = request.user
    workshop = selectors.get_workshop_for(actor=actor, pk=workshop_pk)
    people = list(selectors.participants(workshop, actor=actor))
    attended = selectors.days_attended(workshop)
    certificates = dict(
        Certificate.objects.filter(workshop=workshop).values_list("member_id", "pk")
    )
    rows = [
        (m, sorted(attended.get(m.pk, ())), len(attended.get(m.pk, ())) >= workshop.required_days)
        for m in people
    ]
    tambons = sorted({m.tambon_id: m.tambon for m in people}.items())
    return render(
        request,
        "workshops/detail.html",
        {
            "workshop": workshop,
            "programme": workshop.programme,
            "rows": rows,
            "certificates": certificates,
            "tambons": tambons,
            "day_numbers": range(1, workshop.days + 1),
            "completed": sum(1 for _m, _d, done in rows if done),
            "may_manage": can(actor, Action.MANAGE_WORKSHOPS),
            "may_certify": can(actor, Action.MANAGE_LEADERS),
            "events": events_for(workshop, actor=actor),
        },
    )


@login_required
def attendance(request: AuthedRequest, workshop_pk: int, day: int) -> HttpResponse:
    """Tick who was there on one day: one big checkbox per leader, for a phone."""
    actor = request.user
    workshop = selectors.get_workshop_for(actor=actor, pk=workshop_pk)
    if not 1 <= day <= workshop.days:
        raise Http404
    if request.method == "POST":
        require(actor, Action.MANAGE_WORKSHOPS)
        ticked = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            added, removed = services.set_attendance(
                actor=actor, workshop=workshop, day=day, present=ticked
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Attendance of day %(day)s saved: %(added)s ticked, %(removed)s unticked.")
                % {"day": num(day), "added": num(added), "removed": num(removed)},
            )
            return redirect("workshops:detail", workshop.pk)
    # read after a write that failed, as before any write: a saved one redirects
    people = list(selectors.participants_on(workshop, day, actor=actor))
    present = {m.pk for m in people if m.present}  # type: ignore[attr-defined]  # annotated
    return render(
        request,
        "workshops/attendance.html",
        {"workshop": workshop, "day": day, "people": people, "present": present},
    )


@login_required
def import_report(request: AuthedRequest, workshop_pk: int, day: int) -> HttpResponse:
    """Load a platform's participant report: matched, ambiguous and unmatched names, to confirm."""
    actor = request.user
    workshop = selectors.get_workshop_for(actor=actor, pk=workshop_pk)
    if not 1 <= day <= workshop.days:
        raise Http404
    require(actor, Action.MANAGE_WORKSHOPS)
    people = list(selectors.participants(workshop, actor=actor))
    if request.method == "POST" and "apply" in request.POST:
        chosen = {
            int(value)
            for key in request.POST
            if key.startswith("who-") and (value := request.POST.get(key, "")).isdigit()
        }
        known = {m.pk for m in people}
        added = services.add_attendance(
            actor=actor,
            workshop=workshop,
            day=day,
            members=chosen & known,
            source=request.POST.get("platform", "csv")[:20],
        )
        messages.success(
            request,
            _("%(n)s leaders were marked present on day %(day)s.")
            % {"n": num(added), "day": num(day)},
        )
        return redirect("workshops:detail", workshop.pk)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"workshop": workshop, "day": day, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(
                reports_of_platforms.MAX_BYTES + 1
            )  # one byte past is enough to refuse
            report = reports_of_platforms.read_report(data, upload.name)
        except ValueError as exc:
            form.add_error("file", str(exc))
        else:
            leaders = [
                reports_of_platforms.Leader(
                    id=m.pk,
                    title=m.title,
                    first_name=m.first_name,
                    last_name=m.last_name,
                    tambon=m.tambon.name_th,
                )
                for m in people
            ]
            context |= {
                "report": report,
                "matching": reports_of_platforms.match(report.people, leaders),
                "people": people,
            }
    return render(request, "workshops/import.html", context)


@login_required
def timeline(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    """A district's activities × tambons, with each status and what is overdue; for a tambon
    (a tambon leader's landing page), its own row."""
    programme = get_programme_for(actor=request.user, pk=pk)
    district = get_area_for(actor=request.user, code=code)
    if len(code) not in (4, 6):
        raise Http404
    activities, rows = selectors.timeline(programme, code, today=timezone.localdate())
    names = dict(Tambon.objects.filter(code__startswith=code).values_list("code", "name_th"))
    return render(
        request,
        "workshops/timeline.html",
        {
            "programme": programme,
            "district": district,
            "is_tambon": len(code) == 6,
            "activities": activities,
            "rows": [(code, names.get(code, code), cells) for code, cells in rows],
        },
    )


@login_required
def activity_record(request: AuthedRequest, activity_pk: int, code: str) -> HttpResponse:
    actor = request.user
    # an activity of a programme the actor may not read is 404, as get_programme_for answers
    activity = get_object_or_404(
        Activity.objects.select_related("programme").filter(
            programme__in=programmes_for(actor=actor)
        ),
        pk=activity_pk,
    )
    tambon = tambon_for(actor=actor, code=code)
    partners = {str(p.pk): p for p in _partners_marking_chosen(activity, code)}
    partner_choices = [(pk, p.name) for pk, p in partners.items()]
    conflict = None
    if request.method == "POST":
        # a bound form shows what was posted: the stored record is read only to show the page
        form = RecordForm(request.POST, partners=partner_choices)
        require(actor, Action.RECORD_ACTIVITIES)
        if form.is_valid():
            values = {f: form.cleaned_data[f] for f in services.RECORD_FIELDS}
            try:
                services.save_record(
                    actor=actor,
                    activity=activity,
                    tambon=tambon,
                    expected_version=form.cleaned_data["version"] or 0,
                    values=values,
                    partners=[partners[pk] for pk in dict.fromkeys(form.cleaned_data["partners"])],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except ConflictError as exc:
                conflict = exc.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved this record while you were editing. Nothing was "
                        "overwritten: compare the two versions, then save again."
                    ),
                )
                show_newer_version(form, conflict.version)
            else:
                messages.success(request, _("The activity record was saved."))
                return redirect(request.path)
    record_ = ActivityRecord.objects.filter(activity=activity, tambon=tambon).first()
    if request.method != "POST":
        chosen = [pk for pk, p in partners.items() if p.chosen]  # type: ignore[attr-defined]
        form = RecordForm(initial=_record_initial(record_, chosen), partners=partner_choices)
    return render(
        request,
        "workshops/record.html",
        {
            "programme": activity.programme,
            "activity": activity,
            "tambon": tambon,
            "timeline_code": (
                tambon.district_id if scope_of(actor).covers(tambon.district_id) else tambon.code
            ),
            "record": record_,
            "form": form,
            "conflict": conflict,
            "may_edit": can(actor, Action.RECORD_ACTIVITIES),
            "evidence": record_.evidence.all() if record_ else [],
            "events": events_for(record_, actor=actor) if record_ else [],
        },
    )


def _partners_marking_chosen(activity: Activity, code: str) -> QuerySet[Partner]:
    """The tambon's partners, each with `chosen`: whether the tambon's record of the activity
    names it. One query, not the partners and then the record's; the form offers only these, so
    a partner the record names but the tambon no longer works with was never shown ticked."""
    named = ActivityRecord.partners.through.objects.filter(
        activityrecord__activity=activity, activityrecord__tambon_id=code, partner=OuterRef("pk")
    )
    return partners_of_tambon(code).annotate(chosen=Exists(named))


def _record_initial(record_: ActivityRecord | None, chosen: list[str]) -> dict[str, Any]:
    """What the form of a tambon's record starts from: the stored record, if there is one, with
    `chosen`, the ids of the partners it names."""
    initial: dict[str, Any] = {"version": record_.version if record_ else 0}
    if record_:
        initial |= {f: getattr(record_, f) for f in services.RECORD_FIELDS}
        initial["partners"] = chosen
    return initial


@login_required
def record_evidence(request: AuthedRequest, activity_pk: int, code: str) -> HttpResponse:
    actor = request.user
    tambon = tambon_for(actor=actor, code=code)
    record_ = get_object_or_404(ActivityRecord, activity_id=activity_pk, tambon=tambon)
    if request.method != "POST":
        raise Http404
    require(actor, Action.RECORD_ACTIVITIES)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            services.add_record_evidence(actor=actor, record_=record_, upload=upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file was added."))
    return redirect("workshops:record", activity_pk=activity_pk, code=code)


@login_required
@no_store
def evidence_file(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(ActivityEvidence.objects.select_related("record"), pk=pk)
    tambon_for(actor=request.user, code=evidence.record.tambon_id)  # 404 outside the area
    record_access(
        request,
        AccessKind.EVIDENCE,
        evidence,
        area_code=evidence.record.tambon_id,
        label=evidence.name,
    )
    return evidence_files.file_response(
        evidence.file, content_type=evidence.content_type, filename=evidence.name
    )
