"""What the register's import and export commands share: the acting user and the programme."""

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from phinong.accounts.models import User
from phinong.programmes.models import Programme


def add_actor_arguments(parser: CommandParser) -> None:
    parser.add_argument("--programme", required=True, help="the programme's code, e.g. 198/2564")
    parser.add_argument(
        "--as",
        dest="username",
        required=True,
        help="the acting user: their area, role and quotas apply as in the web",
    )


def actor_and_programme(options: dict) -> tuple[User, Programme]:
    translation.activate("th")  # messages for officers are in Thai, as on the web
    user = User.objects.filter(username=options["username"], is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {options['username']!r}")
    programme = Programme.objects.filter(code=options["programme"]).first()
    if programme is None:
        raise CommandError(f"no programme with code {options['programme']!r}")
    return user, programme
