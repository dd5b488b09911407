"""The dashboard of an area as a PDF memo and as an Excel workbook.

`/areas/report.pdf` and `/areas/<code>/report.pdf` (and `.xlsx`) take the page's `?programme=`
and `?period=`, and are scoped like the page: an area outside the user's is 404, and so is the
nation for anyone but the department. They hold aggregates only (no personal data), read through
the same `dashboard()` as the page, so they cost the page's few queries.

The nation's and a province's documents are long work (every province or district, a memo of
several pages): the URL starts a job (phinong.jobs) and answers with its file when the job is
already done (the immediate backend), else redirects to its progress page, which offers the file
when it is ready. A district's or a tambon's comes at once, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from phinong.accounts.models import User
from phinong.accounts.scoping import scope_of
from phinong.core.http import AuthedRequest
from phinong.dashboards.figures import Dashboard, dashboard
from phinong.dashboards.memo import render_pdf
from phinong.dashboards.presenters import period_from
from phinong.dashboards.workbook import workbook
from phinong.geo.models import Area
from phinong.geo.selectors import get_area_for
from phinong.jobs.models import JobKind
from phinong.jobs.services import start_job
from phinong.jobs.views import started
from phinong.lib.dates import format_th
from phinong.programmes.models import Programme
from phinong.programmes.selectors import current_programme, get_programme_for
from phinong.reports.models import ReportPeriod

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX}
JOB_KINDS = {"pdf": JobKind.REPORT_PDF, "xlsx": JobKind.REPORT_XLSX}


@dataclass(frozen=True)
class Subject:
    """What a document is about: an area (None: the nation), a programme and maybe a period."""

    area: Area | None
    programme: Programme
    period: ReportPeriod | None


def in_background(code: str | None) -> bool:
    """The nation's and a province's documents are made by a job; smaller areas' at once."""
    return code is None or len(code) == 2


def _area(actor: User, code: str | None) -> Area | None:
    if code is None:
        if not scope_of(actor).is_nation:
            raise Http404
        return None
    return get_area_for(actor=actor, code=code)


def _subject(request: AuthedRequest, code: str | None) -> Subject:
    """The area, programme and period the page shows, each inside the user's area (else 404)."""
    area = _area(request.user, code)
    pk = request.GET.get("programme", "")
    programme = (
        get_programme_for(actor=request.user, pk=int(pk))
        if pk.isdigit()
        else current_programme(actor=request.user)
    )
    if programme is None:
        raise Http404
    return Subject(area, programme, period_from(request, programme))


def subject_for(
    *, actor: User, code: str | None, programme_pk: int, period_pk: int | None
) -> Subject:
    """The subject of a job, checked again in the actor's area when the job runs (else 404)."""
    area = _area(actor, code)
    programme = get_programme_for(actor=actor, pk=programme_pk)
    period = (
        ReportPeriod.objects.filter(programme=programme, pk=period_pk).first()
        if period_pk is not None
        else None
    )
    return Subject(area, programme, period)


def _dashboard(subject: Subject, actor: User) -> Dashboard:
    """The dashboard the page would show, computed with Thai labels (the documents are Thai)."""
    with translation.override("th"):
        return dashboard(
            actor=actor, area=subject.area, programme=subject.programme, period=subject.period
        )


def _filename(dash: Dashboard, extension: str) -> str:
    where = dash.area.code if dash.area is not None else "nation"
    period = f"-period{dash.period.number}" if dash.period is not None else ""
    return f"report-{where}-programme{dash.programme.pk}{period}.{extension}"


def document(subject: Subject, *, actor: User, kind: str) -> tuple[str, bytes]:
    """(file name, content) of the PDF memo (`kind` "pdf") or the workbook ("xlsx")."""
    dash = _dashboard(subject, actor)
    if kind == "pdf":
        with translation.override("th"):
            content = render_pdf(dash, actor=actor)
    else:
        today = format_th(timezone.localdate(), long=True, thai_digits=False)
        content = workbook(dash, today_label=today)
    return _filename(dash, kind), content


def _answer(request: AuthedRequest, code: str | None, kind: str) -> HttpResponseBase:
    subject = _subject(request, code)
    if in_background(code):
        job = start_job(
            actor=request.user,
            kind=JOB_KINDS[kind],
            area_code=code or "",
            parameters={
                "programme": subject.programme.pk,
                "period": subject.period.pk if subject.period is not None else None,
            },
        )
        return started(job)
    filename, content = document(subject, actor=request.user, kind=kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(kind == "xlsx", filename) or ""
    return response


@login_required
def report_pdf(request: AuthedRequest, code: str | None = None) -> HttpResponseBase:
    return _answer(request, code, "pdf")


@login_required
def report_xlsx(request: AuthedRequest, code: str | None = None) -> HttpResponseBase:
    return _answer(request, code, "xlsx")
