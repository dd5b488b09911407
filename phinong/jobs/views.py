"""Jobs on the web: the list of recent ones, a job's progress page, and its file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from phinong.accounts.selectors import area_labels
from phinong.core.http import AuthedRequest
from phinong.jobs import selectors, services
from phinong.jobs.models import Job, JobKind, JobState
from phinong.programmes.models import Programme
from phinong.programmes.selectors import programmes_for
from phinong.register import uploads

RECENT = 50
REFRESH_SECONDS = 2


def _private(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _area_label(job: Job, labels: dict[str, str]) -> str:
    if not job.area_code:
        return _("the whole country")
    return labels.get(job.area_code, job.area_code)


@login_required
def index(request: AuthedRequest) -> HttpResponseBase:
    jobs = list(selectors.jobs_for(actor=request.user)[:RECENT])
    for job in jobs:
        services.settle(job)
    labels = area_labels(job.area_code for job in jobs)
    rows = [(job, _area_label(job, labels)) for job in jobs]
    return _private(render(request, "jobs/index.html", {"rows": rows}))


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponseBase:
    job = services.settle(selectors.get_job_for(actor=request.user, pk=pk))
    programme_pk = job.parameter("programme")
    programme = (
        programmes_for(actor=request.user).filter(pk=programme_pk).first()
        if isinstance(programme_pk, int)
        else None
    )
    context = {
        "job": job,
        "area": _area_label(job, area_labels([job.area_code])),
        "programme": programme,
        "upload_waiting": _upload_waiting(request, job, programme),
        "refresh": None if job.is_finished else REFRESH_SECONDS,
    }
    return _private(render(request, "jobs/detail.html", context))


def _upload_waiting(request: AuthedRequest, job: Job, programme: Programme | None) -> bool:
    """A failed import's file still waits to be checked again: only then do its links lead
    somewhere (an upload is forgotten once written, cancelled, or a day old)."""
    if job.kind != JobKind.REGISTER_IMPORT or job.state != JobState.FAILED or programme is None:
        return False
    if job.owner_id != request.user.pk:
        return False
    token = job.parameter("token")
    return isinstance(token, str) and (
        uploads.find(token, user_id=request.user.pk, programme_id=programme.pk) is not None
    )


@login_required
def download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return _file(selectors.get_job_for(actor=request.user, pk=pk))


def started(job: Job) -> HttpResponseBase:
    """The answer to a URL that started a job: its file when the job is already done (the
    immediate backend of `make run` runs it as the request commits), else its progress page.
    So /areas/report.pdf gives the PDF itself wherever no worker is needed."""
    job.refresh_from_db()
    return _file(job) if job.has_file else redirect(job)


def _file(job: Job) -> HttpResponseBase:
    if not job.has_file:
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError as exc:  # e.g. a restore without the job files
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=job.result_name)
    return _private(response)
