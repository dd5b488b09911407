"""Sharing-centre pages: a tambon's centres, a centre with its ledger, and an item's stock card.

A centre's page holds its forms; each posts to its own URL and, when it has errors, the page is shown
again with that form open. Every lookup is scoped (404 outside the area) before the role is checked
(403 for a role that only reads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phinong.accounts.permissions import Action, can, require
from phinong.audit.selectors import events_for
from phinong.centres import selectors, services
from phinong.centres.display import month_label, next_month, parse_month, previous_month
from phinong.centres.forms import (
    AdjustmentForm,
    CentreEditForm,
    CentreForm,
    DistributionForm,
    DonationForm,
)
from phinong.centres.models import SharingCentre
from phinong.core.errors import ConflictError
from phinong.core.forms import attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.selectors import ancestors_of, tambon_for

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

MOVEMENTS_PER_PAGE = 50


@login_required
def tambon(request: AuthedRequest, code: str) -> HttpResponse:
    """A tambon's centres and, for those who manage centres, the form to add one."""
    actor = request.user
    area = tambon_for(actor=actor, code=code)
    may_edit = can(actor, Action.MANAGE_CENTRES)
    if request.method == "POST":
        require(actor, Action.MANAGE_CENTRES)
    form = None
    if may_edit:
        form = CentreForm(request.POST or None, villages=list(area.villages.all()), prefix="centre")
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            centre = services.create_centre(actor=actor, tambon=area, **form.service_data())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Centre %(name)s was added.") % {"name": centre.name})
            return redirect("centres:centre", pk=centre.pk)
    return render(
        request,
        "centres/tambon.html",
        {
            "area": area,
            "ancestors": [*ancestors_of(area), area],
            "centres": selectors.centres_for(actor=actor, tambon_code=area.code),
            "form": form,
            "may_edit": may_edit,
        },
    )


def _edit_form(request: AuthedRequest, centre: SharingCentre, *, bound: bool) -> CentreEditForm:
    initial = {
        "name": centre.name,
        "village": centre.village_id or "",
        "operator": centre.operator,
        "status": centre.status,
        "version": centre.version,
    }
    return CentreEditForm(
        request.POST if bound else None,
        initial=initial,
        villages=list(centre.tambon.villages.all()),
        prefix="centre",
    )


def _ledger_pages(centre: SharingCentre, stock: list[selectors.Balance]) -> Paginator:
    """The ledger's pages, sized from the balances already read: no COUNT query of their own."""
    pages = Paginator(selectors.movements_of(centre), MOVEMENTS_PER_PAGE)
    pages.__dict__["count"] = sum(b.movements for b in stock)  # fills the cached_property
    return pages


def _page(
    request: AuthedRequest,
    centre: SharingCentre,
    *,
    form: forms.Form | None = None,
    section: str = "",
    conflict: SharingCentre | None = None,
) -> HttpResponse:
    """The centre's page; `form` (bound, with errors) replaces the blank form of its `section`."""
    actor = request.user
    may_edit = can(actor, Action.MANAGE_CENTRES)
    stock = selectors.balances(centre)
    context: dict[str, Any] = {
        "centre": centre,
        "ancestors": [*ancestors_of(centre.tambon), centre.tambon],
        "balances": stock,
        "movements": _ledger_pages(centre, stock).get_page(request.GET.get("page")),
        "may_edit": may_edit,
        "section": section,
        "conflict": conflict,
        "events": events_for(centre, actor=actor),
    }
    if may_edit:
        context |= {
            "edit_form": _edit_form(request, centre, bound=False),
            "donation_form": DonationForm(prefix="donation"),
            "distribution_form": DistributionForm(prefix="distribution", stock=stock),
            "adjustment_form": AdjustmentForm(prefix="adjustment"),
            "items": sorted({b.item for b in stock}),
            "units": sorted({b.unit for b in stock}),
        }
        if form is not None:
            context[f"{section}_form"] = form
    return render(request, "centres/centre.html", context)


@login_required
def centre(request: AuthedRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_centre_for(actor=request.user, pk=pk))


@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    centre = selectors.get_centre_for(actor=actor, pk=pk)
    require(actor, Action.MANAGE_CENTRES)
    form = _edit_form(request, centre, bound=request.method == "POST")
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_centre(
                actor=actor,
                centre=centre,
                expected_version=form.cleaned_data["version"] or 0,
                **form.service_data(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except ConflictError as exc:
            conflict = exc.current
            form.add_error(
                None,
                _(
                    "Someone else saved this centre while you were editing. Nothing was "
                    "overwritten: compare the two versions, then save again."
                ),
            )
            show_newer_version(form, conflict.version)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("centres:centre", pk=centre.pk)
    return _page(request, centre, form=form, section="edit", conflict=conflict)


def _movement_view(
    form_class: type[forms.Form], section: str, write: Callable[..., Any], done: StrPromise
) -> Callable[[AuthedRequest, int], HttpResponse]:
    """A view that records one kind of movement from its form on the centre's page."""

    @login_required
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        actor = request.user
        centre = selectors.get_centre_for(actor=actor, pk=pk)
        require(actor, Action.MANAGE_CENTRES)
        kwargs: dict[str, Any] = {"prefix": section}
        if form_class is DistributionForm:
            kwargs["stock"] = selectors.balances(centre)
        form = form_class(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                write(actor=actor, centre=centre, **form.service_data())  # type: ignore[attr-defined]
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect(reverse("centres:centre", args=[centre.pk]) + "#movements")
        return _page(request, centre, form=form, section=section)

    view.__name__ = f"record_{section}"
    return view


record_donation = _movement_view(
    DonationForm, "donation", services.record_donation, gettext_lazy("The donation was recorded.")
)
record_distribution = _movement_view(
    DistributionForm,
    "distribution",
    services.record_distribution,
    gettext_lazy("The distribution was recorded."),
)
record_adjustment = _movement_view(
    AdjustmentForm,
    "adjustment",
    services.record_adjustment,
    gettext_lazy("The adjustment was recorded."),
)


@login_required
def stock_card(request: AuthedRequest, pk: int) -> HttpResponse:
    """One item's card for one month: ?item=ข้าวสาร&unit=กก.&month=2021-08.

    Without a month, the item's latest month. An item the centre never held, or a month that is
    not one, is 404.
    """
    centre = selectors.get_centre_for(actor=request.user, pk=pk)
    item, unit = request.GET.get("item", ""), request.GET.get("unit", "")
    months = selectors.item_months(centre, item=item, unit=unit)
    if months is None:
        raise Http404
    month = parse_month(request.GET["month"]) if request.GET.get("month") else months[0]
    if month is None:
        raise Http404
    card = selectors.stock_card(centre, item=item, unit=unit, month=month)
    return render(
        request,
        "centres/stock_card.html",
        {
            "centre": centre,
            "ancestors": [*ancestors_of(centre.tambon), centre.tambon],
            "card": card,
            "month_label": month_label(month),
            "months": [(m.strftime("%Y-%m"), month_label(m)) for m in months],
            "month_value": month.strftime("%Y-%m"),
            "previous": previous_month(month).strftime("%Y-%m"),
            "next": next_month(month).strftime("%Y-%m"),
        },
    )
