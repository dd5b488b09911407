from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from phinong.core.formatting import num
from phinong.core.forms import ReasonForm, attach_errors
from phinong.core.http import AuthedRequest
from phinong.privacy import erasure, selectors
from phinong.privacy.access import no_store
from phinong.privacy.forms import AccessLogFilterForm
from phinong.privacy.rules import require_data_controller
from phinong.register.selectors import get_member_for

PER_PAGE = 100


def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what is collected, why, who sees it, for how long, and people's rights."""
    return render(request, "privacy/notice.html")


@login_required
@no_store
def access_log(request: AuthedRequest) -> HttpResponse:
    """Who saw personal data unmasked, filtered by user, kind, area and dates (department admin)."""
    require_data_controller(request.user)
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.access_log_for(
        actor=request.user,
        username=(filters.get("user") or "").strip(),
        kind=filters.get("kind") or "",
        area_code=filters.get("area") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@no_store
def erase(request: AuthedRequest, member_pk: int) -> HttpResponse:
    """Confirm, then anonymise a person in every programme they are registered in."""
    actor = request.user
    member = get_member_for(actor=actor, pk=member_pk)  # 404 outside the area
    require_data_controller(actor)
    back = reverse("register:member", args=[member.pk])
    if erasure.is_erased(member):
        messages.info(request, _("This person's data was already erased."))
        return redirect(back)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = erasure.erase_person(
                actor=actor, member=member, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("The person's data was erased from %(count)s registrations.")
                % {"count": num(count)},
            )
            return redirect(back)
    return render(
        request,
        "privacy/erase_confirm.html",
        {
            "form": form,
            "member": member,
            "registrations": list(erasure.registrations_of(member)),
            "back": back,
        },
    )
