"""Lessons learned on the web: a write-up per younger tambon, the list of an area, the upload."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phinong.accounts.models import Role
from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import scope_of
from phinong.audit.selectors import events_for
from phinong.core import evidence as evidence_files
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.core.forms import attach_errors, show_newer_version
from phinong.core.http import AuthedRequest
from phinong.geo.selectors import get_area_for
from phinong.lessons import importer, selectors, services
from phinong.lessons.forms import (
    LessonForm,
    LessonPhotoForm,
    LessonUploadForm,
    PhotoCaptionForm,
)
from phinong.lessons.headings import HEADINGS, KEYS
from phinong.lessons.models import Lesson, LessonPhoto, LessonStatus
from phinong.programmes.models import Programme
from phinong.programmes.selectors import get_programme_for
from phinong.register.sheets import SheetError, read_sheet_with


def _may_upload(request: AuthedRequest) -> bool:
    """The web upload is for districts, provinces and the department (not a tambon leader)."""
    return can(request.user, Action.WRITE_LESSONS) and request.user.role != Role.TAMBON


@login_required
def index(request: AuthedRequest, pk: int) -> HttpResponse:
    """The reader's own area: the nation's provinces, or straight to a province, district or tambon."""
    programme = get_programme_for(actor=request.user, pk=pk)
    code = scope_of(request.user).code
    if code is None:
        raise Http404
    if len(code) == 6 and selectors.selected_in(programme, code).exists():
        return redirect("lessons:tambon", programme.pk, code)
    if len(code) in (2, 4):
        return redirect("lessons:area", programme.pk, code)
    return render(
        request,
        "lessons/nation.html",
        {
            "programme": programme,
            "provinces": selectors.provinces_for(actor=request.user, programme=programme),
        },
    )


def _area_page(
    request: AuthedRequest, programme: Programme, code: str, **extra: Any
) -> HttpResponse:
    area = get_area_for(actor=request.user, code=code)
    if len(code) not in (2, 4):
        raise Http404
    rows = selectors.rows_for(actor=request.user, programme=programme, area_code=code)
    may_upload = _may_upload(request)
    extra.setdefault(
        "upload_form",
        LessonUploadForm(may_publish=can(request.user, Action.PUBLISH_LESSONS)),
    )
    return render(
        request,
        "lessons/area.html",
        {
            "programme": programme,
            "area": area,
            "rows": rows,
            "written": sum(1 for r in rows if r.lesson),
            "published": sum(1 for r in rows if r.status == LessonStatus.PUBLISHED),
            "may_upload": may_upload,
            "headings": HEADINGS,
            **extra,
        },
    )


@login_required
def area(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    return _area_page(request, programme, code)


@login_required
@require_POST
def upload(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    get_area_for(actor=request.user, code=code)  # 404 outside the area, before any 403
    if not _may_upload(request):
        raise PermissionDenied
    may_publish = can(request.user, Action.PUBLISH_LESSONS)
    form = LessonUploadForm(request.POST, request.FILES, may_publish=may_publish)
    problems: list[importer.Problem] = []
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        data = upload_file.read(settings.PHINONG_IMPORT_MAX_BYTES + 1)  # one byte past: refused
        try:
            sheet = read_sheet_with(importer.LAYOUT, data, upload_file.name or "")
            result = importer.import_lessons(
                actor=request.user,
                programme=programme,
                sheet=sheet,
                publish=bool(form.cleaned_data.get("publish")),
                checksum=importer.checksum_of(data),
                filename=upload_file.name or "",
            )
        except (SheetError, importer.ImportRefused) as exc:
            form.add_error("file", str(exc))
        else:
            if result.problems:
                problems = result.problems
                form.add_error(
                    "file",
                    _(
                        "Nothing was written: %(n)s rows were refused. Correct them and upload again."
                    )
                    % {"n": num(len({p.row for p in problems}))},
                )
            else:
                messages.success(
                    request,
                    _(
                        "The file was read: %(created)s write-ups added, %(updated)s changed, "
                        "%(unchanged)s unchanged, %(published)s published."
                    )
                    % {
                        "created": num(result.created),
                        "updated": num(result.updated),
                        "unchanged": num(result.unchanged),
                        "published": num(result.published),
                    },
                )
                return redirect("lessons:area", programme.pk, code)
    return _area_page(request, programme, code, upload_form=form, problems=problems)


@login_required
def tambon(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    place = selectors.lesson_tambon_for(actor=actor, programme=programme, code=code)
    lesson = selectors.lesson_of(programme, place)
    initial: dict[str, Any] = {"version": lesson.version if lesson else 0}
    if lesson:
        initial |= {key: getattr(lesson, key) for key in KEYS}
    form = LessonForm(request.POST or None, initial=initial)
    conflict: list[tuple[str, str]] | None = None
    if request.method == "POST":
        if not selectors.may_edit(actor, lesson):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_lesson(
                    actor=actor,
                    programme=programme,
                    tambon=place,
                    expected_version=form.cleaned_data["version"] or 0,
                    values={key: form.cleaned_data[key] for key in KEYS},
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except ConflictError as exc:
                current: Lesson | None = exc.current
                form.add_error(
                    None,
                    _(
                        "Someone else saved these lessons learned while you were editing. "
                        "Nothing was overwritten: compare the two versions, then save again."
                    ),
                )
                conflict = [
                    (str(h.label), getattr(current, h.key) if current else "") for h in HEADINGS
                ]
                show_newer_version(form, current.version if current else 0)
            else:
                messages.success(request, _("The lessons learned were saved."))
                return redirect(request.path)
    return render(
        request,
        "lessons/tambon.html",
        {
            "programme": programme,
            "tambon": place,
            "lesson": lesson,
            "sections": [(h, getattr(lesson, h.key) if lesson else "") for h in HEADINGS],
            "form": form,
            "conflict": conflict,
            "may_edit": selectors.may_edit(actor, lesson),
            "may_publish": can(actor, Action.PUBLISH_LESSONS),
            "photo_form": LessonPhotoForm(),
            "max_caption": services.MAX_CAPTION,
            "photos": lesson.photos.all() if lesson else [],
            "events": events_for(lesson, actor=actor) if lesson else [],
        },
    )


def _lesson_or_404(request: AuthedRequest, pk: int, code: str) -> tuple[Programme, Lesson]:
    programme = get_programme_for(actor=request.user, pk=pk)
    place = selectors.lesson_tambon_for(actor=request.user, programme=programme, code=code)
    lesson = selectors.lesson_of(programme, place)
    if lesson is None:
        raise Http404
    return programme, lesson


def _version(request: AuthedRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    programme, lesson = _lesson_or_404(request, pk, code)
    require(request.user, Action.PUBLISH_LESSONS)
    unpublishing = "unpublish" in request.POST
    try:
        if unpublishing:
            services.unpublish(
                actor=request.user, lesson=lesson, expected_version=_version(request)
            )
        else:
            services.publish(actor=request.user, lesson=lesson, expected_version=_version(request))
    except ConflictError:
        messages.error(
            request,
            _("Someone changed these lessons learned meanwhile. Read them again, then decide."),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The lessons learned are a draft again.")
            if unpublishing
            else _("The lessons learned were published."),
        )
    return redirect("lessons:tambon", programme.pk, code)


@login_required
@require_POST
def photo_add(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    programme, lesson = _lesson_or_404(request, pk, code)
    if not selectors.may_edit(request.user, lesson):
        raise PermissionDenied
    form = LessonPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(
                actor=request.user,
                lesson=lesson,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The photo was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("lessons:tambon", programme.pk, code)


@login_required
def photo(request: AuthedRequest, photo_pk: int) -> FileResponse:
    found = selectors.get_photo_for(actor=request.user, pk=photo_pk)
    return evidence_files.file_response(
        found.image,
        content_type=found.content_type,
        filename=found.image.name.rsplit("/", 1)[-1],
        inline=True,
    )


def _photo_to_edit(request: AuthedRequest, photo_pk: int) -> LessonPhoto:
    """The photo in the user's area (else 404), if they may change its write-up (else 403)."""
    found = selectors.get_photo_for(actor=request.user, pk=photo_pk)
    if not selectors.may_edit(request.user, found.lesson):
        raise PermissionDenied
    return found


def _photo_changed_meanwhile(request: AuthedRequest, current: LessonPhoto | None) -> None:
    if current is None:
        messages.error(request, _("Someone else removed this photo meanwhile."))
    else:
        messages.error(
            request,
            _(
                "Someone else changed this photo's caption meanwhile, to “%(caption)s”. "
                "Nothing was overwritten: read it, then change it again."
            )
            % {"caption": current.caption or "–"},
        )


@login_required
@require_POST
def photo_caption(request: AuthedRequest, photo_pk: int) -> HttpResponse:
    """Change a photo's caption; the form names the photo's version it was read at."""
    found = _photo_to_edit(request, photo_pk)
    lesson = found.lesson
    form = PhotoCaptionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    else:
        try:
            services.set_caption(
                actor=request.user,
                photo=found,
                caption=form.cleaned_data["caption"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            _photo_changed_meanwhile(request, exc.current)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The caption was saved."))
    return redirect("lessons:tambon", lesson.programme_id, lesson.tambon_id)


@login_required
@require_POST
def photo_remove(request: AuthedRequest, photo_pk: int) -> HttpResponse:
    found = _photo_to_edit(request, photo_pk)
    lesson = found.lesson
    try:
        services.remove_photo(actor=request.user, photo=found, expected_version=_version(request))
    except ConflictError as exc:
        _photo_changed_meanwhile(request, exc.current)
    else:
        messages.success(request, _("The photo was removed."))
    return redirect("lessons:tambon", lesson.programme_id, lesson.tambon_id)


@login_required
def delete(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    """Ask, then delete a write-up with its photos (and its search entries, in one transaction)."""
    programme, lesson = _lesson_or_404(request, pk, code)
    if not selectors.may_edit(request.user, lesson):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.delete_lesson(
                actor=request.user, lesson=lesson, expected_version=_version(request)
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone changed these lessons learned after you opened this page, so nothing "
                    "was deleted. Read them again, then decide."
                ),
            )
            return redirect("lessons:tambon", programme.pk, code)
        messages.success(
            request,
            _("The lessons learned of tambon %(name)s were deleted.")
            % {"name": lesson.tambon.name_th},
        )
        return redirect("lessons:index", programme.pk)
    return render(
        request,
        "lessons/delete.html",
        {
            "programme": programme,
            "lesson": lesson,
            "tambon": lesson.tambon,
            "headings": [h.label for h in HEADINGS if getattr(lesson, h.key).strip()],
            "photos": lesson.photos.count(),
            "events": events_for(lesson, actor=request.user),
        },
    )


@login_required
def booklet(request: AuthedRequest, pk: int, code: str) -> HttpResponseBase:
    """The published write-ups of a province or a district as one PDF."""
    from phinong.lessons import booklet as booklets

    programme = get_programme_for(actor=request.user, pk=pk)
    place = get_area_for(actor=request.user, code=code)
    if len(code) not in (2, 4):
        raise Http404
    lessons = list(selectors.published_in(programme, code))
    if not lessons:
        messages.error(request, _("No lessons learned are published here yet."))
        return redirect("lessons:area", programme.pk, code)
    if len(code) == 2:  # a province's booklet is long work: a background job makes it
        from phinong.jobs.models import JobKind
        from phinong.jobs.services import start_job
        from phinong.jobs.views import started

        job = start_job(
            actor=request.user,
            kind=JobKind.BOOKLET,
            area_code=code,
            parameters={"programme": programme.pk},
        )
        return started(job)
    pdf = booklets.render_pdf(programme=programme, area=place, lessons=lessons)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="lessons-{code}.pdf"'
    return response
