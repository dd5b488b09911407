from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.core.backups import EXCLUDED


class Command(BaseCommand):
    help = (
        "Write every record (geography, users, programmes, register, audit log) to PATH as JSON; "
        "PATH ending in .gz, .xz or .bz2 is compressed. Works the same on SQLite and PostgreSQL, "
        "so it also moves data between them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.parent.is_dir():
            raise CommandError(f"folder {path.parent} does not exist")
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            output=str(path),
            verbosity=0,
        )
        self.stdout.write(f"backup written to {path} ({path.stat().st_size:,} bytes)")
