"""Read-after-write for the read replica: a successful write pins its author to the primary.

After a POST (or PUT, PATCH, DELETE) that succeeds, the response sets a short-lived cookie; while
the browser sends it back, `@reads_from_replica` views read from the primary, so the person sees
what they just saved even if the replica lags. Not loaded without a replica (see db_router).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

from phinong.core.db_router import pin_to_primary, replica_configured, unpin

PIN_COOKIE = "phinong_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReplicaPinMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.seconds = settings.PHINONG_REPLICA_PIN_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = pin_to_primary(PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            unpin(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=self.seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
