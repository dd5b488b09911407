"""Writes of jobs: start one, run it, record its progress, its file or its failure.

`start_job` saves the Job and hands its id to the task queue. A queueing backend (the database)
stores the task in the same transaction as the job, so the worker never sees one without the
other. A backend that runs the task at once (immediate: `make run`, tests) runs it after the
commit, outside the caller's transaction, exactly as a worker would.

`execute` is what the task runs. Every way a job can end leaves it DONE or FAILED with a Thai
reason; `settle` fails a job that has shown no sign of life for PHINONG_JOB_STALE_MINUTES (a
worker killed mid-job, or none running), so no job stays "working" forever.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from phinong.jobs.models import UNFINISHED, Job, JobKind, JobState

if TYPE_CHECKING:
    from phinong.accounts.models import User

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A reason, in the user's words, why a job could not be done; it ends the job as FAILED."""


@dataclass(frozen=True)
class Output:
    """What a runner made: a file to download, or only a summary (for mails)."""

    summary: str = ""
    filename: str = ""
    content: bytes = b""
    outcome: dict[str, Any] = field(default_factory=dict)  # read by the API (Job.outcome)


def start_job(*, actor: User, kind: JobKind, area_code: str, parameters: dict[str, Any]) -> Job:
    """Queue a job for the actor, or give back the same one still waiting or working."""
    with transaction.atomic():
        same = (
            Job.objects.filter(
                owner=actor,
                kind=kind,
                area_code=area_code,
                parameters=parameters,
                state__in=UNFINISHED,
            )
            .order_by("-pk")
            .first()
        )
        if same is not None and not _is_stale(same):
            return same
        job = Job.objects.create(owner=actor, kind=kind, area_code=area_code, parameters=parameters)
        _enqueue(job)
    return job


def start_register_import(*, actor: User, programme_pk: int, token: str, valid_only: bool) -> Job:
    """Queue the saving of a confirmed upload, or give back the job already saving it (a second
    click, with either button: the first one's choice stands). The web and the API both call it."""
    from phinong.accounts.scoping import scope_of

    for job in Job.objects.filter(
        owner=actor, kind=JobKind.REGISTER_IMPORT, parameters__token=token, state__in=UNFINISHED
    ):
        if not settle(job).is_finished:
            return job
    return start_job(
        actor=actor,
        kind=JobKind.REGISTER_IMPORT,
        area_code=scope_of(actor).code or "",
        parameters={"programme": programme_pk, "token": token, "valid_only": valid_only},
    )


def _enqueue(job: Job) -> None:
    from phinong.jobs.tasks import run_job

    if isinstance(task_backends["default"], DatabaseBackend):
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
        job.task_id = str(result.id)
    else:
        transaction.on_commit(lambda: _enqueue_now(job.pk))


def _enqueue_now(job_pk: int) -> None:
    from phinong.jobs.tasks import run_job

    result = run_job.enqueue(job_pk)
    Job.objects.filter(pk=job_pk, task_id="").update(task_id=str(result.id))


def execute(job_pk: int) -> str:
    """Run the job's work; return its final state. A job already finished is left as it is."""
    from phinong.jobs.runners import RUNNERS

    claimed = Job.objects.filter(pk=job_pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    job = Job.objects.select_related("owner").get(pk=job_pk)
    if not claimed:
        return str(job.state)
    with translation.override("th"):
        try:
            output = RUNNERS[JobKind(job.kind)](job, lambda percent: set_progress(job, percent))
        except JobError as exc:
            fail(job, str(exc))
        except Http404:
            fail(job, _("The area or programme of this job is no longer within your access."))
        except PermissionDenied:
            fail(job, _("You are no longer allowed to do this."))
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            fail(job, unexpected_error(job))
        else:
            finish(job, output)
    return str(job.state)


def unexpected_error(job: Job) -> str:
    return _(
        "An unexpected error stopped the work. Please try again; if it happens again, tell the "
        "administrator the job number %(number)s."
    ) % {"number": job.pk}


def set_progress(job: Job, percent: int) -> None:
    """Record how far the job got (0–100); it is also the job's sign of life."""
    job.progress = max(0, min(100, int(percent)))
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        progress=job.progress, updated_at=timezone.now()
    )


def finish(job: Job, output: Output) -> None:
    if output.filename:
        job.result.save(output.filename, ContentFile(output.content), save=False)
        job.result_name = output.filename
    job.state = JobState.DONE
    job.progress = 100
    job.summary = output.summary[:500]
    job.outcome = output.outcome
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "result", "result_name", "state", "progress", "summary", "outcome", "finished_at",
            "updated_at",
        ]
    )  # fmt: skip


def fail(job: Job, reason: str) -> None:
    """End the job as FAILED with a reason in Thai, unless it already ended."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk, state__in=UNFINISHED).update(
        state=JobState.FAILED, error=reason, finished_at=now, updated_at=now
    )
    job.refresh_from_db(fields=["state", "error", "finished_at", "updated_at"])


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.PHINONG_JOB_STALE_MINUTES)


def _is_stale(job: Job) -> bool:
    return job.state in UNFINISHED and job.updated_at < _stale_before()


def settle(job: Job) -> Job:
    """Fail the job if it has shown no sign of life for too long; give it back as it is now."""
    if _is_stale(job):
        with translation.override("th"):
            if job.state == JobState.QUEUED:
                reason = _(
                    "No worker started this job in time. Please try again later; if it happens "
                    "again, ask the administrator to check that the task worker is running."
                )
            else:
                reason = _("The worker stopped before the job was finished. Please try again.")
        fail(job, reason)
    return job
