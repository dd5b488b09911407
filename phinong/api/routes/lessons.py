"""Lessons learned (ถอดบทเรียน): one write-up per younger tambon and programme, under seven headings.

As on the web (lessons.views), everything goes through lessons.services: a district (or a province,
or the tambon leader while it is a draft) writes the headings; the province publishes a write-up or
takes it back to a draft; the writer may delete it. Every change sends `If-Match` with the ETag
read. Photos are listed and added (multipart), with the same checks as the web (lessons.photos);
a photo's caption is changed, or the photo removed, with `If-Match` and the photo's own ETag.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import get_in_scope, scoped
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.listing import (
    TAMBON_PATTERN,
    AreaFilter,
    Id,
    Page,
    actor_of,
    in_area,
    stale_is_412,
)
from phinong.core.errors import ConflictError
from phinong.lessons import selectors as lesson_selectors
from phinong.lessons import services as lesson_services
from phinong.lessons.headings import KEYS, MAX_SECTION_CHARS
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.programmes import selectors as programme_selectors

router = Router(tags=["lessons learned"])

Section = str | None


class LessonSummaryOut(Schema):
    id: int
    programme: int
    tambon: str
    status: str
    written: list[str] = Field(..., description="the headings that have text, in their order")
    photos: int
    version: int
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_programme(obj: Lesson) -> int:
        return obj.programme_id

    @staticmethod
    def resolve_tambon(obj: Lesson) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_written(obj: Lesson) -> list[str]:
        return [key for key in KEYS if getattr(obj, key)]

    @staticmethod
    def resolve_photos(obj: Lesson) -> int:
        count = getattr(obj, "photo_count", None)
        return obj.photos.count() if count is None else int(count)


class LessonOut(LessonSummaryOut):
    background: str
    process: str
    results: str
    success_factors: str
    problems: str
    solutions: str
    recommendations: str


class HeadingsIn(Schema):
    """The headings to write; a heading left out stays as it is."""

    background: Section = Field(None, max_length=MAX_SECTION_CHARS)
    process: Section = Field(None, max_length=MAX_SECTION_CHARS)
    results: Section = Field(None, max_length=MAX_SECTION_CHARS)
    success_factors: Section = Field(None, max_length=MAX_SECTION_CHARS)
    problems: Section = Field(None, max_length=MAX_SECTION_CHARS)
    solutions: Section = Field(None, max_length=MAX_SECTION_CHARS)
    recommendations: Section = Field(None, max_length=MAX_SECTION_CHARS)

    def values(self) -> dict[str, str]:
        return {key: value for key in KEYS if (value := getattr(self, key)) is not None}


class NewLessonIn(HeadingsIn):
    tambon: str = Field(
        ...,
        pattern=TAMBON_PATTERN,
        description="the younger tambon's DOPA code",
        examples=["420102"],
    )


class UnpublishIn(Schema):
    reason: str = Field("", max_length=1000, description="why it goes back to a draft")


class LessonFilters(Schema):
    area: AreaFilter = None
    status: LessonStatus | None = None


class PhotoOut(Schema):
    id: int
    lesson: int
    caption: str
    content_type: str
    width: int
    height: int
    size: int
    uploaded_at: dt.datetime
    version: int
    url: str = Field(..., description="the image, for a signed-in web session")

    @staticmethod
    def resolve_lesson(obj: LessonPhoto) -> int:
        return obj.lesson_id

    @staticmethod
    def resolve_url(obj: LessonPhoto) -> str:
        return reverse("lessons:photo", args=(obj.pk,))


class PhotoIn(Schema):
    caption: str = Field("", max_length=lesson_services.MAX_CAPTION)


class CaptionIn(Schema):
    caption: str = Field(
        ..., max_length=lesson_services.MAX_CAPTION, description="the new caption (may be empty)"
    )


def _lessons() -> QuerySet[Lesson]:
    return Lesson.objects.select_related("tambon", "programme")


def _lesson_for(actor: Any, lesson_id: int) -> Lesson:
    """A write-up inside the actor's area, of a programme they see; else 404."""
    found = get_in_scope(_lessons(), actor=actor, path="tambon__code", pk=lesson_id)
    programme_selectors.get_programme_for(actor=actor, pk=found.programme_id)
    return found


def _writable(request: HttpRequest, lesson_id: int) -> Lesson:
    """The write-up (404), which the actor's role may change (403), as last read (428/412)."""
    actor = actor_of(request)
    found = _lesson_for(actor, lesson_id)
    if not lesson_selectors.may_edit(actor, found):
        raise PermissionDenied
    require_match(request, found)
    return found


def _photo_for(actor: Any, photo_id: int) -> LessonPhoto:
    """A photo of a write-up inside the actor's area, of a programme they see; else 404."""
    found = lesson_selectors.get_photo_for(actor=actor, pk=photo_id)
    programme_selectors.get_programme_for(actor=actor, pk=found.lesson.programme_id)
    return found


def _writable_photo(request: HttpRequest, photo_id: int) -> LessonPhoto:
    """The photo (404), whose write-up the actor's role may change (403), as last read (428/412)."""
    actor = actor_of(request)
    found = _photo_for(actor, photo_id)
    if not lesson_selectors.may_edit(actor, found.lesson):
        raise PermissionDenied
    require_match(request, found)
    return found


def _answer(actor: Any, lesson_id: int, response: HttpResponse) -> Lesson:
    saved = _lesson_for(actor, lesson_id)
    response["ETag"] = etag_of(saved)
    return saved


@router.get(
    "/programmes/{programme_id}/lessons", response={200: list[LessonSummaryOut], **READ_ERRORS}
)
@paginate(Page)
def lessons(request: HttpRequest, programme_id: Id, filters: Query[LessonFilters]) -> Any:
    """The write-ups of a programme in your area, by tambon; `?area=` and `?status=` narrow it."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = scoped(Lesson.objects.all(), actor=actor, path="tambon__code").filter(
        in_area(actor, filters.area, "tambon__code"), programme=programme
    )
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return rows.annotate(photo_count=Count("photos")).order_by("tambon_id", "pk")


@router.get("/lessons/{lesson_id}", response={200: LessonOut, **READ_ERRORS})
def lesson(request: HttpRequest, lesson_id: Id, response: HttpResponse) -> Lesson:
    found = _lesson_for(actor_of(request), lesson_id)
    response["ETag"] = etag_of(found)
    return found


@router.post("/programmes/{programme_id}/lessons", response={201: LessonOut, **WRITE_ERRORS})
def create_lesson(request: HttpRequest, programme_id: Id, payload: NewLessonIn) -> Status[Any]:
    """Start a younger tambon's write-up with the headings given; then change it with PUT."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    place = lesson_selectors.lesson_tambon_for(
        actor=actor, programme=programme, code=payload.tambon
    )
    require(actor, Action.WRITE_LESSONS)
    try:
        saved = lesson_services.save_lesson(
            actor=actor,
            programme=programme,
            tambon=place,
            expected_version=0,
            values=payload.values(),
        )
    except ConflictError as exc:
        raise ValidationError(
            {"tambon": _("This tambon already has lessons learned in this programme: update them.")}
        ) from exc
    return Status(201, _lesson_for(actor, saved.pk))


@router.put(
    "/lessons/{lesson_id}", response={200: LessonOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_lesson(
    request: HttpRequest, lesson_id: Id, payload: HeadingsIn, response: HttpResponse
) -> Lesson:
    """Write the headings given (the others stay); send `If-Match` with the ETag you read."""
    actor = actor_of(request)
    found = _writable(request, lesson_id)
    with stale_is_412():
        lesson_services.save_lesson(
            actor=actor,
            programme=found.programme,
            tambon=found.tambon,
            expected_version=found.version,
            values=payload.values(),
        )
    return _answer(actor, found.pk, response)


@router.post(
    "/lessons/{lesson_id}/publish",
    response={200: LessonOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def publish(request: HttpRequest, lesson_id: Id, response: HttpResponse) -> Lesson:
    """The province publishes a write-up (into the booklet; its tambon leader may no longer
    change it). Send `If-Match`."""
    actor = actor_of(request)
    found = _lesson_for(actor, lesson_id)
    require(actor, Action.PUBLISH_LESSONS)
    require_match(request, found)
    with stale_is_412():
        lesson_services.publish(actor=actor, lesson=found, expected_version=found.version)
    return _answer(actor, found.pk, response)


@router.post(
    "/lessons/{lesson_id}/unpublish",
    response={200: LessonOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def unpublish(
    request: HttpRequest, lesson_id: Id, payload: UnpublishIn, response: HttpResponse
) -> Lesson:
    """The province takes a published write-up back to a draft, for correction. Send `If-Match`."""
    actor = actor_of(request)
    found = _lesson_for(actor, lesson_id)
    require(actor, Action.PUBLISH_LESSONS)
    require_match(request, found)
    with stale_is_412():
        lesson_services.unpublish(
            actor=actor, lesson=found, expected_version=found.version, reason=payload.reason
        )
    return _answer(actor, found.pk, response)


@router.delete(
    "/lessons/{lesson_id}", response={204: None, **WRITE_ERRORS}, openapi_extra=if_match()
)
def delete_lesson(request: HttpRequest, lesson_id: Id) -> Status[None]:
    """Delete a write-up with its photos; send `If-Match` with the ETag you read."""
    found = _writable(request, lesson_id)
    with stale_is_412():
        lesson_services.delete_lesson(
            actor=actor_of(request), lesson=found, expected_version=found.version
        )
    return Status(204, None)


@router.get("/lessons/{lesson_id}/photos", response={200: list[PhotoOut], **READ_ERRORS})
@paginate(Page)
def photos(request: HttpRequest, lesson_id: Id) -> QuerySet[LessonPhoto]:
    found = _lesson_for(actor_of(request), lesson_id)
    return found.photos.order_by("uploaded_at", "pk")


@router.post("/lessons/{lesson_id}/photos", response={201: PhotoOut, **WRITE_ERRORS})
def add_photo(
    request: HttpRequest,
    lesson_id: Id,
    payload: Form[PhotoIn],
    image: File[UploadedFile | None] = None,
) -> Status[LessonPhoto]:
    """Add a photo (multipart: `image`, a JPEG or PNG, and an optional `caption`). Its location and
    camera details are removed, and it is stored as a re-encoding of its pixels."""
    actor = actor_of(request)
    found = _lesson_for(actor, lesson_id)
    if not lesson_selectors.may_edit(actor, found):
        raise PermissionDenied
    if image is None:
        raise ValidationError({"image": _("Choose a file.")})
    photo = lesson_services.add_photo(
        actor=actor, lesson=found, upload=image, caption=payload.caption
    )
    return Status(201, photo)


@router.get("/lessons/photos/{photo_id}", response={200: PhotoOut, **READ_ERRORS})
def photo(request: HttpRequest, photo_id: Id, response: HttpResponse) -> LessonPhoto:
    """One photo, with the ETag that its caption change or removal sends as `If-Match`."""
    found = _photo_for(actor_of(request), photo_id)
    response["ETag"] = etag_of(found)
    return found


@router.put(
    "/lessons/photos/{photo_id}", response={200: PhotoOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_photo(
    request: HttpRequest, photo_id: Id, payload: CaptionIn, response: HttpResponse
) -> LessonPhoto:
    """Change a photo's caption; send `If-Match` with the photo's ETag you read."""
    actor = actor_of(request)
    found = _writable_photo(request, photo_id)
    with stale_is_412():
        saved = lesson_services.set_caption(
            actor=actor, photo=found, caption=payload.caption, expected_version=found.version
        )
    response["ETag"] = etag_of(saved)
    return saved


@router.delete(
    "/lessons/photos/{photo_id}", response={204: None, **WRITE_ERRORS}, openapi_extra=if_match()
)
def delete_photo(request: HttpRequest, photo_id: Id) -> Status[None]:
    """Remove a photo; send `If-Match` with the photo's ETag you read."""
    found = _writable_photo(request, photo_id)
    with stale_is_412():
        lesson_services.remove_photo(
            actor=actor_of(request), photo=found, expected_version=found.version
        )
    return Status(204, None)
