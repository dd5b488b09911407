from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from phinong.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real User."""

    user: "User"
