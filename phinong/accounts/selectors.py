from __future__ import annotations

from django.db.models import QuerySet

from phinong.accounts.models import User
from phinong.accounts.scoping import get_in_scope, scoped


def users_for(*, actor: User) -> QuerySet[User]:
    """The users whose area lies inside the actor's (a province sees its districts' officers)."""
    return scoped(User.objects.order_by("area_code", "username"), actor=actor, path="area_code")


def get_user_for(*, actor: User, pk: int) -> User:
    return get_in_scope(User.objects.all(), actor=actor, path="area_code", pk=pk)
