"""The error pages: 400, 403, 404, 500 and a refused form (CSRF), in Thai and in the site's layout.

Each says what happened in words an officer understands and offers a way back: their own home page,
and the page they came from when the browser said which (and it is on this site). The 500 page is
rendered without the request's context processors, which may be what failed (the database, say),
and falls back to a few lines of plain HTML if even the template cannot be rendered.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TEMPLATE = "core/error.html"
PLAIN_500 = (
    '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ระบบขัดข้อง</title></head>'
    "<body><h1>ระบบขัดข้อง</h1><p>เกิดข้อผิดพลาดในระบบ กรุณาลองใหม่อีกครั้งในภายหลัง</p>"
    '<p><a href="/">กลับหน้าแรก</a></p></body></html>'
)


def _back(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site and is not this page."""
    try:
        referer = request.META.get("HTTP_REFERER", "")
        if not referer or referer == request.build_absolute_uri():
            return ""
        if url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return referer
    except Exception:  # a request with a bad Host header (a 400): no way back but home
        logger.debug("no safe referer", exc_info=True)
    return ""


def _page(
    request: HttpRequest, status: int, title: str, message: str, *, with_context: bool = True
) -> HttpResponse:
    context: dict[str, Any] = {
        "status": status,
        "title": title,
        "message": message,
        "back": _back(request),
    }
    try:
        template = loader.get_template(TEMPLATE)
        body = template.render(context, request if with_context else None)
    except Exception:  # the error page must never fail in turn
        logger.exception("the error page %s could not be rendered", status)
        body = PLAIN_500
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be understood"),
        _("The address or the form sent was not valid. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You may not do this"),
        _(
            "Your role does not allow this action. Ask your province or the department if you need it."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _(
            "This page does not exist, or it belongs to an area outside yours. "
            "Check the address, or start again from your home page."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        _("Something went wrong"),
        _("The system could not complete this request. Please try again later."),
        with_context=False,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form was not sent"),
        _(
            "The page was open too long, or you signed in again in another window. "
            "Go back, reload the page and send the form again."
        ),
    )
