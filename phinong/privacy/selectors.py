from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from phinong.privacy.models import AccessEvent
from phinong.privacy.rules import require_data_controller

if TYPE_CHECKING:
    from phinong.accounts.models import User


def access_log_for(
    *,
    actor: User,
    username: str = "",
    kind: str = "",
    area_code: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AccessEvent]:
    """The access log, newest first, filtered; only the department's administrators read it."""
    require_data_controller(actor)
    rows = AccessEvent.objects.all()
    if username:
        rows = rows.filter(username=username)
    if kind:
        rows = rows.filter(kind=kind)
    if area_code:
        rows = rows.filter(area_code__startswith=area_code)
    if since:
        rows = rows.filter(at__date__gte=since)
    if until:
        rows = rows.filter(at__date__lte=until)
    return rows.order_by("-at", "-id")
