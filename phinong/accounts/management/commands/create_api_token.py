from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.accounts.models import User
from phinong.api.auth import issue_token


class Command(BaseCommand):
    help = "Create a bearer token for /api/v1/ and print it once. It acts with the user's area and role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        self.stdout.write(issue_token(user))
