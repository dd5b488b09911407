from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from phinong.accounts import throttle
from phinong.accounts.models import AREA_CODE_LENGTH, Role, User
from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.services import record
from phinong.geo.models import District, Province, Tambon

# The email of "forgot password", also sent when an administrator asks for it.
RESET_SUBJECT = "accounts/password_reset_subject.txt"
RESET_EMAIL = "accounts/password_reset_email.txt"

_AREA_MODEL: dict[int, type[Province] | type[District] | type[Tambon]] = {
    2: Province,
    4: District,
    6: Tambon,
}


def roles_creatable_by(actor: User) -> list[Role]:
    """The department creates any role; a province officer, the roles below a province."""
    scope = scope_of(actor)
    if scope.is_nation:
        return list(Role)
    if scope.code and len(scope.code) == 2:
        return [Role.DISTRICT, Role.TAMBON]
    return []


@transaction.atomic
def create_user(
    *,
    actor: User,
    username: str,
    password: str,
    role: Role,
    area_code: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    require(actor, Action.MANAGE_USERS)
    area_code = area_code.strip()
    errors: dict[str, str] = {}
    if role not in roles_creatable_by(actor):
        errors["role"] = _("You cannot create users with this role.")
    expected = AREA_CODE_LENGTH[role]
    if len(area_code) != expected:
        errors["area_code"] = (
            _("A department user has no area code.")
            if expected == 0
            else _("This role needs a %(digits)s-digit DOPA area code.") % {"digits": expected}
        )
    elif expected and not _AREA_MODEL[expected].objects.filter(pk=area_code).exists():
        errors["area_code"] = _("There is no area with code %(code)s.") % {"code": area_code}
    elif expected and not Province.objects.filter(pk=area_code[:2], in_cdd_scope=True).exists():
        errors["area_code"] = _("The Community Development Department does not work in this area.")
    elif not scope_of(actor).covers(area_code):
        errors["area_code"] = _("The area is outside your own.")
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("That username is taken.")
    user = User(
        username=username,
        role=role,
        area_code=area_code,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor=actor,
        action="user.create",
        obj=user,
        area_code=area_code,
        changes={"username": username, "role": role, "area_code": area_code},
    )
    return user


@transaction.atomic
def set_user_active(*, actor: User, user: User, active: bool) -> User:
    require(actor, Action.MANAGE_USERS)
    require_in_scope(actor=actor, area_code=user.area_code)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    if not scope_of(actor).is_nation and user.role not in roles_creatable_by(actor):
        raise PermissionDenied  # a province officer manages the roles it may create, not its peers
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            obj=user,
            area_code=user.area_code,
            changes={"is_active": active},
        )
    return user


def may_reset_password(actor: User, user: User) -> bool:
    """The department resets anyone's password; a province officer, those of the roles it may
    create inside its province. Nobody resets their own here: they change it themselves."""
    if user.pk == actor.pk or not can(actor, Action.MANAGE_USERS):
        return False
    scope = scope_of(actor)
    if not scope.covers(user.area_code):
        return False
    return scope.is_nation or user.role in roles_creatable_by(actor)


def require_may_reset_password(actor: User, user: User) -> None:
    require(actor, Action.MANAGE_USERS)
    require_in_scope(actor=actor, area_code=user.area_code)
    if user.pk == actor.pk:
        raise ValidationError(_("Change your own password on the password page."))
    if not may_reset_password(actor, user):
        raise PermissionDenied


@transaction.atomic
def set_user_password(*, actor: User, user: User, password: str) -> User:
    """An administrator sets a new password for a user who lost theirs."""
    require_may_reset_password(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, action="user.set_password", obj=user, area_code=user.area_code)
    return user


@transaction.atomic
def lift_lockout(*, actor: User, user: User) -> int:
    """Let a user who typed too many wrong passwords log in again at once. Those who may set the
    user a new password may lift the pause. Returns how many failed attempts were forgotten."""
    require_may_reset_password(actor, user)
    forgotten = throttle.forget_failures(user.username)
    record(actor=actor, action="user.unlock", obj=user, area_code=user.area_code)
    return forgotten


@transaction.atomic
def send_password_reset(*, actor: User, user: User, domain: str, use_https: bool) -> User:
    """Email the user a link to set a new password, the one the "forgot password" page sends."""
    require_may_reset_password(actor, user)
    if not user.email:
        raise ValidationError(_("This user has no email address. Set a new password instead."))
    if not user.is_active:
        raise ValidationError(_("This user is deactivated. Activate them first."))
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    record(
        actor=actor,
        action="user.password_reset_sent",
        obj=user,
        area_code=user.area_code,
        changes={"email": user.email},
    )
    transaction.on_commit(
        lambda: PasswordResetForm().send_mail(RESET_SUBJECT, RESET_EMAIL, context, None, user.email)
    )
    return user
