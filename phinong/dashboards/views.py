from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.core.db_router import reads_from_replica
from phinong.core.forms import attach_errors
from phinong.core.http import AuthedRequest
from phinong.dashboards import fragments, presenters, schedule, stamps
from phinong.dashboards.checklist import checklists
from phinong.dashboards.figures import dashboard
from phinong.dashboards.status import area_status, tambon_status
from phinong.dashboards.urls_fill import Reverser
from phinong.dashboards.waiting import waiting_for
from phinong.geo import selectors, services
from phinong.geo.forms import VillageForm
from phinong.geo.models import Area, District, Province, Tambon
from phinong.programmes.models import Programme
from phinong.programmes.selectors import (
    current_in,
    current_programme,
    programmes_for,
    selected_codes,
)
from phinong.reports.models import ReportPeriod


def _programme(request: AuthedRequest, programmes: list[Programme]) -> Programme | None:
    """The programme picked in ?programme=<pk> (404 if the user may not read it), else the
    current one: found in the picker's list, which the page reads anyway, rather than read again.
    What the page reads of it is then read once for the whole page (schedule.py)."""
    pk = request.GET.get("programme", "")
    if pk.isdigit():
        programme = next((p for p in programmes if p.pk == int(pk)), None)
        if programme is None:
            raise Http404
    else:
        programme = current_in(programmes)
    if programme is not None:
        schedule.remember(programme)
    return programme


def _render(
    request: AuthedRequest, area: Area | None, version: int, **extra: object
) -> HttpResponse:
    """`version`: `stamps.version` of the area, read before anything else (fragments.py)."""
    programmes = list(programmes_for(actor=request.user))
    programme = _programme(request, programmes)
    period = presenters.period_from(request, programme)
    context: dict[str, object] = {
        "area": area,
        "ancestors": selectors.ancestors_of(area) if area else [],
        "programme": programme,
        "programmes": programmes,
        "is_nation": area is None,
        "level_is_district": isinstance(area, District),
        "level_is_province": isinstance(area, Province),
        "period": period,
        **extra,
    }
    # The page a user lands on (their own area) starts with what waits for them.
    code = area.code if area else ""
    scope = scope_of(request.user)  # worked out once: the parts' keys hold it too
    if programme is not None and scope.code == code:
        context["waiting_html"] = fragments.cached(
            request,
            scope=scope,
            part="waiting",
            area_code=code,
            version=version,
            render=lambda: get_template("dashboards/_waiting.html").render(
                {"waiting": waiting_for(actor=request.user, programme=programme)}
            ),
        )
    context["body"] = fragments.cached(
        request,
        scope=scope,
        part="body",
        area_code=code,
        version=version,
        render=lambda: _body(request, area, programme, period, dict(context)),
    )
    if isinstance(area, Tambon):
        context["can_add_village"] = can(request.user, Action.MANAGE_VILLAGES)
        context.setdefault("village_form", VillageForm())
        return render(request, "dashboards/tambon.html", context)
    return render(request, "dashboards/area.html", context)


def _body(
    request: AuthedRequest,
    area: Area | None,
    programme: Programme | None,
    period: ReportPeriod | None,
    context: dict[str, object],
) -> str:
    """The costly part of the page: figures, charts, the children ranked, checklists."""
    context.update(request=request, user=request.user)  # no context processors: none is needed
    dash = None
    if programme is not None:
        dash = dashboard(actor=request.user, area=area, programme=programme, period=period)
        context.update(presenters.page_context(request, dash))
    if isinstance(area, Tambon):
        context["status"] = status = tambon_status(area, programme)
        if programme is not None and (status.pair or status.is_target):
            found = checklists(actor=request.user, programme=programme, codes=[area.code])
            context["checklist"] = found.get(area.code)
        # What the villages' table shows, in the model's order: no instance built per village.
        context["villages"] = area.villages.values("code", "moo", "name_th")
        return get_template("dashboards/_tambon_body.html").render(context)
    if dash is not None and dash.status is not None:
        context["status"] = dash.status
        context["checklists"] = dash.checklists
    else:
        context["status"] = area_status(area, programme)
    if "table_rows" not in context:
        context["table_rows"] = [(None, row, []) for row in context["status"].rows]  # type: ignore[attr-defined]
    # Each child's link, worked out here once rather than by a {% url %} tag per row.
    reverse_many = Reverser()
    query = ""
    if programme is not None:
        query = f"?{context.get('child_query') or f'programme={programme.pk}'}"
    context["child_urls"] = {
        row.area.code: reverse_many("dashboards:area", [row.area.code]) + query
        for _fig, row, _cells in context["table_rows"]  # type: ignore[attr-defined]
    }
    return get_template("dashboards/_area_body.html").render(context)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Everyone starts on the page of their own area; a tambon leader, on the one thing they may
    change: their tambon's activity records in the current programme."""
    scope = scope_of(request.user)
    if scope.code and len(scope.code) == 6:
        programme = current_programme(actor=request.user)
        if programme is not None and scope.code in selected_codes(programme, scope.code):
            return redirect("workshops:timeline", pk=programme.pk, code=scope.code)
    if scope.code:
        return redirect("dashboards:area", code=scope.code)
    if scope.is_nation:
        return redirect("dashboards:nation")
    return redirect("accounts:no_area")


@login_required
@reads_from_replica
def nation(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.is_nation:
        if scope.code:
            return redirect("dashboards:area", code=scope.code)
        raise Http404
    return _render(request, None, stamps.version(""))


@login_required
@reads_from_replica
def area(request: AuthedRequest, code: str) -> HttpResponse:
    version = stamps.version(code)  # before the area and what its page shows: fragments.py
    return _render(request, selectors.get_area_for(actor=request.user, code=code), version)


@login_required
@require_POST
def village_create(request: AuthedRequest, code: str) -> HttpResponse:
    version = stamps.version(code)  # for the page shown again with the form's errors
    tambon = selectors.tambon_for(actor=request.user, code=code)
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            village = services.add_village(
                actor=request.user,
                tambon=tambon,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Village %(village)s was added.") % {"village": village})
            return redirect("dashboards:area", code=tambon.code)
    return _render(request, tambon, version, village_form=form)
