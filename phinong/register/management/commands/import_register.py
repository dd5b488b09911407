import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.register.importer import ImportRefused, checksum_of, import_register
from phinong.register.management.commands._common import actor_and_programme, add_actor_arguments
from phinong.register.sheets import SheetError, read_sheet


class Command(BaseCommand):
    help = (
        "Import the target-group register from an .xlsx or .csv file (UTF-8 or cp874). Every row is "
        "checked as in the web; nothing is written if any row is refused, unless --valid-only. "
        "Exits 0 when the file was read, whatever its rows said."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        add_actor_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="write the valid rows even if others are refused",
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
            sheet = read_sheet(data, path.name)
            result = import_register(
                actor=actor,
                programme=programme,
                sheet=sheet,
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
                checksum=checksum_of(data),
                filename=path.name,
                progress=None if options["json"] else self._progress,
            )
        except (SheetError, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
            return
        for problem in result.problems:
            self.stdout.write(
                f"แถว {problem.row} คอลัมน์ {problem.heading} ({sheet.letter(problem.column)}) "
                f"ค่า {problem.value!r}: {problem.reason}"
            )
        self.stdout.write(
            f"{result.rows:,} แถว: เพิ่ม {result.created:,} แก้ไข {result.updated:,} "
            f"ไม่เปลี่ยน {result.unchanged:,} ปฏิเสธ {result.rejected_rows:,}"
        )
        if result.written:
            self.stdout.write(
                f"บันทึกแล้ว (จับคู่ใหม่ {result.pairs_created:,} คู่)"
                if result.created or result.updated
                else "ไม่มีอะไรเปลี่ยนแปลง: ทะเบียนตรงกับไฟล์นี้แล้ว"
            )
        elif options["dry_run"]:
            self.stdout.write("ทดลองตรวจเท่านั้น (--dry-run): ยังไม่ได้บันทึก")
        else:
            self.stdout.write("ไม่ได้บันทึก เพราะมีแถวที่ถูกปฏิเสธ แก้ไขแล้วนำเข้าใหม่ หรือใช้ --valid-only")

    def _progress(self, done: int, total: int) -> None:
        if sys.stderr.isatty() or done == total:
            self.stderr.write(f"\rตรวจแล้ว {done:,}/{total:,} แถว", ending="")
            if done == total:
                self.stderr.write("")
