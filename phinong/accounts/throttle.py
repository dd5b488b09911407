"""Login throttling with django-axes, for the login page and the admin's alike.

Failed logins are counted in the database (so every app process sees them) per account and per
address, over the last ``AXES_COOLOFF_TIME``. An account is locked after ``AXES_FAILURE_LIMIT``
failures; an address after ``PHINONG_LOGIN_FAILURES_PER_ADDRESS``, which is higher because a
whole district office may reach us from one address. While locked, even the right password is
refused with the lockout page (429). The lockout ends by itself after the cool-off, or when an
administrator lifts it (the user's page, or the admin's "access attempts").
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from typing import Any

from axes.backends import AxesStandaloneBackend  # type: ignore[import-untyped]
from axes.handlers.database import AxesDatabaseHandler  # type: ignore[import-untyped]
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def login_address(request: HttpRequest) -> str | None:
    """The address failures are counted against. Behind our TLS proxy it is the last address of
    X-Forwarded-For, the one the proxy itself added: the ones before it are whatever the client
    sent, so counting them would let an attacker pick a fresh address for every guess."""
    candidates = []
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidates.append(forwarded.split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, first in AUTHENTICATION_BACKENDS. A call without an HTTP request (a command,
    the shell, the test client's login()) has no address to count and is not throttled; every
    login form passes its request (Django's AuthenticationForm does)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate limit per address.

    AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: the attempts come back as two sets,
    the account's and the address's. Axes compares what this returns with AXES_FAILURE_LIMIT.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_account, per_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.PHINONG_LOGIN_FAILURES_PER_ADDRESS:
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return int(per_account)


def cool_off() -> dt.timedelta:
    value = settings.AXES_COOLOFF_TIME
    if not isinstance(value, dt.timedelta):
        raise TypeError("AXES_COOLOFF_TIME must be a timedelta")
    return value


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out login gets instead of the form (AXES_LOCKOUT_CALLABLE)."""
    seconds = int(cool_off().total_seconds())
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": max(1, seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@dataclass(frozen=True)
class Lockout:
    failures: int
    until: dt.datetime


def lockout_of(username: str) -> Lockout | None:
    """The account's lockout, if it is locked now (by its own failures, not its address's)."""
    since = timezone.now() - cool_off()
    found = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures = found["failures"] or 0
    if failures < settings.AXES_FAILURE_LIMIT:
        return None
    return Lockout(failures=failures, until=found["last"] + cool_off())


def forget_failures(username: str) -> int:
    """Delete the account's failed attempts: it may log in again at once."""
    deleted, _ = AccessAttempt.objects.filter(username=username).delete()
    return deleted
