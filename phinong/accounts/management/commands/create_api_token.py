from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.accounts.models import User
from phinong.api.auth import MAX_EXPIRY_DAYS, issue_token


class Command(BaseCommand):
    help = "Create a bearer token for /api/v1/ and print it once. It acts with the user's area and role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        expiry = parser.add_mutually_exclusive_group()
        expiry.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="Days until the token stops working "
            f"(default: PHINONG_API_TOKEN_DAYS, now {settings.API_TOKEN_DAYS}).",
        )
        expiry.add_argument(
            "--no-expiry", action="store_true", help="A token that does not expire."
        )
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        days = options["expires_days"]
        if days is not None and not 1 <= days <= MAX_EXPIRY_DAYS:
            raise CommandError(f"--expires-days must be between 1 and {MAX_EXPIRY_DAYS}.")
        if days is None and not options["no_expiry"]:
            days = settings.API_TOKEN_DAYS or None
        self.stdout.write(issue_token(user, name=options["name"], expires_in_days=days))
