from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.api.auth import revoke_tokens


class Command(BaseCommand):
    help = (
        "Revoke API tokens: all of a user's (--user), one by the prefix its owner's page shows "
        "(--prefix), or every token that no longer works (--unusable: expired, its owner's "
        "password changed, or its owner deactivated). Each revocation is in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="", help="Username whose tokens are revoked.")
        parser.add_argument("--prefix", default="", help="The token's first characters, phn_….")
        parser.add_argument("--unusable", action="store_true", help="Tokens that no longer work.")

    def handle(self, *args: Any, **options: Any) -> None:
        username, prefix = options["user"].strip(), options["prefix"].strip().rstrip("…")
        if not (username or prefix or options["unusable"]):
            raise CommandError("Say which tokens: --user USERNAME, --prefix PREFIX or --unusable.")
        if prefix and len(prefix) < 8:
            raise CommandError("--prefix needs the 8 characters the token page shows (phn_….).")
        count = revoke_tokens(username=username, prefix=prefix[:8], unusable=options["unusable"])
        if count == 0 and (username or prefix):
            raise CommandError("No token matches.")
        self.stdout.write(f"Revoked {count} token(s).")
