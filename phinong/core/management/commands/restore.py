from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from phinong.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace every record in the database, and every uploaded file in MEDIA_ROOT, with those "
        "in a backup made by `backup PATH`. All or nothing: if the backup can't be loaded, the "
        "database and the files are left as they were. A records-only backup (plain JSON, as "
        "written by older versions) restores the records and leaves the files alone."
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
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="the database to restore into (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"no backup at {path}")
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database and the uploaded files with {path}. "
                "Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing changed")
        try:
            summary = restore(path, using=options["database"])
        except BackupError as exc:
            raise CommandError(f"{exc}; nothing changed") from exc
        if summary.files is None:
            self.stdout.write(
                f"restored {summary.records:,} records from {path} (a records-only backup: "
                "the files in MEDIA_ROOT were left as they are)"
            )
        else:
            self.stdout.write(
                f"restored {summary.records:,} records and {summary.files:,} files from {path}"
            )
