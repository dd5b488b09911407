"""The register in and out of Excel on the web: upload → preview → confirm, and export.

Confirming a file of more than PHINONG_IMPORT_JOB_ROWS data rows starts a background job that
runs the same import as the user (`jobs.runners.register_import`); a smaller one is written in
the request.
"""

from __future__ import annotations

import tempfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phinong.accounts.permissions import Action, require
from phinong.core.formatting import num
from phinong.core.http import AuthedRequest
from phinong.jobs import services as jobs
from phinong.jobs.models import JobState
from phinong.privacy.access import no_store
from phinong.programmes.models import Programme
from phinong.programmes.selectors import get_programme_for
from phinong.register import reports, uploads
from phinong.register.exporter import export_register
from phinong.register.import_plan import CREATED, REJECTED, UPDATED
from phinong.register.importer import (
    ImportRefused,
    ImportResult,
    checksum_of,
    import_register,
    import_upload,
)
from phinong.register.models import PendingUpload
from phinong.register.sheets import SheetError, read_sheet

SHOWN = 300  # rows of each kind listed on the preview page; the report has them all


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


@login_required
def upload(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    require(actor, Action.MANAGE_LEADERS)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > settings.PHINONG_IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(limit)s MB.")
                % {"limit": num(settings.PHINONG_IMPORT_MAX_BYTES // (1024 * 1024))},
            )
        else:
            data = file.read()
            try:
                read_sheet(data, file.name)
            except SheetError as exc:
                form.add_error("file", str(exc))
            else:
                saved = uploads.save(
                    data=data,
                    user_id=actor.pk,
                    programme_id=programme.pk,
                    filename=file.name,
                    checksum=checksum_of(data),
                )
                return redirect("register:import_preview", pk=programme.pk, token=saved.token)
    return render(request, "register/import_upload.html", {"programme": programme, "form": form})


def _run(
    request: AuthedRequest, pk: int, token: str, *, dry_run: bool, valid_only: bool = False
) -> tuple[PendingUpload, ImportResult | None, str]:
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    require(actor, Action.MANAGE_LEADERS)
    saved = uploads.load(token, user_id=actor.pk, programme_id=programme.pk)
    try:
        sheet = read_sheet(bytes(saved.data), saved.filename)
        result = import_register(
            actor=actor,
            programme=programme,
            sheet=sheet,
            dry_run=dry_run,
            valid_only=valid_only,
            checksum=saved.checksum,
            filename=saved.filename,
        )
    except (SheetError, ImportRefused) as exc:
        return saved, None, str(exc)
    return saved, result, ""


@login_required
@no_store
def preview(request: AuthedRequest, pk: int, token: str) -> HttpResponse:
    saved, result, refusal = _run(request, pk, token, dry_run=True)
    plans = result.plans if result else []
    return render(
        request,
        "register/import_preview.html",
        {
            "programme": get_programme_for(actor=request.user, pk=pk),
            "upload": saved,
            "result": result,
            "refusal": refusal,
            "problems": [p for plan in plans for p in plan.problems][:SHOWN],
            "changed": [p for p in plans if p.status == UPDATED][:SHOWN],
            "created": [p for p in plans if p.status == CREATED][:SHOWN],
            "shown": SHOWN,
            "has_valid": any(p.status != REJECTED for p in plans),
        },
    )


@login_required
@require_POST
def confirm(request: AuthedRequest, pk: int, token: str) -> HttpResponseBase:
    actor = request.user
    programme = get_programme_for(actor=actor, pk=pk)
    require(actor, Action.MANAGE_LEADERS)
    saved = uploads.load(token, user_id=actor.pk, programme_id=programme.pk)
    valid_only = request.POST.get("mode") == "valid"
    try:
        sheet = read_sheet(bytes(saved.data), saved.filename)
        if len(sheet.rows) > settings.PHINONG_IMPORT_JOB_ROWS:
            return _confirm_in_a_job(request, programme, saved, valid_only=valid_only)
        result = import_upload(
            actor=actor, programme=programme, upload=saved, valid_only=valid_only, sheet=sheet
        )
    except (SheetError, ImportRefused) as exc:
        messages.error(request, str(exc))
        return redirect("register:import_preview", pk=pk, token=token)
    if not result.written:
        messages.error(
            request, _("Nothing was written: some rows are refused. See the list below.")
        )
        return redirect("register:import_preview", pk=pk, token=token)
    (messages.info if result.changes_nothing else messages.success)(request, result.outcome())
    return redirect("programmes:detail", pk=pk)


def _confirm_in_a_job(
    request: AuthedRequest, programme: Programme, saved: PendingUpload, *, valid_only: bool
) -> HttpResponseBase:
    """Hand a large file to a job; answer like the small file's confirm once the job is done (the
    immediate backend runs it at once), else with the job's progress page."""
    actor = request.user
    job = jobs.start_register_import(
        actor=actor, programme_pk=programme.pk, token=saved.token, valid_only=valid_only
    )
    job.refresh_from_db()
    if job.state == JobState.DONE:
        messages.success(request, job.summary)
        return redirect("programmes:detail", pk=programme.pk)
    if job.state == JobState.FAILED and uploads.find(
        saved.token, user_id=actor.pk, programme_id=programme.pk
    ):
        messages.error(request, job.error)
        return redirect("register:import_preview", pk=programme.pk, token=saved.token)
    return redirect(job)


@login_required
@require_POST
def cancel(request: AuthedRequest, pk: int, token: str) -> HttpResponse:
    programme = get_programme_for(actor=request.user, pk=pk)
    uploads.discard(uploads.load(token, user_id=request.user.pk, programme_id=programme.pk))
    messages.info(request, _("The upload was cancelled; nothing was written."))
    return redirect("register:import", pk=pk)


@login_required
@no_store
def problems_report(request: AuthedRequest, pk: int, token: str) -> HttpResponse:
    _saved, result, refusal = _run(request, pk, token, dry_run=True)
    data = reports.problems_xlsx(result.problems if result else [], refusal=refusal)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="rejected-rows.xlsx"'
    return response


@login_required
@no_store
def export(request: AuthedRequest, pk: int) -> FileResponse:
    """The register of the user's area as .xlsx, written to a temporary file and streamed out."""
    programme = get_programme_for(actor=request.user, pk=pk)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    export_register(actor=request.user, programme=programme, out=out)
    out.seek(0)
    name = f"register-{programme.code.replace('/', '-')}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
