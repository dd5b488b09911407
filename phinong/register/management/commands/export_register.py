from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.register.exporter import export_register
from phinong.register.management.commands._common import actor_and_programme, add_actor_arguments


class Command(BaseCommand):
    help = (
        "Export the leaders of the acting user's area to .xlsx, in the layout import_register "
        "reads. National IDs are masked unless the user's role may see them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_actor_arguments(parser)
        parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        actor, programme = actor_and_programme(options)
        path: Path = options["output"]
        if path.suffix.lower() != ".xlsx":
            raise CommandError("the output file must end in .xlsx")
        try:
            with path.open("wb") as out:
                rows = export_register(actor=actor, programme=programme, out=out)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(f"ส่งออก {rows:,} แถว ไปที่ {path}")
