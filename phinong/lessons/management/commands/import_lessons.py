import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.lessons.importer import LAYOUT, ImportRefused, checksum_of, import_lessons
from phinong.register.management.commands._common import actor_and_programme, add_actor_arguments
from phinong.register.sheets import SheetError, read_sheet_with


class Command(BaseCommand):
    help = (
        "Import lessons learned from an .xlsx or .csv file with the columns รหัสตำบล, หัวข้อ and "
        "เนื้อหา. Each row sets one heading of a younger tambon's write-up (a second row for the "
        "same heading adds a paragraph). Nothing is written if any row is refused; a re-run of the "
        "same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        add_actor_arguments(parser)
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the write-ups the file names (province or department only)",
        )
        parser.add_argument("--json", action="store_true", help="print a summary for scripts")

    def handle(self, *args: Any, **options: Any) -> None:
        actor, programme = actor_and_programme(options)
        path: Path = options["file"]
        try:
            with path.open("rb") as stream:  # one byte past the limit is enough to refuse it
                data = stream.read(settings.PHINONG_IMPORT_MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            sheet = read_sheet_with(LAYOUT, data, path.name)
            result = import_lessons(
                actor=actor,
                programme=programme,
                sheet=sheet,
                publish=options["publish"],
                checksum=checksum_of(data),
                filename=path.name,
            )
        except (SheetError, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
        else:
            for problem in result.problems:
                self.stdout.write(problem.message())
            self.stdout.write(
                f"{result.rows:,} แถว {result.tambons:,} ตำบล: เพิ่ม {result.created:,} "
                f"แก้ไข {result.updated:,} ไม่เปลี่ยน {result.unchanged:,} "
                f"เผยแพร่ {result.published:,}"
            )
            if result.written:
                self.stdout.write(
                    "บันทึกแล้ว" if result.changed else "ไม่มีอะไรเปลี่ยนแปลง: ข้อมูลตรงกับไฟล์นี้แล้ว"
                )
        if result.problems:
            raise CommandError(
                f"ไม่ได้บันทึก เพราะมี {len(result.problems):,} แถวที่ถูกปฏิเสธ แก้ไขแล้วนำเข้าใหม่"
            )
