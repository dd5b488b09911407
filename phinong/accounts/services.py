from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phinong.accounts.models import AREA_CODE_LENGTH, Role, User
from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.services import record
from phinong.geo.models import District, Province, Tambon

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
