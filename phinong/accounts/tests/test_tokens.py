"""API tokens from the command line: a default expiry, and the revoke_api_tokens command."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from conftest import Cast, client_for
from phinong.accounts.models import ApiToken, User
from phinong.audit.models import AuditEvent


def create(user: User, *args: str) -> str:
    out = StringIO()
    call_command("create_api_token", user.username, *args, stdout=out)
    return out.getvalue().strip()


def revoke(*args: str) -> str:
    out = StringIO()
    call_command("revoke_api_tokens", *args, stdout=out)
    return out.getvalue().strip()


def works(token: str) -> bool:
    client = Client(headers={"Authorization": f"Bearer {token}"})
    return client.get("/api/v1/programmes").status_code == 200


def test_a_new_token_expires_after_the_default_days(cast: Cast, settings: Any) -> None:
    settings.API_TOKEN_DAYS = 90
    create(cast.dist_a1)
    row = ApiToken.objects.get()
    assert row.expires_at is not None
    assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)


def test_no_expiry_is_a_choice(cast: Cast) -> None:
    create(cast.dist_a1, "--no-expiry")
    assert ApiToken.objects.get().expires_at is None


def test_the_token_page_offers_the_default_expiry(cast: Cast, settings: Any) -> None:
    settings.API_TOKEN_DAYS = 30
    form = client_for(cast.dist_a1).get("/accounts/tokens/").context["form"]
    assert form["expires_in_days"].value() == 30


def test_it_revokes_all_of_a_user_s_tokens(cast: Cast) -> None:
    first, second = create(cast.dist_a1), create(cast.dist_a1)
    other = create(cast.dist_a2)

    assert revoke("--user", "dist-a1") == "Revoked 2 token(s)."

    assert not works(first) and not works(second) and works(other)
    events = AuditEvent.objects.filter(action="api_token.revoke", object_id=str(cast.dist_a1.pk))
    assert events.count() == 2 and {e.actor_username for e in events} == {"system"}


def test_it_revokes_one_token_by_its_prefix(cast: Cast) -> None:
    kept, gone = create(cast.dist_a1), create(cast.dist_a1)

    assert revoke("--prefix", gone[:8] + "…") == "Revoked 1 token(s)."

    assert works(kept) and not works(gone)


def test_it_revokes_the_tokens_that_no_longer_work(cast: Cast) -> None:
    live = create(cast.dist_a1)
    create(cast.dist_a2, "--expires-days", "1")
    ApiToken.objects.filter(user=cast.dist_a2).update(expires_at=timezone.now())

    assert revoke("--unusable") == "Revoked 1 token(s)."

    assert works(live)
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["dist-a1"]


@pytest.mark.parametrize(
    "args",
    [(), ("--prefix", "phn_"), ("--user", "nobody")],
    ids=["nothing", "short-prefix", "unknown-user"],
)
def test_it_refuses_a_vague_or_empty_revocation(cast: Cast, args: tuple[str, ...]) -> None:
    create(cast.dist_a1)
    with pytest.raises(CommandError):
        revoke(*args)
    assert ApiToken.objects.count() == 1
