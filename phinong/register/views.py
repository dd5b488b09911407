from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, can, require
from phinong.audit.selectors import events_for
from phinong.core.errors import ConflictError
from phinong.core.forms import attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.models import Tambon
from phinong.geo.selectors import tambon_for
from phinong.privacy.access import AccessKind, no_store, record_access
from phinong.programmes.models import Pair
from phinong.programmes.selectors import get_pair_for, get_programme_for
from phinong.register import selectors, services
from phinong.register.forms import MemberForm, RemoveMemberForm
from phinong.register.models import Member, MemberRole


@login_required
@no_store
def tambon(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    """A tambon's register: its leaders (e.g. ๑๒/๑๕) and, in a pair, the elder tambon's mentors."""
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    area = tambon_for(actor=actor, code=code)
    record_access(
        request,
        AccessKind.REGISTER,
        area,
        label=f"{programme.code} {area.name_th}",
        shown=can(actor, Action.SEE_PERSONAL_DATA),
    )
    pair = (
        Pair.objects.filter(programme=programme, younger=area)
        .select_related("elder__district")
        .order_by("pk")  # a tambon is the younger of one pair: no join to order by the model's
        .first()
    )
    leaders, mentors = selectors.register_of(programme, area.code, pair)
    return render(
        request,
        "register/tambon.html",
        {
            "programme": programme,
            "area": area,
            "pair": pair,
            "leaders": leaders,
            "mentors": mentors,
            "may_edit": can(actor, Action.MANAGE_LEADERS),
            "show_personal": can(actor, Action.SEE_PERSONAL_DATA),
        },
    )


def _member_form(request: AuthedRequest, home: Tambon, member: Member | None = None) -> MemberForm:
    initial = None
    if member is not None:
        initial = {f: getattr(member, f) for f in services.PERSON_FIELDS} | {
            "village": member.village_id or "",
            "version": member.version,
        }
    return MemberForm(request.POST or None, initial=initial, villages=list(home.villages.all()))


@login_required
def leader_create(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    area = tambon_for(actor=actor, code=code)
    return _create(request, programme=programme, role=MemberRole.LEADER, home=area, tambon=area)


@login_required
def mentor_create(request: AuthedRequest, pair_pk: int) -> HttpResponse:
    pair = get_pair_for(actor=request.user, pk=pair_pk)
    return _create(
        request, programme=pair.programme, role=MemberRole.MENTOR, home=pair.elder, pair=pair
    )


def _create(
    request: AuthedRequest,
    *,
    programme: Any,
    role: str,
    home: Tambon,
    tambon: Tambon | None = None,
    pair: Pair | None = None,
) -> HttpResponse:
    require(request.user, Action.MANAGE_LEADERS)
    form = _member_form(request, home)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(
                actor=request.user,
                programme=programme,
                role=role,
                tambon=tambon,
                pair=pair,
                data=form.service_data(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": member.full_name})
            if "again" in request.POST:
                return redirect(request.path)
            return redirect(
                "register:tambon", pk=programme.pk, code=pair.younger_id if pair else home.code
            )
    younger = pair.younger if pair else home
    return render(
        request,
        "register/member_form.html",
        {
            "form": form,
            "programme": programme,
            "role": role,
            "home": home,
            "younger": younger,
        },
    )


@login_required
@no_store
def member_detail(request: AuthedRequest, member_pk: int) -> HttpResponse:
    actor = request.user
    member = selectors.get_member_for(actor=actor, pk=member_pk)
    record_access(request, AccessKind.MEMBER, member, shown=can(actor, Action.SEE_PERSONAL_DATA))
    may_edit = selectors.can_change(actor=actor, member=member)
    form = _member_form(request, member.tambon, member)
    conflict = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_member(
                    actor=actor,
                    member=member,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.service_data(),
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except ConflictError as exc:
                conflict = exc.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved this person while you were editing. Nothing was "
                        "overwritten: compare the two versions, then save again."
                    ),
                )
                show_newer_version(form, conflict.version)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("register:member", member_pk=member.pk)
    return render(
        request,
        "register/member_detail.html",
        {
            "member": member,
            "form": form,
            "may_edit": may_edit,
            "conflict": conflict,
            "show_personal": can(actor, Action.SEE_PERSONAL_DATA),
            "younger_code": member.scope_code,
            "events": events_for(member, actor=actor),
        },
    )


@login_required
def member_remove(request: AuthedRequest, member_pk: int) -> HttpResponse:
    actor = request.user
    member = selectors.get_member_for(actor=actor, pk=member_pk)
    if not selectors.can_change(actor=actor, member=member):
        raise PermissionDenied
    form = RemoveMemberForm(request.POST or None, certificates=services.certificate_numbers(member))
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(
                actor=actor,
                member=member,
                reason=form.cleaned_data["reason"],
                revoke_certificates=form.cleaned_data.get("revoke_certificates", False),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s was removed from the register.") % {"name": member.full_name}
            )
            return redirect("register:tambon", pk=member.programme_id, code=member.scope_code)
    return render(
        request,
        "core/confirm_remove.html",
        {
            "form": form,
            "programme": member.programme,
            "what": _("Remove %(name)s from the register") % {"name": member.full_name},
            "back": reverse("register:member", args=[member.pk]),
            "events": [],
        },
    )
