"""The API's conventions, shared by every router in phinong/api/routes/.

Errors
    Every error is ``application/problem+json`` (RFC 9457)::

        {"type": "about:blank", "title": "...", "status": 404, "detail": "...",
         "errors": {"field": ["message", ...]}}

    ``title`` and ``detail`` are in Thai, in English with ``Accept-Language: en``. A view raises the
    usual exceptions (Django's ``ValidationError``, ``Http404``, ``PermissionDenied``, ninja's
    ``HttpError``) or the two below; the handlers registered in ``phinong/api/urls.py``
    (``install(api)``) turn them into problems. Outside the actor's area is 404 with exactly the
    body of "does not exist". Declare the errors in the operation's ``response=`` with
    ``READ_ERRORS`` / ``WRITE_ERRORS`` so the OpenAPI document describes them::

        @router.get("/things/{thing_id}", response={200: ThingOut, **READ_ERRORS})

ETags and updates
    A GET of one record sets its ETag through ninja's temporal response parameter, and an update
    checks the client's ``If-Match`` before writing (428 when it is missing, 412 when it is stale,
    and nothing is written)::

        @router.get("/things/{thing_id}", response={200: ThingOut, **READ_ERRORS})
        def thing(request: HttpRequest, thing_id: int, response: HttpResponse) -> ThingOut:
            found = selectors.get_thing_for(actor=request.user, pk=thing_id)
            response["ETag"] = etag_of(found)
            return ThingOut.from_orm(found)

        @router.put("/things/{thing_id}", response={200: ThingOut, **WRITE_ERRORS})
        def update_thing(request, thing_id: int, payload: ThingIn, response: HttpResponse):
            found = selectors.get_thing_for(actor=request.user, pk=thing_id)  # 404 first
            require_match(request, found)                                    # then 428 / 412
            found = services.update_thing(actor=request.user, thing=found, ...)
            response["ETag"] = etag_of(found)
            return ...

    Scope first, precondition second: a record outside the area is 404 whatever If-Match says.
    Return ``Status(201, body)`` (from ninja) for a created record, never a ``(status, body)``
    tuple.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import BaseThrottle

PROBLEM_CONTENT_TYPE = "application/problem+json"


class PreconditionRequired(Exception):
    """An update came without If-Match (428)."""


class PreconditionFailed(Exception):
    """An update's If-Match does not match the record as it is now (412)."""


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] = {}


READ_ERRORS: dict[int, Any] = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    412: Problem,
    422: Problem,
    428: Problem,
    429: Problem,
}


# ETags ---------------------------------------------------------------------------------------


def if_match() -> dict[str, Any]:
    """The `If-Match` header in an update's OpenAPI operation (``openapi_extra=if_match()``): the
    view checks it with `require_match` (428 without it, 412 when stale)."""
    return {
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": True,
                "description": "the ETag you read (or * to overwrite whatever is there)",
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                "examples": {"any": {"value": "*"}},
            }
        ]
    }


def etag_of(obj: models.Model) -> str:
    """A strong ETag for one record: its model, its key and its version.

    A model without a ``version`` field gets a hash of its concrete fields' values instead, so any
    change to the record changes the tag.
    """
    version = getattr(obj, "version", None)
    if version is None:
        parts = [f"{f.attname}={f.value_to_string(obj)}" for f in obj._meta.concrete_fields]
        version = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f'"{obj._meta.label_lower}.{obj.pk}.{version}"'


def _tags(header: str) -> Iterable[str]:
    for raw in header.split(","):
        tag = raw.strip()
        if tag:
            yield tag


def require_match(request: HttpRequest, obj: models.Model) -> None:
    """Refuse an update whose If-Match is missing (428) or is not the record's current ETag (412).

    Strong comparison (RFC 9110 13.1.1): a weak tag ``W/"…"`` never matches; ``*`` always does.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    current = etag_of(obj)
    for tag in _tags(header):
        if tag == "*" or tag == current:
            return
    raise PreconditionFailed


# Rate limiting -------------------------------------------------------------------------------


_WAIT: ContextVar[float | None] = ContextVar("phinong_api_rate_wait", default=None)
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_clock = time.time  # replaced in tests


def rate_limit() -> tuple[int, int]:
    """``settings.API_RATE_LIMIT`` ("120/m": so many requests per second, minute, hour or day)."""
    count, _slash, period = str(getattr(settings, "API_RATE_LIMIT", "120/m")).partition("/")
    return int(count), _PERIODS.get(period[:1] or "m", 60)


class TokenRateThrottle(BaseThrottle):
    """So many requests per period per API token (``settings.API_RATE_LIMIT``, e.g. "120/m").

    A fixed window counted in Django's default cache. The local-memory cache counts per process:
    with several worker processes, configure a shared cache (Redis, or Django's database cache) so
    the limit holds across them.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        token_id = getattr(request, "api_token_id", None)
        if token_id is None:
            return True
        limit, period = rate_limit()
        now = _clock()
        key = f"phinong-api-rate:{token_id}:{int(now // period)}"
        cache.add(key, 0, period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, period + 1)
            count = 1
        if count > limit:
            _WAIT.set(period - (now % period))
            return False
        return True

    def wait(self) -> float | None:
        return _WAIT.get()


# Problems ------------------------------------------------------------------------------------


def _titles() -> dict[int, str]:
    return {
        400: _("The request is not valid"),
        401: _("A valid API token is required"),
        403: _("You may not do this"),
        404: _("Not found"),
        405: _("This method is not allowed here"),
        412: _("The record has changed"),
        422: _("The request is not valid"),
        428: _("If-Match is required"),
        429: _("Too many requests"),
    }


def problem(
    status: int,
    detail: str,
    *,
    errors: dict[str, list[str]] | None = None,
    title: str | None = None,
) -> HttpResponse:
    """An ``application/problem+json`` response, in the request's language."""
    body = {
        "type": "about:blank",
        "title": title or _titles().get(status, _("The request could not be completed")),
        "status": status,
        "detail": detail,
        "errors": errors or {},
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_CONTENT_TYPE}; charset=utf-8",
    )


def not_found() -> HttpResponse:
    """The one body for "does not exist" and "outside your area"."""
    return problem(404, _("There is no such record, or it is outside your area."))


def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors: dict[str, list[str]]
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return problem(400, " ".join(str(m) for m in exc.messages), errors=errors)


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in ("datetime_parsing", "datetime_from_date_parsing", "datetime_type"):
        return _("Enter a date and time in ISO 8601.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type",):
        return _("Enter text.")
    if kind in ("string_too_long",):
        return _("The text is too long.")
    if kind in ("list_type",):
        return _("Enter a list.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Enter an object.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of the allowed values.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("The number is out of range.")
    return _("This value is not valid.")


_LOCATIONS = ("body", "query", "path", "header", "cookie", "form", "file")


def _field_of(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in _LOCATIONS:
        loc = loc[1:]
    if loc and loc[0] == "payload":
        loc = loc[1:]
    return ".".join(loc) or "__all__"


def on_ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error), []).append(_pydantic_message(error))
    fields = ", ".join(sorted(errors))
    return problem(
        422,
        _("Some fields are not valid: %(fields)s.") % {"fields": fields},
        errors=errors,
    )


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return not_found()


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(403, _("Your role may not make this change here."))


def on_precondition_required(request: HttpRequest, exc: PreconditionRequired) -> HttpResponse:
    return problem(
        428,
        _("Send the record's ETag in If-Match: read the record first, then update it."),
    )


def on_precondition_failed(request: HttpRequest, exc: PreconditionFailed) -> HttpResponse:
    return problem(
        412,
        _(
            "Someone changed this record after you read it. Read it again and repeat the update; "
            "nothing was saved."
        ),
    )


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if isinstance(exc, Throttled):
        response = problem(429, _("Too many requests with this token. Try again later."))
        if exc.wait is not None:
            response["Retry-After"] = str(math.ceil(exc.wait))
        return response
    if isinstance(exc, AuthenticationError) or status == 401:
        response = problem(401, _("Send a valid, unexpired token: Authorization: Bearer <token>."))
        response["WWW-Authenticate"] = 'Bearer realm="phinong"'
        return response
    if status == 400:
        return problem(400, _("The request body is not valid JSON."))
    if status == 404:
        return not_found()
    if status == 403:
        return on_permission_denied(request, PermissionDenied())
    return problem(status, _titles().get(status, _("The request could not be completed")))


def install(api: NinjaAPI) -> None:
    """Register the problem handlers on the API."""
    handlers: dict[type[Exception], Any] = {
        DjangoValidationError: on_django_validation_error,
        NinjaValidationError: on_ninja_validation_error,
        Http404: on_not_found,
        PermissionDenied: on_permission_denied,
        PreconditionRequired: on_precondition_required,
        PreconditionFailed: on_precondition_failed,
        HttpError: on_http_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
