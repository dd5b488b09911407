"""API tokens: hashed, with an expiry, a last-used time written at most once a minute, revoked by
their owner or by a password change; a page of one's own to create, list and revoke them; writes
through the API audited as "API"; a rate limit per token."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from conftest import Cast, client_for, person
from phinong.accounts.models import ApiToken, User
from phinong.api import conventions
from phinong.api.auth import digest
from phinong.audit.models import AuditEvent, Channel
from phinong.programmes.models import Pair


def command_token(user: User, *args: str) -> str:
    out = StringIO()
    call_command("create_api_token", user.username, *args, stdout=out)
    return out.getvalue().strip()


def bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_only_the_digest_is_stored(cast: Cast) -> None:
    token = command_token(cast.dist_a1)
    row = ApiToken.objects.get()
    assert row.digest == digest(token) and token not in (row.digest, row.prefix)


def test_the_command_sets_an_expiry(cast: Cast) -> None:
    command_token(cast.dist_a1, "--expires-days", "30")
    row = ApiToken.objects.get()
    assert row.expires_at is not None
    assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(minutes=1)


def test_it_refuses_an_expired_token(cast: Cast) -> None:
    token = command_token(cast.dist_a1, "--expires-days", "1")
    assert bearer(token).get("/api/v1/programmes").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = bearer(token).get("/api/v1/programmes")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_token_after_the_password_changes(cast: Cast) -> None:
    token = command_token(cast.dist_a1)
    cast.dist_a1.set_password("another-long-password-77")
    cast.dist_a1.save()
    assert bearer(token).get("/api/v1/programmes").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(cast: Cast) -> None:
    token = command_token(cast.dist_a1)
    client = bearer(token)
    client.get("/api/v1/programmes")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get("/api/v1/programmes")
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/api/v1/programmes")
    later = ApiToken.objects.get().last_used_at
    assert later is not None and later > first


def test_a_write_through_the_api_is_audited_as_api(cast: Cast, pair_a1: Pair) -> None:
    token = command_token(cast.dist_a1)
    url = f"/api/v1/programmes/{pair_a1.programme.pk}/tambons/420102/leaders"
    response = bearer(token).post(url, person(), content_type="application/json")
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="leader.create")
    assert event.channel == Channel.API
    assert event.actor_username == cast.dist_a1.username


def test_it_limits_requests_per_token(
    cast: Cast, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.API_RATE_LIMIT = "3/m"
    cache.clear()
    client = bearer(command_token(cast.dist_a1))
    other = bearer(command_token(cast.dist_a2))
    monkeypatch.setattr(conventions, "_clock", lambda: 1_800_000_005.0)  # 5 s into a minute
    codes = [client.get("/api/v1/programmes").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/programmes")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "55"
    assert refused["Content-Type"].startswith("application/problem+json")
    assert other.get("/api/v1/programmes").status_code == 200  # each token has its own count
    monkeypatch.setattr(conventions, "_clock", lambda: 1_800_000_060.0)  # the next minute
    assert client.get("/api/v1/programmes").status_code == 200
    cache.clear()


# The page of one's own tokens ----------------------------------------------------------------


def test_a_user_creates_a_token_and_sees_it_once(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    response = client.post("/accounts/tokens/", {"name": "แดชบอร์ดจังหวัด", "expires_in_days": "90"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.context["new_token"]
    assert token.startswith("phn_") and token in response.content.decode()
    row = ApiToken.objects.get()
    assert row.user == cast.dist_a1 and row.name == "แดชบอร์ดจังหวัด" and row.expires_at
    assert bearer(token).get("/api/v1/programmes").status_code == 200
    listing = client.get("/accounts/tokens/").content.decode()
    assert token not in listing and row.prefix in listing
    assert AuditEvent.objects.filter(action="api_token.create").exists()


def test_the_page_lists_only_ones_own_tokens(cast: Cast) -> None:
    command_token(cast.dist_a2, "--name", "ของคนอื่น")
    mine = command_token(cast.dist_a1, "--name", "ของฉัน")
    page = client_for(cast.dist_a1).get("/accounts/tokens/").content.decode()
    assert "ของฉัน" in page and mine[:8] in page and "ของคนอื่น" not in page


def test_a_user_revokes_their_token(cast: Cast) -> None:
    token = command_token(cast.dist_a1)
    row = ApiToken.objects.get()
    response = client_for(cast.dist_a1).post(f"/accounts/tokens/{row.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert bearer(token).get("/api/v1/programmes").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_it_refuses_to_revoke_someone_elses_token(cast: Cast) -> None:
    command_token(cast.dist_a2)
    row = ApiToken.objects.get()
    for who in (cast.dist_a1, cast.dept):
        assert client_for(who).post(f"/accounts/tokens/{row.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_the_page_needs_a_login() -> None:
    assert Client().get("/accounts/tokens/").status_code == 302
