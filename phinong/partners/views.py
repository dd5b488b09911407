from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import scope_of
from phinong.core.errors import ConflictError
from phinong.core.forms import ReasonForm, attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.models import Area
from phinong.geo.selectors import ancestors_of, get_area_for
from phinong.partners import selectors, services
from phinong.partners.forms import PartnerForm
from phinong.partners.models import Partner, PartnerKind

PER_PAGE = 50


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The nation's partners for the department; everyone else goes to their own area's."""
    scope = scope_of(request.user)
    if not scope.is_nation:
        if scope.code:
            return redirect("partners:area", code=scope.code)
        raise Http404
    return _list(request, None)


@login_required
def area(request: AuthedRequest, code: str) -> HttpResponse:
    return _list(request, get_area_for(actor=request.user, code=code))


def _list(request: AuthedRequest, area: Area | None) -> HttpResponse:
    actor = request.user
    scope = scope_of(actor)
    partners = selectors.partners_in_area(actor=actor, area_code=area.code if area else "")
    counts = selectors.counts_by_kind(partners)
    kind = request.GET.get("kind", "")
    if kind not in PartnerKind.values:
        kind = ""
    shown = partners.filter(kind=kind) if kind else partners
    page = Paginator(selectors.with_links(shown, actor=actor), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "partners/list.html",
        {
            "area": area,
            "is_nation": scope.is_nation,
            "ancestors": [a for a in ancestors_of(area) if scope.covers(a.code)] if area else [],
            "kinds": [(k.value, k.label, counts.get(k.value, 0)) for k in PartnerKind],
            "total": sum(counts.values()),
            "kind": kind,
            "page": page,
            "may_add": area is not None and can(actor, Action.MANAGE_PARTNERS),
        },
    )


def _district(request: AuthedRequest, default: str) -> str:
    """Whose tambons the form offers: a district officer's own district; the department picks one."""
    scope = scope_of(request.user)
    if not scope.is_nation:
        return scope.code or ""
    code = request.GET.get("district", default)
    return code if len(code) == 4 and code.isdigit() else ""


@login_required
def create(request: AuthedRequest, code: str) -> HttpResponse:
    actor = request.user
    area = get_area_for(actor=actor, code=code)
    require(actor, Action.MANAGE_PARTNERS)
    district = _district(request, default=code[:4] if len(code) >= 4 else "")
    tambons = selectors.tambons_to_link(actor=actor, district_code=district)
    initial = {"tambons": [code]} if len(code) == 6 else None
    form = PartnerForm(request.POST or None, tambons=tambons, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.create_partner(
                actor=actor, data=form.service_data(), tambons=form.chosen_tambons()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": partner.name})
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "area": area,
            "partner": None,
            "district": district,
            "pick_district": scope_of(actor).is_nation,
            "has_tambons": "tambons" in form.fields,
            "back": reverse("partners:area", args=[area.code]),
        },
    )


def _back(request: AuthedRequest) -> str:
    code = scope_of(request.user).code
    return reverse("partners:area", args=[code]) if code else reverse("partners:index")


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    partner = selectors.get_partner_for(actor=actor, pk=pk)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "owner": selectors.owner_of(partner),
            "links": selectors.links_for(actor=actor, partner=partner),
            "may_change": selectors.can_change(actor=actor, partner=partner),
            "show_personal": can(actor, Action.SEE_PERSONAL_DATA),
            "events": selectors.history_for(actor=actor, partner=partner),
            "back": _back(request),
        },
    )


def _initial(partner: Partner) -> dict[str, object]:
    return {f: getattr(partner, f) for f in services.FIELDS} | {"version": partner.version}


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    partner = selectors.get_partner_for(actor=actor, pk=pk)
    if not selectors.can_change(actor=actor, partner=partner):
        raise PermissionDenied
    district = _district(request, default=partner.owner_code)
    tambons = selectors.tambons_to_link(actor=actor, district_code=district, partner=partner)
    form = PartnerForm(
        request.POST or None, tambons=tambons, adding=True, initial=_initial(partner)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(
                actor=actor,
                partner=partner,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.service_data(),
                add_tambons=form.chosen_tambons(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except ConflictError as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Someone else saved this partner while you were editing. Nothing was "
                    "overwritten: compare the two versions, then save again."
                ),
            )
            show_newer_version(form, conflict.version)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "partner": partner,
            "conflict": conflict,
            "district": district,
            "pick_district": scope_of(actor).is_nation,
            "has_tambons": "tambons" in form.fields,
            "back": reverse("partners:detail", args=[partner.pk]),
        },
    )


@login_required
def unlink(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    actor = request.user
    partner = selectors.get_partner_for(actor=actor, pk=pk)
    link = selectors.get_link_for(actor=actor, partner=partner, tambon_code=code)
    if not selectors.can_change(actor=actor, partner=partner):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unlink_tambon(
                actor=actor, partner=partner, tambon=link.tambon, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(partner)s no longer works in tambon %(tambon)s.")
                % {"partner": partner.name, "tambon": link.tambon.name_th},
            )
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "core/confirm_remove.html",
        {
            "form": form,
            "back_label": partner.name,
            "what": _("Remove tambon %(tambon)s from partner %(partner)s")
            % {"tambon": link.tambon.name_th, "partner": partner.name},
            "back": reverse("partners:detail", args=[partner.pk]),
        },
    )


@login_required
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    partner = selectors.get_partner_for(actor=actor, pk=pk)
    if not selectors.can_change(actor=actor, partner=partner):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_partner(
                actor=actor, partner=partner, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": partner.name})
            return redirect(_back(request))
    return render(
        request,
        "core/confirm_remove.html",
        {
            "form": form,
            "back_label": partner.name,
            "what": _("Delete partner %(name)s") % {"name": partner.name},
            "back": reverse("partners:detail", args=[partner.pk]),
        },
    )
