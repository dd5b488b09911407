"""The dashboard of an area as a PDF memo and as an Excel workbook.

`/areas/report.pdf` and `/areas/<code>/report.pdf` (and `.xlsx`) take the page's `?programme=`
and `?period=`, and are scoped like the page: an area outside the user's is 404, and so is the
nation for anyone but the department. They hold aggregates only (no personal data), read through
the same `dashboard()` as the page, so they cost the page's few queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from phinong.accounts.scoping import scope_of
from phinong.core.http import AuthedRequest
from phinong.dashboards.figures import Dashboard, dashboard
from phinong.dashboards.memo import render_pdf
from phinong.dashboards.presenters import period_from
from phinong.dashboards.workbook import workbook
from phinong.geo.selectors import get_area_for
from phinong.lib.dates import format_th
from phinong.programmes.selectors import current_programme, get_programme_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _dashboard(request: AuthedRequest, code: str | None) -> Dashboard:
    """The dashboard the page would show, computed with Thai labels (the documents are Thai)."""
    if code is None:
        if not scope_of(request.user).is_nation:
            raise Http404
        area = None
    else:
        area = get_area_for(actor=request.user, code=code)
    pk = request.GET.get("programme", "")
    programme = (
        get_programme_for(actor=request.user, pk=int(pk))
        if pk.isdigit()
        else current_programme(actor=request.user)
    )
    if programme is None:
        raise Http404
    period = period_from(request, programme)
    with translation.override("th"):
        return dashboard(actor=request.user, area=area, programme=programme, period=period)


def _filename(dash: Dashboard, extension: str) -> str:
    where = dash.area.code if dash.area is not None else "nation"
    period = f"-period{dash.period.number}" if dash.period is not None else ""
    return f"report-{where}-programme{dash.programme.pk}{period}.{extension}"


@login_required
def report_pdf(request: AuthedRequest, code: str | None = None) -> HttpResponse:
    dash = _dashboard(request, code)
    with translation.override("th"):
        content = render_pdf(dash, actor=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(False, _filename(dash, "pdf")) or ""
    )
    return response


@login_required
def report_xlsx(request: AuthedRequest, code: str | None = None) -> HttpResponse:
    dash = _dashboard(request, code)
    today = format_th(timezone.localdate(), long=True, thai_digits=False)
    response = HttpResponse(workbook(dash, today_label=today), content_type=XLSX)
    response["Content-Disposition"] = (
        content_disposition_header(True, _filename(dash, "xlsx")) or ""
    )
    return response
