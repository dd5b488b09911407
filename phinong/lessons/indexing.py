"""Lessons learned in the search index (phinong.search.index): one entry per heading with text.

Every write-up is indexed, draft or published: search is scoped to the reader's area like the
lesson pages, so a draft is found by exactly the people who may open it. The services call `sync`
inside the transaction of every write, and `register` names the source that rebuild_search_index
replays.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from phinong.lessons.headings import HEADINGS
from phinong.lessons.models import Lesson
from phinong.search import index

KIND = "lesson"


def place(lesson: Lesson) -> str:
    """'ตำบลเมือง อำเภอเมืองเลย จังหวัดเลย': needs tambon__district__province."""
    tambon = lesson.tambon
    district = tambon.district
    return f"ตำบล{tambon.name_th} อำเภอ{district.name_th} จังหวัด{district.province.name_th}"


def entries_of(lesson: Lesson) -> list[index.Entry]:
    url = reverse("lessons:tambon", args=(lesson.programme_id, lesson.tambon_id))
    title = place(lesson)
    return [
        index.Entry(heading=h.thai, title=title, text=text, url=url)
        for h in HEADINGS
        if (text := getattr(lesson, h.key).strip())
    ]


def sync(lesson: Lesson) -> None:
    """Make the index hold this write-up as it is now (call it inside the write's transaction)."""
    index.replace_documents(
        kind=KIND,
        key=str(lesson.pk),
        programme_id=lesson.programme_id,
        area_code=lesson.tambon_id,
        entries=entries_of(lesson),
    )


def unindex(lesson_pk: int) -> None:
    index.remove_documents(kind=KIND, key=str(lesson_pk))


def documents() -> Iterator[tuple[str, int | None, str, list[index.Entry]]]:
    lessons = Lesson.objects.select_related("tambon__district__province").order_by("pk")
    for lesson in lessons.iterator(chunk_size=500):
        yield str(lesson.pk), lesson.programme_id, lesson.tambon_id, entries_of(lesson)


def register() -> None:
    index.register_source(KIND, documents)
