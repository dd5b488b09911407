"""Bearer tokens for /api/v1/: issued, checked and revoked here.

Only a token's SHA-256 is stored. A token acts as its owner (same area, same role). It stops working
when it expires, when it is revoked, or when the owner's password changes (the token remembers a
fingerprint of the password hash it was made under). Its last-used time is written at most once a
minute, so reads do not each cost a write.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from phinong.accounts.models import ApiToken, User
from phinong.accounts.models import password_fingerprint as fingerprint_of_hash
from phinong.audit.services import record

LAST_USED_EVERY = dt.timedelta(minutes=1)
MAX_EXPIRY_DAYS = 3650


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    return fingerprint_of_hash(user.password)


@transaction.atomic
def issue_token(
    user: User, *, actor: User | None = None, name: str = "", expires_in_days: int | None = None
) -> str:
    """Create a token and return it in the clear: this is the only time it can be seen."""
    token = "phn_" + secrets.token_urlsafe(32)
    expires_at = None
    if expires_in_days is not None:
        expires_at = timezone.now() + dt.timedelta(days=expires_in_days)
    ApiToken.objects.create(
        user=user,
        digest=digest(token),
        prefix=token[:8],
        name=name[:100],
        expires_at=expires_at,
        password_fingerprint=password_fingerprint(user),
    )
    record(
        actor=actor or user,
        action="api_token.create",
        obj=user,
        area_code=user.area_code,
    )
    return token


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> None:
    """Delete one of the actor's own tokens (the caller found it through `tokens_of(actor)`)."""
    if token.user_id != actor.pk:
        raise ApiToken.DoesNotExist
    record(
        actor=actor,
        action="api_token.revoke",
        obj=actor,
        area_code=actor.area_code,
    )
    token.delete()


@transaction.atomic
def revoke_tokens(
    *, username: str = "", prefix: str = "", unusable: bool = False, actor: User | None = None
) -> int:
    """Delete the tokens that match every filter given (the revoke_api_tokens command: the actor
    is "system" in the audit log). Returns how many were revoked."""
    rows = ApiToken.objects.select_related("user").order_by("pk")
    if username:
        rows = rows.filter(user__username=username)
    if prefix:
        rows = rows.filter(prefix=prefix)
    now = timezone.now()
    chosen = [row for row in rows if not unusable or not is_usable(row, now)]
    for row in chosen:
        record(actor=actor, action="api_token.revoke", obj=row.user, area_code=row.user.area_code)
    ApiToken.objects.filter(pk__in=[row.pk for row in chosen]).delete()
    return len(chosen)


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def is_usable(row: ApiToken, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        row.user.is_active
        and (row.expires_at is None or row.expires_at > now)
        and row.password_fingerprint == password_fingerprint(row.user)
    )


def usable_token(token: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The token's row when it still works: not expired, not revoked, its owner active and with
    the same password as when it was made."""
    row = ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
    return row if row is not None and is_usable(row, now) else None


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        row = usable_token(token, now)
        if row is None:
            return None
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token_id = row.digest  # type: ignore[attr-defined]  # the rate limit's key
        return row.user
