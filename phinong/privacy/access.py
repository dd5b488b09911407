"""The access log of personal data, and the headers that keep such answers out of caches.

Two pieces, used together on every view that shows people's data:

- `@no_store` on the view (or `@decorate_view(no_store)` on an API operation) answers with
  `Cache-Control: private, no-store`, so no proxy or shared browser cache keeps a copy;
- `record_access(request, kind, subject)` in its body adds one row to the access log: who, what
  (the kind, the record and its area), when, and from where (address and a short user agent).

Only views that show personal data unmasked are logged (`shown=False` writes nothing): a role that
sees masked IDs only has not seen the data the log is about. A view costs one INSERT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

from phinong.audit.context import current_channel, current_origin
from phinong.audit.middleware import client_address
from phinong.lib.thai import digits_only
from phinong.privacy.models import AccessEvent, AccessKind

CACHE_CONTROL = "private, no-store"
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
USER_AGENT_LENGTH = 120


def no_store(view: Callable[P, R]) -> Callable[P, R]:
    """Answer with `Cache-Control: private, no-store`."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        response = view(*args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        return response

    return wrapper


def record_access(
    request: HttpRequest,
    kind: AccessKind,
    subject: Model,
    *,
    area_code: str | None = None,
    label: str | None = None,
    shown: bool = True,
) -> None:
    """Log that the request's user saw the personal data of `subject` (a person, a register...).

    `area_code` defaults to the subject's own area (`scope_code`, or `code` for an area); `label`
    to its name. Nothing is written when `shown` is False (the data was masked).
    """
    if not shown:
        return
    log_access(
        actor=request.user,
        kind=kind,
        subject=subject,
        area_code=area_code,
        label=label,
        origin=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def log_access(
    *,
    actor: Any,
    kind: AccessKind,
    subject: Model,
    area_code: str | None = None,
    label: str | None = None,
    origin: str | None = None,
    user_agent: str = "",
) -> AccessEvent:
    """The same row outside a request (a command): from the current origin ('system' in a command)."""
    if area_code is None:
        area_code = str(getattr(subject, "scope_code", None) or getattr(subject, "code", ""))
    if origin is None:
        origin = current_origin()
    if not user_agent and not current_channel():
        user_agent = "manage.py"
    return AccessEvent.objects.create(
        user_id=actor.pk if getattr(actor, "pk", None) else None,
        username=getattr(actor, "username", "") or "system",
        kind=kind,
        object_type=subject._meta.label_lower,
        object_id=str(subject.pk),
        label=(label if label is not None else str(subject))[:200],
        area_code=area_code[:8],
        origin=origin[:100],
        user_agent=_short(user_agent),
    )


def _short(user_agent: str) -> str:
    """The start of the user agent, which names the browser or program, cut to fit."""
    text = " ".join(str(user_agent).split())
    return text if len(text) <= USER_AGENT_LENGTH else text[: USER_AGENT_LENGTH - 1] + "…"


def record_search_by_id(request: HttpRequest, *, query: str, urls: Iterable[str]) -> None:
    """Log each person the search box found by a national ID (a 13-digit query), by their page."""
    if len(digits_only(query)) != 13 or not digits_only(query).isdigit():
        return
    from phinong.register.models import Member

    pks = []
    for url in urls:
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.view_name == "register:member":
            pks.append(match.kwargs["member_pk"])
    for member in Member.objects.filter(pk__in=pks).select_related("pair"):
        record_access(request, AccessKind.SEARCH, member)
