from typing import Any

from django.http import HttpRequest

from phinong.reports.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The number of unread notifications, for the top bar."""
    return {"unread_notifications": unread_count(getattr(request, "user", None))}
