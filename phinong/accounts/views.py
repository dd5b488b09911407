from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts import selectors, services, throttle
from phinong.accounts.forms import AREA_FIELD, ApiTokenForm, UserCreateForm
from phinong.accounts.models import Role, User
from phinong.accounts.permissions import Action, can, require
from phinong.api import auth as api_auth
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


# "Forgot password": Django's own flow, in the site's layout, with the email in Thai.


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = services.RESET_EMAIL
    subject_template_name = services.RESET_SUBJECT
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def no_area(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/no_area.html")


@login_required
def users(request: AuthedRequest) -> HttpResponse:
    rows = list(selectors.users_for(actor=request.user))
    labels = selectors.area_labels(u.area_code for u in rows)
    for row in rows:
        row.area_label = labels.get(row.area_code, "")  # type: ignore[attr-defined]
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
    data = request.POST if request.method == "POST" else request.GET
    areas = selectors.area_choices_for(
        actor=request.user,
        province=data.get("province", ""),
        district=data.get("district", ""),
    )
    if request.method != "POST" or "refresh" in request.POST:
        # The first visit, or "show the districts and tambons": the form again with the next
        # list filled in and what was typed kept, without complaints about what is still missing.
        initial = {k: v for k, v in data.items() if k not in ("password", "csrfmiddlewaretoken")}
        form = UserCreateForm(initial=initial, roles=roles, areas=areas)
        return render(request, "accounts/user_form.html", {"form": form})
    form = UserCreateForm(request.POST, roles=roles, areas=areas)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in AREA_FIELD.values()}
        try:
            user = services.create_user(actor=request.user, **values)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "area_code" in exc.error_dict:
                exc.error_dict[form.area_field() or "role"] = exc.error_dict.pop("area_code")
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("User %(username)s was created.") % {"username": user.username}
            )
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _render_user(
    request: AuthedRequest, user: User, password_form: SetPasswordForm | None = None
) -> HttpResponse:
    may_reset = services.may_reset_password(request.user, user)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "area_label": selectors.area_labels([user.area_code]).get(user.area_code, ""),
            "roles": dict(Role.choices),
            "events": events_for(user, actor=request.user),
            "can_manage": can(request.user, Action.MANAGE_USERS),
            "may_reset": may_reset,
            "lockout": throttle.lockout_of(user.username) if may_reset else None,
            "password_form": password_form or (SetPasswordForm(user) if may_reset else None),
        },
    )


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_user(request, selectors.get_user_for(actor=request.user, pk=pk))


@login_required
@require_POST
def user_set_password(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator sets a new password for the user (the department, or the province for
    the district officers and tambon leaders of its province)."""
    user = selectors.get_user_for(actor=request.user, pk=pk)
    try:
        services.require_may_reset_password(request.user, user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:user", pk=user.pk)
    form = SetPasswordForm(user, request.POST)
    if form.is_valid():
        try:
            services.set_user_password(
                actor=request.user, user=user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("A new password was set for %(username)s. Tell them, and ask them to change it.")
                % {"username": user.username},
            )
            return redirect("accounts:user", pk=user.pk)
    return _render_user(request, user, form)


@login_required
@require_POST
def user_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    """Lift the pause on a user's logins after too many wrong passwords."""
    user = selectors.get_user_for(actor=request.user, pk=pk)
    try:
        services.lift_lockout(actor=request.user, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(username)s may log in again now.") % {"username": user.username}
        )
    return redirect("accounts:user", pk=user.pk)


@login_required
@require_POST
def user_send_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    """Email the user the link of "forgot password"."""
    user = selectors.get_user_for(actor=request.user, pk=pk)
    try:
        services.send_password_reset(
            actor=request.user, user=user, domain=request.get_host(), use_https=request.is_secure()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("An email with a link to set a new password was sent to %(email)s.")
            % {"email": user.email},
        )
    return redirect("accounts:user", pk=user.pk)


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


@login_required
def api_tokens(request: AuthedRequest) -> HttpResponse:
    """The user's own API tokens: create one (shown once, on this answer only), list, revoke."""
    new_token = ""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            new_token = api_auth.issue_token(
                request.user,
                actor=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
            form = ApiTokenForm()
    else:
        form = ApiTokenForm()
    rows = list(api_auth.tokens_of(request.user).select_related("user"))
    for row in rows:
        row.usable = api_auth.is_usable(row)  # type: ignore[attr-defined]
    response = render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": rows, "new_token": new_token},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    response["Cache-Control"] = "no-store"  # the new token must not stay in a cache
    return response


@login_required
@require_POST
def api_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_auth.tokens_of(request.user), pk=pk)
    api_auth.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked: it no longer works."))
    return redirect("accounts:api_tokens")
