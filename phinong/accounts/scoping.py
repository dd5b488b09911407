"""Area scoping: the one mechanism that decides what a user may see and change.

Every area in Phinong is named by its DOPA code, and the codes nest (42 ⊃ 4201 ⊃ 420101 ⊃ 42010101).
A user's scope is the code of their area: a record is inside the scope when the code of the area it
belongs to starts with the scope's code. The department's scope is the empty code, which every code
starts with. A user with no valid role or area has no scope and sees nothing.

Selectors filter with `Scope.q(path)`; single-record lookups go through `get_in_scope`, which answers
404 for a record outside the area, exactly as for one that does not exist. Writes also need the role's
capability (accounts.permissions), which answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from phinong.accounts.models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    code: str | None  # None: nothing at all; "": the whole nation

    @property
    def is_nation(self) -> bool:
        return self.code == ""

    def covers(self, area_code: str) -> bool:
        return self.code is not None and area_code.startswith(self.code)

    def overlaps(self, area_code: str) -> bool:
        """True when the area is inside the scope or contains it (its ancestors are visible as context)."""
        return self.code is not None and (
            area_code.startswith(self.code) or self.code.startswith(area_code)
        )

    def q(self, path: str) -> Q:
        """A filter keeping the rows whose area code, at the field `path`, lies inside this scope."""
        if self.code is None:
            return Q(pk__in=[])
        if self.code == "":
            return Q()
        return Q(**{f"{path}__startswith": self.code})


NOTHING = Scope(None)


def scope_of(user: Any) -> Scope:
    from phinong.accounts.models import AREA_CODE_LENGTH, Role

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Scope("")
    if user.role not in AREA_CODE_LENGTH:
        return NOTHING
    expected = AREA_CODE_LENGTH[Role(user.role)]
    code = user.area_code or ""
    if len(code) != expected or not (code == "" or code.isdigit()):
        return NOTHING
    return Scope(code)


def scoped(queryset: QuerySet[M], *, actor: User, path: str) -> QuerySet[M]:
    return queryset.filter(scope_of(actor).q(path))


def get_in_scope(queryset: QuerySet[M], *, actor: User, path: str, **lookup: Any) -> M:
    """Fetch one record inside the actor's area, or raise Http404 whether it is outside or absent."""
    try:
        return scoped(queryset, actor=actor, path=path).get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def require_in_scope(*, actor: User, area_code: str) -> None:
    if not scope_of(actor).covers(area_code):
        raise Http404
