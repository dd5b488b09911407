from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts import selectors, services
from phinong.accounts.forms import UserCreateForm
from phinong.accounts.models import Role
from phinong.accounts.permissions import Action, can, require
from phinong.audit.selectors import events_for
from phinong.core.forms import attach_errors
from phinong.core.http import AuthedRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def no_area(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/no_area.html")


@login_required
def users(request: AuthedRequest) -> HttpResponse:
    rows = selectors.users_for(actor=request.user)
    return render(
        request,
        "accounts/users.html",
        {
            "users": rows,
            "can_manage": can(request.user, Action.MANAGE_USERS),
            "roles": dict(Role.choices),
        },
    )


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_USERS)
    roles = services.roles_creatable_by(request.user)
    form = UserCreateForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("User %(username)s was created.") % {"username": user.username}
            )
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.get_user_for(actor=request.user, pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "roles": dict(Role.choices),
            "events": events_for(user, actor=request.user),
            "can_manage": can(request.user, Action.MANAGE_USERS),
        },
    )


@login_required
@require_POST
def user_set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    user = selectors.get_user_for(actor=request.user, pk=pk)
    try:
        services.set_user_active(
            actor=request.user,
            user=user,
            active=request.POST.get("active") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:user", pk=user.pk)
