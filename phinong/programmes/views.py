from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts.permissions import Action, can, require
from phinong.audit.selectors import events_for
from phinong.core.errors import ConflictError
from phinong.core.forms import ReasonForm, attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.models import District, Province, Tambon
from phinong.geo.selectors import get_area_for, lookup_tambon
from phinong.programmes import selectors, services
from phinong.programmes.forms import ActivityForm, PairForm, ProgrammeForm, QuotaForm, TargetForm
from phinong.programmes.models import Activity, Programme, ProgrammeStatus


@login_required
def programme_list(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "programmes/list.html",
        {
            "programmes": selectors.programmes_for(actor=request.user),
            "can_manage": can(request.user, Action.MANAGE_PROGRAMMES),
        },
    )


@login_required
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    rows = selectors.quota_rows_for(actor=request.user, programme=programme)
    provinces = [row for row in rows if len(row.code) == 2]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "activities": programme.activities.all(),
            "quota_rows": rows,
            "quota_total": sum(row.quota.limit or 0 for row in provinces),
            "selected_total": sum(row.quota.used for row in provinces),
            "show_total": len(provinces) > 1,
            "can_manage": can(request.user, Action.MANAGE_PROGRAMMES),
            "may_import": can(request.user, Action.MANAGE_LEADERS)
            and programme.status == ProgrammeStatus.ACTIVE,
            "events": events_for(programme, actor=request.user),
        },
    )


def _programme_fields(form: ProgrammeForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@login_required
def programme_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_PROGRAMMES)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(actor=request.user, **_programme_fields(form))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The programme was created."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/form.html", {"form": form})


@login_required
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    require(request.user, Action.MANAGE_PROGRAMMES)
    initial = {f: getattr(programme, f) for f in services.PROGRAMME_FIELDS} | {
        "version": programme.version
    }
    form = ProgrammeForm(request.POST or None, initial=initial)
    form.fields["extends"].queryset = Programme.objects.exclude(pk=programme.pk)  # type: ignore[attr-defined]
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                actor=request.user,
                programme=programme,
                expected_version=form.cleaned_data["version"] or 0,
                **_programme_fields(form),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except ConflictError as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Someone else saved this programme while you were editing it. "
                    "Nothing was overwritten: compare, then save again."
                ),
            )
            show_newer_version(form, conflict.version)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request,
        "programmes/form.html",
        {"form": form, "programme": programme, "conflict": conflict},
    )


@login_required
def activity_edit(request: AuthedRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    require(request.user, Action.MANAGE_PROGRAMMES)
    activity = (
        get_object_or_404(Activity, programme=programme, pk=activity_pk) if activity_pk else None
    )
    initial = (
        {
            "number": activity.number,
            "name": activity.name,
            "due_on": activity.due_on,
            "participants": activity.participants,
        }
        if activity
        else {"number": programme.activities.count() + 1}
    )
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_activity(
                actor=request.user, programme=programme, activity=activity, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request,
        "programmes/activity_form.html",
        {"form": form, "programme": programme, "activity": activity},
    )


@login_required
@require_POST
def activity_delete(request: AuthedRequest, pk: int, activity_pk: int) -> HttpResponse:
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    require(request.user, Action.MANAGE_PROGRAMMES)
    activity = get_object_or_404(Activity, programme=programme, pk=activity_pk)
    services.delete_activity(actor=request.user, activity=activity)
    messages.success(request, _("The activity was removed."))
    return redirect("programmes:detail", pk=programme.pk)


@login_required
def province_quotas(request: AuthedRequest, pk: int) -> HttpResponse:
    """The department sets each province's quota."""
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    require(request.user, Action.SET_PROVINCE_QUOTAS)
    provinces = list(Province.objects.filter(in_cdd_scope=True))
    current = selectors.province_quotas(programme)
    form = QuotaForm(request.POST or None, areas=provinces, initial_quotas=current)
    if request.method == "POST" and form.is_valid():
        changes = form.changed_quotas(current)
        try:
            services.set_province_quotas(
                actor=request.user,
                programme=programme,
                quotas={form.areas[code]: value or 0 for code, value in changes.items()},
            )
        except ValidationError as exc:
            form.add_area_errors(exc)
        else:
            messages.success(request, _("The quotas were saved."))
            return redirect("programmes:detail", pk=programme.pk)
    return render(
        request,
        "programmes/quotas.html",
        {
            "programme": programme,
            "form": form,
            "title": _("Province quotas"),
            "selected": selectors.selected_by_child(programme, ""),
        },
    )


@login_required
def district_quotas(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    """A province splits its quota among its districts; an empty field leaves a district uncapped."""
    programme = selectors.get_programme_for(actor=request.user, pk=pk)
    province = get_area_for(actor=request.user, code=code)
    if not isinstance(province, Province):
        raise Http404
    districts = list(province.districts.all())
    current = selectors.district_quotas(programme, province.code)
    form = QuotaForm(request.POST or None, areas=districts, initial_quotas=current)
    may_edit = can(request.user, Action.SET_DISTRICT_QUOTAS)
    if request.method == "POST":
        require(request.user, Action.SET_DISTRICT_QUOTAS)
        if form.is_valid():
            changes = form.changed_quotas(current)
            try:
                services.set_district_quotas(
                    actor=request.user,
                    programme=programme,
                    quotas={form.areas[code_]: value for code_, value in changes.items()},
                )
            except ValidationError as exc:
                form.add_area_errors(exc)
            else:
                messages.success(request, _("The quotas were saved."))
                return redirect("dashboards:area", code=province.code)
    selected = selectors.selected_by_child(programme, province.code)
    return render(
        request,
        "programmes/quotas.html",
        {
            "programme": programme,
            "form": form,
            "province": province,
            "may_edit": may_edit,
            "title": _("District quotas of %(province)s") % {"province": province.name_th},
            "province_quota": _province_quota(programme, province.code, selected),
            "selected": selected,
        },
    )


def _province_quota(
    programme: Programme, code: str, selected: dict[str, int]
) -> selectors.Quota | None:
    """selectors.quota_for of a province, its tambons selected added up from `selected` (per
    district) rather than counted again."""
    limit = selectors.province_quotas(programme).get(code)
    return None if limit is None else selectors.Quota(limit, sum(selected.values()))


def _tambon_label(tambon: Tambon) -> str:
    return f"{tambon.name_th} ({tambon.district.name_th}, {tambon.code})"


@login_required
def district(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    """A district's selection: its pairs (or target tambons), with quota used and left."""
    actor = request.user
    programme = selectors.get_programme_for(actor=actor, pk=pk)
    area = get_area_for(actor=actor, code=code)
    if not isinstance(area, District):
        raise Http404
    may_edit = can(request.user, Action.MANAGE_PAIRS)
    form: PairForm | TargetForm
    rows: list[Any] = list(
        # only the tambons the page names, and in the younger tambon's order (the programme is
        # one): a join of four tables rather than nine, which PostgreSQL plans far faster
        selectors.pairs_for(actor=actor, programme=programme)
        .filter(younger__code__startswith=area.code)
        .select_related(None)
        .select_related("younger", "elder__district")
        .order_by("younger_id")
        if programme.is_paired
        else selectors.targets_for(actor=actor, programme=programme).filter(
            tambon__code__startswith=area.code
        )
    )
    # get_area_for let only an actor whose scope covers the district this far, so the rows are
    # every tambon the district selected: the choices below leave them out
    selected_codes = {row.younger_id if programme.is_paired else row.tambon_id for row in rows}
    if programme.extends is not None:
        took_part = selectors.took_part(programme.extends)
        candidates = took_part
        if not programme.allow_cross_province_pairs:
            candidates &= Q(code__startswith=area.code[:2])
        # the district's tambons and the elder candidates, in one read (ordered by code), each
        # marked whether it took part in the earlier programme
        tambons: list[Tambon] = list(
            Tambon.objects.filter(candidates | Q(district=area))
            .annotate(took_part=ExpressionWrapper(took_part, output_field=BooleanField()))
            .select_related("district")
        )
        earlier = {t.code for t in tambons if getattr(t, "took_part")}  # noqa: B009 - annotated
        free = [
            t
            for t in tambons
            if t.district_id == area.code and t.code not in selected_codes and t.code not in earlier
        ]
        elders = [
            t
            for t in tambons
            if t.code in earlier
            and (programme.allow_cross_province_pairs or t.code.startswith(area.code[:2]))
        ]
        form = PairForm(
            request.POST or None,
            younger_choices=[(t.code, _tambon_label(t)) for t in free],
            elder_choices=[(t.code, _tambon_label(t)) for t in elders],
        )
    else:
        free = [t for t in area.tambons.select_related("district") if t.code not in selected_codes]
        form = TargetForm(
            request.POST or None, tambon_choices=[(t.code, _tambon_label(t)) for t in free]
        )
    if request.method == "POST":
        require(request.user, Action.MANAGE_PAIRS)
        if form.is_valid():
            try:
                if isinstance(form, PairForm):
                    younger = lookup_tambon(form.cleaned_data["younger"])
                    elder = lookup_tambon(form.cleaned_data["elder"])
                    if younger is None or elder is None:
                        raise Http404
                    services.create_pair(
                        actor=actor, programme=programme, younger=younger, elder=elder
                    )
                    messages.success(
                        request,
                        _("Tambon %(younger)s is now paired with %(elder)s.")
                        % {"younger": younger.name_th, "elder": elder.name_th},
                    )
                else:
                    tambon = lookup_tambon(form.cleaned_data["tambon"])
                    if tambon is None:
                        raise Http404
                    services.add_target(actor=actor, programme=programme, tambon=tambon)
                    messages.success(
                        request, _("Tambon %(tambon)s was selected.") % {"tambon": tambon.name_th}
                    )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                return redirect("programmes:district", pk=programme.pk, code=area.code)
    quota = selectors.applicable_quota(programme, area.code)
    return render(
        request,
        "programmes/district.html",
        {
            "programme": programme,
            "area": area,
            "rows": rows,
            "form": form,
            "may_edit": may_edit,
            "quota": quota,
            "district_quota": quota.district,
            "province_quota": quota.province,
            # the leaders of each row: `tambon_leaders`, from the rollup its checklist reads
            "checklist_codes": [
                row.younger_id if programme.is_paired else row.tambon_id for row in rows
            ],
        },
    )


@login_required
def pair_remove(request: AuthedRequest, pair_pk: int) -> HttpResponse:
    pair = selectors.get_pair_for(actor=request.user, pk=pair_pk)
    require(request.user, Action.MANAGE_PAIRS)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_pair(actor=request.user, pair=pair, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The pair was removed."))
            return redirect("programmes:district", pk=pair.programme_id, code=pair.younger_id[:4])
    return render(
        request,
        "core/confirm_remove.html",
        {
            "form": form,
            "programme": pair.programme,
            "what": _("Un-pair tambon %(younger)s from elder tambon %(elder)s")
            % {"younger": pair.younger.name_th, "elder": pair.elder.name_th},
            "back": reverse("programmes:district", args=[pair.programme_id, pair.younger_id[:4]]),
            "events": events_for(pair, actor=request.user),
        },
    )


@login_required
def target_remove(request: AuthedRequest, target_pk: int) -> HttpResponse:
    target = selectors.get_target_for(actor=request.user, pk=target_pk)
    require(request.user, Action.MANAGE_PAIRS)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_target(
                actor=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The tambon was removed from the programme."))
            return redirect(
                "programmes:district", pk=target.programme_id, code=target.tambon_id[:4]
            )
    return render(
        request,
        "core/confirm_remove.html",
        {
            "form": form,
            "programme": target.programme,
            "what": _("Remove tambon %(tambon)s from the programme")
            % {"tambon": target.tambon.name_th},
            "back": reverse(
                "programmes:district", args=[target.programme_id, target.tambon_id[:4]]
            ),
            "events": events_for(target, actor=request.user),
        },
    )
