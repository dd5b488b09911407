"""The booklet: the published lessons learned of a province or a district as one PDF.

A cover, a table of contents whose page numbers WeasyPrint fills in (target-counter, in Thai
digits), then one chapter per tambon: its seven headings and its photos with their captions. Every
number and date is printed in Thai digits and the Buddhist Era, in Sarabun, as an official Thai
document is. The template is Thai (templates/lessons/booklet.html), whatever the reader's language.

Resources: the Sarabun files and the photos are read by workshops.pdf.LocalOnlyFetcher, allowed
the font folder and MEDIA_ROOT only; a photo whose storage has no local path is embedded as a
data: URI. Each photo is printed from its print-size JPEG copy (lessons.photos.print_copy, made at
upload or at the first booklet, then kept), which WeasyPrint embeds as it is.

Speed (issue 10: 80 tambons, about 230 pages, under 10 s): the entry point is `render_booklet`.
WeasyPrint's time goes into laying out and drawing Thai text line by line; the stylesheet is kept
plain (one text face per weight, no floats or tables, no per-page content but the page number and
the running chapter title) and the photos are small.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML  # type: ignore[import-untyped]

from phinong.geo.models import Area, District
from phinong.lessons.headings import HEADINGS
from phinong.lessons.models import Lesson, LessonPhoto
from phinong.lessons.photos import print_copy
from phinong.lib.thai import to_thai_digits
from phinong.programmes.models import Programme
from phinong.workshops.pdf import FONT_DIR, LocalOnlyFetcher, _font_config, official_date

TEMPLATE = "lessons/booklet.html"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Photo:
    src: str
    caption: str


@dataclass(frozen=True)
class Chapter:
    anchor: str
    number: str
    tambon: str
    district: str
    province: str
    sections: list[Section]
    photos: list[Photo]
    published_on: str


def _photo_src(photo: LessonPhoto) -> str | None:
    """The print-size copy (lessons.photos.print_copy) as a file: URL, or a data: URI when the
    storage keeps no local files; None when the photo cannot be read."""
    name = print_copy(photo)
    if name is None:
        return None
    storage = photo.image.storage
    try:
        return Path(storage.path(name)).resolve().as_uri()
    except NotImplementedError:  # a storage without local files
        pass
    try:
        with storage.open(name, "rb") as file:
            data = file.read()
    except OSError:
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode()


def chapters_of(lessons: Sequence[Lesson]) -> list[Chapter]:
    """Needs tambon__district__province and the photos prefetched (selectors.published_in)."""
    chapters = []
    for number, lesson in enumerate(lessons, start=1):
        tambon = lesson.tambon
        sections = [
            Section(h.thai, [to_thai_digits(p) for p in text.split("\n\n") if p.strip()])
            for h in HEADINGS
            if (text := getattr(lesson, h.key).strip())
        ]
        photos = [
            Photo(src, to_thai_digits(p.caption))
            for p in lesson.photos.all()
            if (src := _photo_src(p)) is not None
        ]
        published = timezone.localtime(lesson.published_at).date() if lesson.published_at else None
        chapters.append(
            Chapter(
                anchor=f"t{tambon.code}",
                number=to_thai_digits(str(number)),
                tambon=tambon.name_th,
                district=tambon.district.name_th,
                province=tambon.district.province.name_th,
                sections=sections,
                photos=photos,
                published_on=official_date(published) if published else "",
            )
        )
    return chapters


def area_title(area: Area) -> str:
    if isinstance(area, District):
        return f"อำเภอ{area.name_th} จังหวัด{area.province.name_th}"
    return f"จังหวัด{area.name_th}"


def render_html(
    *, programme: Programme, area: Area, lessons: Sequence[Lesson], today: dt.date | None = None
) -> str:
    chapters = chapters_of(lessons)
    return render_to_string(
        TEMPLATE,
        {
            "programme": to_thai_digits(programme.name),
            "programme_code": to_thai_digits(programme.code),
            "area": area_title(area),
            "chapters": chapters,
            "count": to_thai_digits(str(len(chapters))),
            "date": official_date(today or timezone.localdate()),
        },
    )


def render_pdf(
    *, programme: Programme, area: Area, lessons: Sequence[Lesson], today: dt.date | None = None
) -> bytes:
    if not lessons:
        raise ValueError("no published lessons to print")
    html = HTML(
        string=render_html(programme=programme, area=area, lessons=lessons, today=today),
        base_url=FONT_DIR.as_uri() + "/",
        url_fetcher=LocalOnlyFetcher(roots=(FONT_DIR, Path(settings.MEDIA_ROOT))),
    )
    pdf: bytes = html.write_pdf(font_config=_font_config())
    return pdf


class NothingPublished(ValueError):
    """The area has no published write-up in the programme: there is no booklet to print."""


def render_booklet(*, programme: Programme, area: Area, today: dt.date | None = None) -> bytes:
    """The booklet of an area (a province or a district) as PDF bytes: the entry point for the web
    view and for a background job. The caller has checked that the user may read `area`."""
    from phinong.lessons.selectors import published_in

    lessons = list(published_in(programme, area.code))
    if not lessons:
        raise NothingPublished(area.code)
    return render_pdf(programme=programme, area=area, lessons=lessons, today=today)
