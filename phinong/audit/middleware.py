from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from phinong.audit.context import reset_channel, reset_origin, set_channel, set_origin

API_PREFIX = "/api/"


def client_address(request: HttpRequest) -> str:
    """The client's IP; behind a trusted proxy, the first address of X-Forwarded-For."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:100]
    return str(request.META.get("REMOTE_ADDR", ""))[:100]


class RequestOriginMiddleware:
    """Records the request's address and channel (web page or API) for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_origin(client_address(request))
        channel = set_channel("api" if request.path_info.startswith(API_PREFIX) else "web")
        try:
            return self.get_response(request)
        finally:
            reset_channel(channel)
            reset_origin(token)
