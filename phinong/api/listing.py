"""Shared pieces of the resource routers (phinong/api/routes/): bounded pagination, the area filter,
identifiers, money and personal data.

Every list is paginated with `@paginate(Page)` over a queryset with an explicit `order_by`, so a
client walking the pages sees every row once. Limits are bounded, and so are identifiers in paths
and queries, so that a huge number is a 422, never a database overflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, cast

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.api.conventions import PreconditionFailed
from phinong.core.errors import ConflictError
from phinong.lib import national_id

if TYPE_CHECKING:
    from phinong.accounts.models import User

MAX_ID = 2_147_483_647  # the largest primary key; anything above is not a record
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000

# A record's number in a path, and the optional filters most lists take.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
AreaFilter = Annotated[
    str | None,
    Query(max_length=8, description="only rows inside this area (a DOPA code: 42, 4201, 420102)"),
]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
# DOPA codes in paths: a province (2 digits), a district (4) or a tambon (6).
AREA_PATTERN = r"^[0-9]{2}([0-9]{2}){0,2}$"
TAMBON_PATTERN = r"^[0-9]{6}$"
AreaCode = Annotated[str, Path(pattern=AREA_PATTERN, description="a DOPA code: 42, 4201 or 420102")]
TEXT_PATTERN = r"\S"  # some visible text: blank text is refused after its spaces are folded
TambonCode = Annotated[str, Path(pattern=TAMBON_PATTERN, description="a tambon's DOPA code")]


class Page(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is {"items": [...], "count": total}."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="rows per page (at most 200)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="rows to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def actor_of(request: HttpRequest) -> User:
    """The token's owner (BearerToken has set request.user)."""
    return cast("User", request.user)


def in_area(actor: User, area: str | None, path: str) -> Q:
    """Rows whose area code at `path` lies inside `area` (a DOPA code); no area: no filter.

    An area the actor's scope neither covers nor lies inside is 404, as on the web.
    """
    if not area:
        return Q()
    if not area.isdigit() or len(area) not in (2, 4, 6, 8) or not scope_of(actor).overlaps(area):
        raise Http404
    return Q(**{f"{path}__startswith": area})


def money(value: Decimal | int | None) -> str:
    """Baht with satang, as a decimal string: Decimal('1234.5') -> '1234.50'."""
    return f"{Decimal(value or 0):.2f}"


def shows_personal(actor: User) -> bool:
    return can(actor, Action.SEE_PERSONAL_DATA)


def shown_id(value: str, show: bool) -> str:
    """A national ID in full for a role that may see it, else masked, as on the web."""
    return value if show else national_id.masked(value)


def shown_phone(value: str, show: bool) -> str:
    if not value:
        return ""
    return value if show else national_id.masked_phone(value)


@contextmanager
def stale_is_412() -> Iterator[None]:
    """A service's ConflictError (saved by someone else between If-Match and the write) is a 412."""
    try:
        yield
    except ConflictError as exc:
        raise PreconditionFailed from exc
