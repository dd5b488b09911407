"""The seven headings of a lessons-learned write-up (ถอดบทเรียน), in the circular's order.

One ordered constant: the model's fields, the form, the page, the Excel import, the search index and
the booklet all read it. `thai` is the heading exactly as the circular spells it: the import matches
it, the index and the booklet print it. `label` is the same heading through the site's translations
(its Thai is the same words), for forms and pages in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Heading:
    key: str  # the model field
    thai: str
    label: _StrPromise


HEADINGS: tuple[Heading, ...] = (
    Heading("background", "ความเป็นมา", _("Background")),
    Heading("process", "กระบวนการและขั้นตอน", _("Process and steps")),
    Heading("results", "ผลลัพธ์", _("Results")),
    Heading("success_factors", "ปัจจัยความสำเร็จ", _("Success factors")),
    Heading("problems", "ปัญหาและอุปสรรค", _("Problems and obstacles")),
    Heading("solutions", "แนวทางแก้ไข", _("Solutions")),
    Heading("recommendations", "ข้อเสนอแนะ", _("Recommendations")),
)
KEYS: tuple[str, ...] = tuple(h.key for h in HEADINGS)
BY_THAI: dict[str, Heading] = {h.thai: h for h in HEADINGS}
BY_KEY: dict[str, Heading] = {h.key: h for h in HEADINGS}
MAX_SECTION_CHARS = 20_000  # about ten pages of the booklet for one heading
