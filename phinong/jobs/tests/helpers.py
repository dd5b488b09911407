"""Following a job from the URL that starts it to its file, with the immediate task backend.

A job is handed to the immediate backend when its transaction commits; a test runs inside a
transaction that never commits, so the commit hooks are run by hand (captureOnCommitCallbacks).
"""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, TestCase
from django.urls import reverse

from phinong.jobs.models import Job


def start(client: Client, url: str) -> tuple[HttpResponseBase, Job]:
    """GET a URL that starts a job; the response (a redirect) and the job, already run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302, response.status_code
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert response["Location"] == job.get_absolute_url()
    return response, job


def read(response: HttpResponseBase) -> bytes:
    """The body of a response, streamed (a file) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def _plain(response: HttpResponseBase) -> HttpResponse:
    plain = HttpResponse(read(response), status=response.status_code)
    for header in ("Content-Type", "Content-Disposition", "Cache-Control", "Location"):
        if header in response:
            plain[header] = response[header]
    return plain


def fetched(client: Client, url: str) -> HttpResponse:
    """The file a URL gives once its job is done (whether it made a job or answered at once).

    The answer is a plain response holding the file's bytes and headers; the job's file is then
    deleted, so tests leave nothing in MEDIA_ROOT.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url)
    if response.status_code != 302 or "/jobs/" not in response["Location"]:
        return _plain(response)
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    answer = _plain(client.get(reverse("jobs:download", args=[job.pk])))
    if job.result:
        folder = Path(job.result.path).parent
        job.result.delete(save=False)
        folder.rmdir()
    return answer
