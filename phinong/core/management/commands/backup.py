from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from phinong.core.backups import COMPRESSION, backup


class Command(BaseCommand):
    help = (
        "Write every record (geography, users, programmes, register, audit log) and every uploaded "
        "file (evidence, emblems, photos) to one archive at PATH, mode 0600; PATH ending in .gz, "
        ".tgz, .xz or .bz2 is compressed. Safe while the app runs. Works the same on SQLite and "
        "PostgreSQL, so it also moves data between them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="the database to back up (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.parent.is_dir():
            raise CommandError(f"folder {path.parent} does not exist")
        if ".json" in path.suffixes:
            self.stderr.write(
                f"note: {path.name} will be a tar archive (records and files) whatever its name; "
                f"name it .tar{'.gz' if path.suffix in COMPRESSION else ''} to say so"
            )
        summary = backup(path, using=options["database"])
        self.stdout.write(
            f"backup written to {path}: {summary.records:,} records and {summary.files:,} files "
            f"({summary.file_bytes:,} bytes of files; {path.stat().st_size:,} bytes in all)"
        )
        if summary.missing:
            shown = ", ".join(summary.missing[:5])
            self.stderr.write(
                f"warning: {len(summary.missing):,} files that records name are not in "
                f"MEDIA_ROOT, so they are not in the backup either: {shown}"
            )
        if summary.vanished:
            self.stderr.write(
                f"note: {len(summary.vanished):,} files were deleted while the backup ran: "
                + ", ".join(summary.vanished[:5])
            )
