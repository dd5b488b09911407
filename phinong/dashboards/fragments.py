"""The costly parts of an area page (figures, charts, the children's table, the checklists; the list
of what waits for the reader on their own area's page), rendered once per version of what they show
and kept in the "fragments" cache.

A page's part is keyed by everything it depends on: the area, the query string (programme, period,
sort, indicator), the language, the day (what is due), the reader's area and role (which links are
shown), and the version of the area (stamps.py), which every write under it moves on in its own
transaction. The view reads the version first, before anything the part shows: a write that
commits while the part is rendered moves it on, so the part is never kept under the version that
follows that write. A figure is therefore right the moment its write commits, cached or not.

The cache is local memory by default, one per process: it needs no sharing to be right, because the
versions live in the database; each process simply renders a part once per version itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from phinong.accounts.scoping import Scope
from phinong.core.http import AuthedRequest

CACHE = "fragments"


def cached(
    request: AuthedRequest,
    *,
    scope: Scope,
    part: str,
    area_code: str,
    version: int,
    render: Callable[[], str],
) -> SafeString:
    """The `part` of the page of the area `area_code` ("" the nation) that `render` draws.

    `scope` is the reader's (`scope_of(request.user)`, which the view has worked out already).
    `version` is `stamps.version(area_code)`, read by the view before anything the part shows
    (the programme, the area itself): see the module's docstring."""
    query = sorted(request.GET.lists())
    parts = [
        part,
        area_code or "TH",
        str(version),
        timezone.localdate().isoformat(),
        get_language() or "",
        "-" if scope.code is None else scope.code,
        request.user.role,
        repr(query),
    ]
    key = "dash:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    store = caches[CACHE]
    html = store.get(key)
    if html is None:
        html = str(render())
        store.set(key, html)
    return mark_safe(html)  # noqa: S308 - the page's own template output, escaped as it rendered
