"""Lessons learned from a sheet (.xlsx or .csv): the command import_lessons and the web upload.

Columns: รหัสตำบล (a younger tambon's DOPA code), หัวข้อ (one of the seven headings, exactly) and
เนื้อหา (the text). The rows for one tambon and heading *set* that heading, one paragraph per row
in the file's order; a paragraph written twice is kept once. Headings the file does not name stay
as they are. So a re-run of the same file changes nothing, and a corrected file replaces what it
names.

All or nothing: every row is checked first (tambon in the actor's area and in the programme, the
heading, the text), and if any row is refused nothing is written; each refusal names its row and
column. The file is read by the register's safe reader (register.sheets.read_sheet_with).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.audit.services import record
from phinong.core.formatting import num
from phinong.geo.models import Tambon
from phinong.lessons import services
from phinong.lessons.headings import BY_THAI, HEADINGS, MAX_SECTION_CHARS
from phinong.lessons.models import Lesson, LessonStatus
from phinong.lessons.selectors import may_edit, selected_in
from phinong.lib.thai import clean_text, digits_only
from phinong.programmes.models import Programme
from phinong.register.columns import heading_key
from phinong.register.sheets import Layout, Sheet

if TYPE_CHECKING:
    from phinong.accounts.models import User

COLUMNS: dict[str, tuple[str, ...]] = {  # key: the Thai heading first, then what offices also write
    "tambon": ("รหัสตำบล", "รหัสตำบล(DOPA)", "รหัส", "tambon code", "tambon", "dopa code"),
    "heading": ("หัวข้อ", "หัวข้อบทเรียน", "heading", "topic"),
    "text": ("เนื้อหา", "รายละเอียด", "text", "content"),
}
THAI = {key: names[0] for key, names in COLUMNS.items()}
_LOOKUP = {heading_key(name): key for key, names in COLUMNS.items() for name in names}


def _match_header(cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _LOOKUP.get(heading_key(cell))
        if key and key not in found:
            found[key] = index
    return found


LAYOUT = Layout(_match_header, lambda found: all(k in found for k in COLUMNS), THAI)


class ImportRefused(Exception):
    """The actor may not import lessons at all (or not publish them). str() is Thai."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # a key of COLUMNS
    letter: str
    value: str
    reason: str

    @property
    def heading(self) -> str:
        return THAI[self.column]

    def message(self) -> str:
        return _("Row %(row)s, column %(column)s (%(letter)s): %(reason)s") % {
            "row": num(self.row),
            "column": self.heading,
            "letter": self.letter,
            "reason": self.reason,
        }


@dataclass
class Result:
    rows: int
    problems: list[Problem] = field(default_factory=list)
    tambons: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    written: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.published)

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "tambons": self.tambons,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "published": self.published,
            "written": self.written,
            "problems": [
                {"row": p.row, "column": p.heading, "letter": p.letter, "reason": p.reason}
                for p in self.problems
            ],
        }


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_may_import(actor: User, *, publish: bool) -> None:
    if not can(actor, Action.WRITE_LESSONS):
        raise ImportRefused(_("Your role may not write lessons learned."))
    if publish and not can(actor, Action.PUBLISH_LESSONS):
        raise ImportRefused(_("Only the province or the department may publish lessons learned."))


Plan = dict[str, dict[str, list[str]]]  # tambon code: {heading key: paragraphs, in order}


def plan(*, actor: User, programme: Programme, sheet: Sheet) -> tuple[Plan, list[Problem]]:
    """What the file sets, and every row refused. Reads the database in three queries."""
    scope = scope_of(actor)
    selected = set(selected_in(programme, scope.code or "")) if scope.code is not None else set()
    lessons = {
        lesson.tambon_id: lesson
        for lesson in Lesson.objects.filter(programme=programme, tambon_id__in=selected)
    }
    names = dict(Tambon.objects.filter(code__in=selected).values_list("code", "name_th"))
    problems: list[Problem] = []
    found: Plan = defaultdict(lambda: defaultdict(list))
    first_row: dict[tuple[str, str], int] = {}

    def refuse(row: int, column: str, value: object, reason: str) -> None:
        problems.append(Problem(row, column, sheet.letter(column), str(value), reason))

    for number, cells in sheet.rows:
        raw_code, raw_heading, raw_text = (
            str(cells.get(k, "")) for k in ("tambon", "heading", "text")
        )
        ok = True
        code = digits_only(raw_code)
        if not code:
            refuse(number, "tambon", raw_code, _("The tambon code is missing."))
            ok = False
        elif len(code) != 6 or not code.isdigit():
            refuse(number, "tambon", raw_code, _("Write the tambon's 6-digit DOPA code."))
            ok = False
        elif code not in selected:
            refuse(
                number,
                "tambon",
                raw_code,
                _("Tambon %(code)s is not a younger tambon of this programme in your area.")
                % {"code": code},
            )
            ok = False
        elif not may_edit(actor, lessons.get(code)):
            refuse(
                number,
                "tambon",
                raw_code,
                _(
                    "The lessons learned of tambon %(name)s are published: only the province may "
                    "change them now."
                )
                % {"name": names.get(code, code)},
            )
            ok = False
        heading = BY_THAI.get(clean_text(raw_heading))
        if heading is None:
            refuse(
                number,
                "heading",
                raw_heading,
                _("The heading must be one of: %(headings)s.")
                % {"headings": ", ".join(h.thai for h in HEADINGS)},
            )
            ok = False
        text = services.clean_section(raw_text)
        if not text:
            refuse(number, "text", raw_text, _("The text is empty."))
            ok = False
        if ok and heading is not None:
            paragraphs = found[code][heading.key]
            first_row.setdefault((code, heading.key), number)
            for paragraph in services.paragraphs(text):
                if paragraph not in paragraphs:
                    paragraphs.append(paragraph)
    for (code, key), number in first_row.items():
        length = len("\n\n".join(found[code][key]))
        if length > MAX_SECTION_CHARS:
            refuse(
                number,
                "text",
                "",
                _("Each heading holds %(n)s characters at most, and this one has %(count)s.")
                % {"n": num(MAX_SECTION_CHARS), "count": num(length)},
            )
    problems.sort(key=lambda p: (p.row, list(COLUMNS).index(p.column)))
    return {code: dict(keys) for code, keys in found.items()}, problems


@transaction.atomic
def import_lessons(
    *,
    actor: User,
    programme: Programme,
    sheet: Sheet,
    publish: bool = False,
    checksum: str = "",
    filename: str = "",
) -> Result:
    """Check every row; if none is refused, write them all (and publish them, if asked)."""
    check_may_import(actor, publish=publish)
    planned, problems = plan(actor=actor, programme=programme, sheet=sheet)
    result = Result(rows=len(sheet.rows), problems=problems, tambons=len(planned))
    if problems:
        return result
    tambons = Tambon.objects.in_bulk(list(planned))
    for code in sorted(planned):
        values = {key: "\n\n".join(paragraphs) for key, paragraphs in planned[code].items()}
        lesson = (
            Lesson.objects.select_for_update().filter(programme=programme, tambon_id=code).first()
        )
        before = lesson.version if lesson else 0
        lesson = services.save_lesson(
            actor=actor,
            programme=programme,
            tambon=tambons[code],
            expected_version=before,
            values=values,
            via_import=True,
        )
        if before == 0:
            result.created += 1
        elif lesson.version != before:
            result.updated += 1
        else:
            result.unchanged += 1
        if publish and lesson.status != LessonStatus.PUBLISHED:
            services.publish(actor=actor, lesson=lesson, expected_version=lesson.version)
            result.published += 1
    result.written = True
    if result.changed:
        record(
            actor=actor,
            action="lessons.import",
            obj=programme,
            area_code=scope_of(actor).code or "",
            changes={
                "file": filename[:200],
                "sha256": checksum,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result
