"""Register imports: upload a file, read its dry run, then confirm it (or cancel it).

As on the web (register/sheet_views.py), the uploaded file waits in the database
(register.uploads) between the dry run and the confirmation; only its uploader reaches it, for the
programme it was uploaded to. Each answer has the shape of `import_register --json`.
"""

from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Router, Schema, Status, UploadedFile

from phinong.accounts.permissions import Action, require
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.listing import Id, actor_of
from phinong.api.routes.jobs import JobOut, job_out, job_path
from phinong.core.formatting import num
from phinong.jobs import services as jobs
from phinong.jobs.models import JobState
from phinong.programmes import selectors as programme_selectors
from phinong.register import uploads
from phinong.register.importer import ImportRefused, checksum_of, import_register
from phinong.register.models import PendingUpload
from phinong.register.sheets import Sheet, SheetError, read_sheet

router = Router(tags=["register imports"])

ImportId = Annotated[str, Path(max_length=32, description="the upload's id, from POST …/imports")]


class RejectedRow(Schema):
    row: int
    column: str
    value: Any
    reason: str


class ImportResultOut(Schema):
    """The shape of `import_register --json`, with the upload's id."""

    import_id: str
    filename: str
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: list[RejectedRow]
    written: bool
    pairs_created: int
    villages_created: int
    checksum: str


class ConfirmIn(Schema):
    valid_only: bool = Field(
        False, description="write the valid rows even if others are refused, like --valid-only"
    )


def _run(
    request: HttpRequest,
    saved: PendingUpload,
    *,
    dry_run: bool,
    valid_only: bool = False,
    sheet: Sheet | None = None,
) -> dict[str, Any]:
    actor = actor_of(request)
    try:
        if sheet is None:
            sheet = read_sheet(bytes(saved.data), saved.filename)
        result = import_register(
            actor=actor,
            programme=saved.programme,
            sheet=sheet,
            dry_run=dry_run,
            valid_only=valid_only,
            checksum=saved.checksum,
            filename=saved.filename,
        )
    except (SheetError, ImportRefused) as exc:
        raise ValidationError({"file": str(exc)}) from exc
    return {"import_id": saved.token, "filename": saved.filename} | result.summary()


def _pending(request: HttpRequest, programme_id: int, import_id: str) -> PendingUpload:
    """The actor's own upload for this programme, if they may import (403); anyone else's is 404."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    require(actor, Action.MANAGE_LEADERS)
    return uploads.load(import_id, user_id=actor.pk, programme_id=programme.pk)


@router.post("/programmes/{programme_id}/imports", response={201: ImportResultOut, **WRITE_ERRORS})
def upload(
    request: HttpRequest, programme_id: Id, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    """Upload a register (.xlsx or .csv, multipart field `file`): every row is checked, nothing is
    written yet. Confirm with POST …/imports/{import_id}/confirm."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    require(actor, Action.MANAGE_LEADERS)
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    if (file.size or 0) > settings.PHINONG_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB.")
                % {"limit": num(settings.PHINONG_IMPORT_MAX_BYTES // (1024 * 1024))}
            }
        )
    data = file.read()
    name = file.name or "register.xlsx"
    try:
        read_sheet(data, name)
    except SheetError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    saved = uploads.save(
        data=data,
        user_id=actor.pk,
        programme_id=programme.pk,
        filename=name,
        checksum=checksum_of(data),
    )
    return Status(201, _run(request, saved, dry_run=True))


@router.get(
    "/programmes/{programme_id}/imports/{import_id}", response={200: ImportResultOut, **READ_ERRORS}
)
def dry_run(request: HttpRequest, programme_id: Id, import_id: ImportId) -> dict[str, Any]:
    """The upload's dry run, checked again against the register as it is now."""
    return _run(request, _pending(request, programme_id, import_id), dry_run=True)


@router.post(
    "/programmes/{programme_id}/imports/{import_id}/confirm",
    response={200: ImportResultOut, 202: JobOut, **WRITE_ERRORS},
)
def confirm(
    request: HttpRequest,
    programme_id: Id,
    import_id: ImportId,
    response: HttpResponse,
    payload: ConfirmIn | None = None,
) -> Status[dict[str, Any]]:
    """Write the upload. If rows are refused (and not `valid_only`), nothing is written: `written`
    is false, and the upload waits for another try; once written, it is gone.

    A file of more than PHINONG_IMPORT_JOB_ROWS rows is written by a job, as on the web: 202 with
    the job (its address in Location, GET /jobs/{job_id}), or at once 200 where no worker is
    needed. Refused rows answer as for a small file (`written` false); a job that failed for
    another reason answers 400 with that reason."""
    saved = _pending(request, programme_id, import_id)
    valid_only = payload.valid_only if payload else False
    try:
        sheet = read_sheet(bytes(saved.data), saved.filename)
    except SheetError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if len(sheet.rows) > settings.PHINONG_IMPORT_JOB_ROWS:
        return _confirm_in_a_job(request, saved, response, valid_only=valid_only)
    result = _run(request, saved, dry_run=False, valid_only=valid_only, sheet=sheet)
    if result["written"]:
        uploads.discard(saved)
    return Status(200, result)


def _confirm_in_a_job(
    request: HttpRequest, saved: PendingUpload, response: HttpResponse, *, valid_only: bool
) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    job = jobs.start_register_import(
        actor=actor, programme_pk=saved.programme_id, token=saved.token, valid_only=valid_only
    )
    job.refresh_from_db()
    if job.state == JobState.DONE:
        return Status(200, job.outcome)
    if job.state == JobState.FAILED:
        if uploads.find(saved.token, user_id=actor.pk, programme_id=saved.programme_id):
            checked = _run(request, saved, dry_run=True)  # as a small file answers: not written
            if checked["rejected"]:
                return Status(200, checked)
        raise ValidationError({"file": job.error})
    response["Location"] = job_path(job)
    return Status(202, job_out(job, actor))


@router.delete(
    "/programmes/{programme_id}/imports/{import_id}", response={204: None, **WRITE_ERRORS}
)
def cancel(request: HttpRequest, programme_id: Id, import_id: ImportId) -> Status[None]:
    """Cancel the upload; nothing is written."""
    uploads.discard(_pending(request, programme_id, import_id))
    return Status(204, None)
