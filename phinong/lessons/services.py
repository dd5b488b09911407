"""Writes of lessons learned: the text under the seven headings, publishing, photos.

Every write is atomic, checked against the actor's area and role, audited, and keeps the search
index in step in the same transaction (lessons.indexing.sync). The text is versioned against lost
updates like reports: a save names the version it was read at.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import diff, record
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.core.signals import area_changed
from phinong.geo.models import Tambon
from phinong.lessons import indexing, photos
from phinong.lessons.headings import KEYS, MAX_SECTION_CHARS
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.lessons.selectors import may_edit
from phinong.lib.thai import clean_text
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme

if TYPE_CHECKING:
    from phinong.accounts.models import User

MAX_CAPTION = 300
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_section(text: str) -> str:
    """A heading's text as stored: NFC, each line's spaces folded, paragraphs one blank line apart."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [
        "\n".join(clean_text(line) for line in part.split("\n") if clean_text(line))
        for part in _BLANK_LINES.split(text)
    ]
    return "\n\n".join(p for p in paragraphs if p)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p]


def _check_writer(actor: User, programme: Programme, tambon: Tambon, lesson: Lesson | None) -> None:
    require_in_scope(actor=actor, area_code=tambon.code)
    require(actor, Action.WRITE_LESSONS)
    if tambon.code not in programme_selectors.selected_codes(programme, tambon.code):
        raise ValidationError(_("This tambon is not a younger tambon of the programme."))
    if not may_edit(actor, lesson):
        raise PermissionDenied


def _checked_values(values: Mapping[str, str]) -> dict[str, str]:
    cleaned = {key: clean_section(values[key]) for key in KEYS if key in values}
    errors = {
        key: _("Each heading holds %(n)s characters at most, and this one has %(count)s.")
        % {"n": num(MAX_SECTION_CHARS), "count": num(len(text))}
        for key, text in cleaned.items()
        if len(text) > MAX_SECTION_CHARS
    }
    if errors:
        raise ValidationError(errors)
    return cleaned


def _lock(programme: Programme, tambon: Tambon) -> Lesson | None:
    return (
        Lesson.objects.select_for_update()
        .filter(programme=programme, tambon=tambon)
        .select_related("tambon__district__province")
        .first()
    )


@transaction.atomic
def save_lesson(
    *,
    actor: User,
    programme: Programme,
    tambon: Tambon,
    expected_version: int,
    values: Mapping[str, str],
    via_import: bool = False,
) -> Lesson:
    """Write the headings given in `values` (the others stay as they are).

    `expected_version` is the version the user read (0: they saw no write-up yet); if someone saved
    in between, nothing is written and ConflictError carries the current write-up.
    """
    lesson = _lock(programme, tambon)
    _check_writer(actor, programme, tambon, lesson)
    cleaned = _checked_values(values)
    if lesson is not None and lesson.version != expected_version:
        raise ConflictError(lesson)
    if lesson is None:
        if expected_version != 0:
            raise ConflictError(None)
        lesson = Lesson.objects.create(
            programme=programme, tambon=tambon, author=actor, updated_by=actor, **cleaned
        )
        lesson = Lesson.objects.select_related("tambon__district__province").get(pk=lesson.pk)
        record(
            actor=actor,
            action="lesson.import" if via_import else "lesson.create",
            obj=lesson,
            area_code=tambon.code,
            changes={k: ["", v] for k, v in cleaned.items() if v},
        )
        indexing.sync(lesson)
        return lesson
    changes = diff({k: getattr(lesson, k) for k in cleaned}, cleaned)
    if not changes:
        return lesson
    Lesson.objects.filter(pk=lesson.pk).update(
        **{k: cleaned[k] for k in changes},
        updated_by=actor,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    lesson.refresh_from_db()
    area_changed.send(Lesson, area_codes=[lesson.tambon_id])  # its checklist step
    record(
        actor=actor,
        action="lesson.import" if via_import else "lesson.update",
        obj=lesson,
        area_code=tambon.code,
        changes=changes,
    )
    indexing.sync(lesson)
    return lesson


def _check_publisher(actor: User, lesson: Lesson, expected_version: int) -> None:
    require_in_scope(actor=actor, area_code=lesson.tambon_id)
    require(actor, Action.PUBLISH_LESSONS)
    if lesson.version != expected_version:
        raise ConflictError(lesson)


@transaction.atomic
def publish(*, actor: User, lesson: Lesson, expected_version: int) -> Lesson:
    """The province publishes a write-up: it goes into the booklet, and its tambon leader may no
    longer change it."""
    lesson = (
        Lesson.objects.select_for_update()
        .select_related("tambon__district__province")
        .get(pk=lesson.pk)
    )
    _check_publisher(actor, lesson, expected_version)
    if lesson.status == LessonStatus.PUBLISHED:
        return lesson
    if not any(getattr(lesson, key).strip() for key in KEYS):
        raise ValidationError(
            _("An empty write-up cannot be published: write at least one heading.")
        )
    Lesson.objects.filter(pk=lesson.pk).update(
        status=LessonStatus.PUBLISHED,
        published_by=actor,
        published_at=timezone.now(),
        version=F("version") + 1,
    )
    lesson.refresh_from_db()
    area_changed.send(Lesson, area_codes=[lesson.tambon_id])  # its checklist step
    record(
        actor=actor,
        action="lesson.publish",
        obj=lesson,
        area_code=lesson.tambon_id,
        changes={"status": [LessonStatus.DRAFT, LessonStatus.PUBLISHED]},
    )
    indexing.sync(lesson)
    return lesson


@transaction.atomic
def unpublish(*, actor: User, lesson: Lesson, expected_version: int, reason: str = "") -> Lesson:
    """Back to a draft, for the district or the tambon to correct."""
    lesson = (
        Lesson.objects.select_for_update()
        .select_related("tambon__district__province")
        .get(pk=lesson.pk)
    )
    _check_publisher(actor, lesson, expected_version)
    if lesson.status == LessonStatus.DRAFT:
        return lesson
    Lesson.objects.filter(pk=lesson.pk).update(
        status=LessonStatus.DRAFT, published_by=None, published_at=None, version=F("version") + 1
    )
    lesson.refresh_from_db()
    area_changed.send(Lesson, area_codes=[lesson.tambon_id])  # its checklist step
    record(
        actor=actor,
        action="lesson.unpublish",
        obj=lesson,
        area_code=lesson.tambon_id,
        changes={"status": [LessonStatus.PUBLISHED, LessonStatus.DRAFT]},
        reason=clean_text(reason)[:1000],
    )
    indexing.sync(lesson)
    return lesson


@transaction.atomic
def delete_lesson(*, actor: User, lesson: Lesson, expected_version: int | None = None) -> None:
    """Remove a write-up, its photos and its index entries, in one transaction.

    `expected_version` is the version the user confirmed the deletion of (the API checks If-Match
    itself and passes None); a write-up saved in between is not deleted (ConflictError).
    """
    found = (
        Lesson.objects.select_for_update()
        .select_related("tambon__district__province")
        .filter(pk=lesson.pk)
        .first()
    )
    if found is None:
        raise ConflictError(None)
    lesson = found
    _check_writer(actor, lesson.programme, lesson.tambon, lesson)
    if expected_version is not None and lesson.version != expected_version:
        raise ConflictError(lesson)
    names = list(lesson.photos.values_list("image", flat=True))
    record(
        actor=actor,
        action="lesson.delete",
        obj=lesson,
        area_code=lesson.tambon_id,
        changes={k: getattr(lesson, k) for k in KEYS if getattr(lesson, k)},
    )
    pk = lesson.pk
    storage = LessonPhoto._meta.get_field("image").storage
    lesson.delete()
    indexing.unindex(pk)

    def remove_files() -> None:
        for name in names:
            storage.delete(name)
            photos.remove_print_copy(storage, name)

    transaction.on_commit(remove_files)


@transaction.atomic
def add_photo(*, actor: User, lesson: Lesson, upload: UploadedFile, caption: str) -> LessonPhoto:
    lesson = (
        Lesson.objects.select_for_update().select_related("tambon", "programme").get(pk=lesson.pk)
    )
    _check_writer(actor, lesson.programme, lesson.tambon, lesson)
    caption = _checked_caption(caption)
    clean = photos.clean(upload, photos_so_far=lesson.photos.count())
    photo = LessonPhoto(
        lesson=lesson,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size=len(clean.data),
        caption=caption,
        uploaded_by=actor,
    )
    name = f"lesson-{lesson.pk}-{secrets.token_hex(4)}{clean.suffix}"
    photo.image.save(name, ContentFile(clean.data), save=False)
    photo.save()
    transaction.on_commit(lambda: photos.print_copy(photo))  # the booklet's copy, made once
    record(
        actor=actor,
        action="lesson.photo",
        obj=lesson,
        area_code=lesson.tambon_id,
        changes={"file": (upload.name or "")[:200], "bytes": photo.size, "caption": caption},
    )
    return photo


def _checked_caption(caption: str) -> str:
    caption = clean_text(caption or "")
    if len(caption) > MAX_CAPTION:
        raise ValidationError(
            {"caption": _("A caption may be at most %(n)s characters.") % {"n": num(MAX_CAPTION)}}
        )
    return caption


def _lock_photo(actor: User, photo: LessonPhoto, expected_version: int | None) -> LessonPhoto:
    """The photo locked for a write by someone who may edit its write-up, as the user read it."""
    found = (
        LessonPhoto.objects.select_for_update()
        .select_related("lesson__tambon", "lesson__programme")
        .filter(pk=photo.pk)
        .first()
    )
    if found is None:
        raise ConflictError(None)
    lesson = found.lesson
    _check_writer(actor, lesson.programme, lesson.tambon, lesson)
    if expected_version is not None and found.version != expected_version:
        raise ConflictError(found)
    return found


@transaction.atomic
def set_caption(
    *, actor: User, photo: LessonPhoto, caption: str, expected_version: int | None = None
) -> LessonPhoto:
    """Change a photo's caption. `expected_version` is the photo's version the user read (None:
    the caller checked it, as the API does with If-Match); a caption changed in between by someone
    else is not overwritten (ConflictError with the photo as it is now)."""
    caption = _checked_caption(caption)
    photo = _lock_photo(actor, photo, expected_version)
    if caption == photo.caption:
        return photo
    before = photo.caption
    LessonPhoto.objects.filter(pk=photo.pk).update(caption=caption, version=F("version") + 1)
    photo.refresh_from_db(fields=["caption", "version"])
    record(
        actor=actor,
        action="lesson.photo.caption",
        obj=photo.lesson,
        area_code=photo.lesson.tambon_id,
        changes={"caption": [before, caption]},
    )
    return photo


@transaction.atomic
def remove_photo(*, actor: User, photo: LessonPhoto, expected_version: int | None = None) -> None:
    """Delete a photo; its file goes once the transaction commits."""
    photo = _lock_photo(actor, photo, expected_version)
    lesson = photo.lesson
    record(
        actor=actor,
        action="lesson.photo.remove",
        obj=lesson,
        area_code=lesson.tambon_id,
        changes={"caption": photo.caption, "bytes": photo.size},
    )
    name, storage = photo.image.name, photo.image.storage
    photo.delete()

    def remove_files() -> None:
        storage.delete(name)
        photos.remove_print_copy(storage, name)

    transaction.on_commit(remove_files)
