"""How big a request body may be, decided by who sends it, before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, and the CSRF check reads the
whole body of every POST (spooling its files to disk) before any view runs. So a body is judged
here by its Content-Length: an anonymous visitor (the login page, the admin's login) may send
DATA_UPLOAD_MAX_MEMORY_SIZE; a logged-in user, or a request with a working API token, may send
PHINONG_REQUEST_MAX_BYTES (an import or an evidence file and the form around it). Anything bigger
is answered 413 at once. The proxy in front should refuse the same (client_max_body_size).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from phinong.core.formatting import num

BEARER = "bearer "


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _has_working_token(request: HttpRequest) -> bool:
    from phinong.api.auth import usable_token  # the API imports accounts: import it late

    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith(BEARER):
        return False
    return usable_token(header[len(BEARER) :].strip()) is not None


def body_limit(request: HttpRequest) -> int:
    if request.user.is_authenticated or _has_working_token(request):
        return int(settings.PHINONG_REQUEST_MAX_BYTES)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class RequestSizeLimitMiddleware:
    """After AuthenticationMiddleware, before any view (and the CSRF check) reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length > int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE):
            limit = body_limit(request)
            if length > limit:
                return too_large(request, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    size = limit / 2**20
    megabytes = num(int(size) if size == int(size) else f"{size:.1f}")
    if request.path_info.startswith("/api/"):
        from phinong.api.conventions import problem

        detail = _("The request is too large: it may be at most %(mb)s MB.") % {"mb": megabytes}
        response = problem(413, detail)
    else:
        html = render_to_string("accounts/too_large.html", {"megabytes": megabytes}, request)
        response = HttpResponse(html, status=413)
    response["Connection"] = "close"  # the rest of the body is not read
    return response
