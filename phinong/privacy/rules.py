"""Who may read the access log and erase people: the department's administrators."""

from typing import Any

from django.core.exceptions import PermissionDenied

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of


def is_data_controller(user: Any) -> bool:
    """A nation-wide role that may see personal data: the department admin (and a superuser)."""
    return scope_of(user).is_nation and can(user, Action.SEE_PERSONAL_DATA)


def require_data_controller(user: Any) -> None:
    if not is_data_controller(user):
        raise PermissionDenied
