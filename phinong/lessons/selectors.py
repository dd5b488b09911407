"""Reads of lessons learned, inside the reader's area."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.http import Http404

from phinong.accounts.models import Role
from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.geo.models import Province, Tambon
from phinong.geo.selectors import tambon_for
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme

if TYPE_CHECKING:
    from phinong.accounts.models import User


def lesson_tambon_for(*, actor: User, programme: Programme, code: str) -> Tambon:
    """A younger (selected) tambon of the programme inside the actor's area; else 404."""
    tambon = tambon_for(actor=actor, code=code)
    if code not in programme_selectors.selected_codes(programme, code):
        raise Http404
    return tambon


def lesson_of(programme: Programme, tambon: Tambon) -> Lesson | None:
    """The tambon's write-up (the tambon was fetched in the reader's area), or None."""
    return (
        Lesson.objects.filter(programme=programme, tambon=tambon)
        .select_related("tambon__district__province", "author", "updated_by", "published_by")
        .first()
    )


def get_photo_for(*, actor: User, pk: int) -> LessonPhoto:
    photo = (
        LessonPhoto.objects.filter(scope_of(actor).q("lesson__tambon__code"), pk=pk)
        .select_related("lesson__tambon__district__province", "lesson__programme")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


def may_edit(actor: User, lesson: Lesson | None) -> bool:
    """Whether the actor's role may change this write-up (its area was checked by the lookup):
    a tambon leader only while it is a draft."""
    if not can(actor, Action.WRITE_LESSONS):
        return False
    return not (
        actor.role == Role.TAMBON and lesson is not None and lesson.status != LessonStatus.DRAFT
    )


def selected_in(programme: Programme, area_code: str) -> QuerySet:
    """The codes of the programme's younger (selected) tambons in an area, as a subquery."""
    field = "younger__code" if programme.is_paired else "tambon__code"
    return programme_selectors.selected_tambons(programme).filter(
        **{f"{field}__startswith": area_code}
    )


@dataclass(frozen=True)
class Row:
    tambon: Tambon
    lesson: Lesson | None
    photos: int

    @property
    def status(self) -> str:
        return self.lesson.status if self.lesson else ""


def rows_for(*, actor: User, programme: Programme, area_code: str) -> list[Row]:
    """Every younger tambon of the programme in the area (inside the actor's), with its write-up:
    three queries whatever the number of tambons."""
    if not scope_of(actor).covers(area_code):
        raise Http404
    codes = selected_in(programme, area_code)
    tambons = Tambon.objects.filter(code__in=codes).select_related("district__province")
    lessons = {
        lesson.tambon_id: lesson
        for lesson in Lesson.objects.filter(programme=programme, tambon_id__in=codes)
        .select_related("author")
        .annotate(photo_count=Count("photos"))
    }
    return [
        Row(t, lessons.get(t.code), getattr(lessons.get(t.code), "photo_count", 0))
        for t in sorted(tambons, key=lambda t: (t.district_id, t.name_th))
    ]


@dataclass(frozen=True)
class ProvinceRow:
    province: Province
    tambons: int
    drafts: int
    published: int


def provinces_for(*, actor: User, programme: Programme) -> list[ProvinceRow]:
    """The nation's view: per province, its younger tambons and their write-ups by status."""
    codes = selected_in(programme, scope_of(actor).code or "")
    per_province = Counter(code[:2] for code in codes)
    statuses: Counter[tuple[str, str]] = Counter()
    for tambon_id, status in Lesson.objects.filter(
        programme=programme, tambon_id__in=codes
    ).values_list("tambon_id", "status"):
        statuses[tambon_id[:2], status] += 1
    provinces = Province.objects.filter(code__in=per_province).order_by("name_th")
    return [
        ProvinceRow(
            p,
            per_province[p.code],
            statuses[p.code, LessonStatus.DRAFT],
            statuses[p.code, LessonStatus.PUBLISHED],
        )
        for p in provinces
    ]


def published_in(programme: Programme, area_code: str) -> QuerySet[Lesson]:
    """The published write-ups of an area (checked by the caller), for the booklet."""
    return (
        Lesson.objects.filter(
            programme=programme, status=LessonStatus.PUBLISHED, tambon__code__startswith=area_code
        )
        .select_related("tambon__district__province", "author")
        .prefetch_related("photos")
        .order_by("tambon__district_id", "tambon__name_th", "tambon_id")
    )
