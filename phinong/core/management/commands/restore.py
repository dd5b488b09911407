from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.core.backups import restore


class Command(BaseCommand):
    help = (
        "Replace every record in the database with those in a backup made by `backup PATH`. "
        "All or nothing: if the backup can't be loaded, the database is left as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no backup at {path}")
        if options["interactive"]:
            answer = input(f"This replaces everything in the database with {path}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing changed")
        count = restore(path)
        self.stdout.write(f"restored {count:,} records from {path}")
