"""Jobs: long work the API started (a large register import), read until it is done.

Scoped as on the web (jobs.selectors): the owner sees a job, and so does a user whose area holds the
job's area; anyone else gets 404. What the work found (`outcome`: an import's counts and refused
rows) is shown to the owner only, as the upload itself was.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from phinong.accounts.models import User
from phinong.api.conventions import READ_ERRORS, etag_of
from phinong.api.listing import Id, actor_of
from phinong.jobs import selectors, services
from phinong.jobs.models import Job

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: int
    kind: str
    state: str  # queued, running, done, failed
    progress: int  # per cent
    summary: str
    error: str  # in Thai, when the job failed
    outcome: dict[str, Any]  # a register import's answer, as POST …/confirm gives it when done
    download: str | None  # the web address of the file the job made, if any
    created_at: dt.datetime
    finished_at: dt.datetime | None


def job_out(job: Job, actor: User) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "progress": job.progress,
        "summary": job.summary,
        "error": job.error,
        "outcome": job.outcome if job.owner_id == actor.pk else {},
        "download": reverse("jobs:download", args=[job.pk]) if job.has_file else None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def job_path(job: Job) -> str:
    return reverse("api:job", args=[job.pk])


@router.get("/jobs/{job_id}", response={200: JobOut, **READ_ERRORS}, url_name="job")
def job(request: HttpRequest, job_id: Id, response: HttpResponse) -> dict[str, Any]:
    """A job's state and progress; once done, what it found (its owner only) and its file."""
    actor = actor_of(request)
    found = services.settle(selectors.get_job_for(actor=actor, pk=job_id))
    response["ETag"] = etag_of(found)
    return job_out(found, actor)
