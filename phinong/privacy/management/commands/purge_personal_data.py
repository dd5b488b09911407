from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from phinong.accounts.models import User
from phinong.lib.dates import parse_date
from phinong.privacy import erasure
from phinong.privacy.rules import is_data_controller
from phinong.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Erase the personal data of a programme's people registered before a date: names, "
        "national IDs, phones, birth dates and villages are anonymised everywhere, and the "
        "people stay counted in the figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--programme", required=True, help="the programme's code, e.g. 198/2564"
        )
        parser.add_argument(
            "--before",
            required=True,
            help="people registered before this date: 2024-10-01 or 1/10/2567 (B.E.)",
        )
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="a department administrator to name in the history (default: the system)",
        )
        parser.add_argument("--reason", default="", help="kept in the history")
        parser.add_argument(
            "--dry-run", action="store_true", help="count the people, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("th")
        programme = Programme.objects.filter(code=options["programme"]).first()
        if programme is None:
            raise CommandError(f"no programme with code {options['programme']!r}")
        try:
            before = parse_date(options["before"])
        except ValueError as exc:
            raise CommandError(f"--before: not a date: {options['before']!r}") from exc
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None or not is_data_controller(actor):
                raise CommandError(f"{options['username']!r} is not an active department admin")
        count = erasure.members_to_purge(programme=programme, before=before).count()
        if options["dry_run"]:
            self.stdout.write(f"would erase {count} people of {programme.code}")
            return
        reason = options["reason"].strip() or _(
            "The retention period of the programme's personal data ended."
        )
        done = erasure.purge_programme(
            actor=actor, programme=programme, before=before, reason=reason
        )
        self.stdout.write(f"erased {done} people of {programme.code}")
