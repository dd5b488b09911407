from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.core.forms import attach_errors
from phinong.core.http import AuthedRequest
from phinong.geo import selectors, services
from phinong.geo.checklist import checklists
from phinong.geo.forms import VillageForm
from phinong.geo.models import Area, District, Province, Tambon
from phinong.geo.status import area_status, tambon_status
from phinong.geo.waiting import waiting_for
from phinong.programmes.models import Programme
from phinong.programmes.selectors import current_programme, get_programme_for, programmes_for


def _programme(request: AuthedRequest) -> Programme | None:
    pk = request.GET.get("programme", "")
    if pk.isdigit():
        return get_programme_for(actor=request.user, pk=int(pk))
    return current_programme(actor=request.user)


def _render(request: AuthedRequest, area: Area | None, **extra: object) -> HttpResponse:
    programme = _programme(request)
    context: dict[str, object] = {
        "area": area,
        "ancestors": selectors.ancestors_of(area) if area else [],
        "programme": programme,
        "programmes": programmes_for(actor=request.user),
        "is_nation": area is None,
        **extra,
    }
    # The page a user lands on (their own area) starts with what waits for them.
    if programme is not None and scope_of(request.user).code == (area.code if area else ""):
        context["waiting"] = waiting_for(actor=request.user, programme=programme)
    if isinstance(area, Tambon):
        context["status"] = status = tambon_status(area, programme)
        if programme is not None and (status.pair or status.is_target):
            found = checklists(actor=request.user, programme=programme, codes=[area.code])
            context["checklist"] = found.get(area.code)
        context["can_add_village"] = can(request.user, Action.MANAGE_VILLAGES)
        context.setdefault("village_form", VillageForm())
        return render(request, "geo/tambon.html", context)
    context["status"] = children = area_status(area, programme)
    if programme is not None and isinstance(area, District):
        codes = [row.area.code for row in children.rows if row.pair or row.is_target]
        context["checklists"] = checklists(actor=request.user, programme=programme, codes=codes)
    context["level_is_district"] = isinstance(area, District)
    context["level_is_province"] = isinstance(area, Province)
    return render(request, "geo/area.html", context)


@login_required
def nation(request: AuthedRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.is_nation:
        if scope.code:
            return redirect("geo:area", code=scope.code)
        raise Http404
    return _render(request, None)


@login_required
def area(request: AuthedRequest, code: str) -> HttpResponse:
    return _render(request, selectors.get_area_for(actor=request.user, code=code))


@login_required
@require_POST
def village_create(request: AuthedRequest, code: str) -> HttpResponse:
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
            return redirect("geo:area", code=tambon.code)
    return _render(request, tambon, village_form=form)
