"""`prune_jobs` deletes old finished jobs and their files, and keeps the rest."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from conftest import Cast
from phinong.jobs.models import Job, JobKind, JobState


def job(cast: Cast, state: JobState, days_old: int, with_file: bool = False) -> Job:
    made = Job.objects.create(owner=cast.dept, kind=JobKind.REPORT_PDF, state=state)
    if with_file:
        made.result.save("report.pdf", ContentFile(b"%PDF-1.7"), save=True)
    created = timezone.now() - dt.timedelta(days=days_old)
    Job.objects.filter(pk=made.pk).update(created_at=created)
    return made


def test_it_deletes_old_finished_jobs_with_their_files_only(cast: Cast) -> None:
    old_done = job(cast, JobState.DONE, 10, with_file=True)
    path = Path(old_done.result.path)
    old_failed = job(cast, JobState.FAILED, 10)
    old_running = job(cast, JobState.RUNNING, 10)
    recent = job(cast, JobState.DONE, 1, with_file=True)

    call_command("prune_jobs", days=7, stdout=StringIO())

    assert set(Job.objects.values_list("pk", flat=True)) == {old_running.pk, recent.pk}
    assert not path.exists() and not path.parent.exists()
    assert Path(recent.result.path).is_file()
    assert not Job.objects.filter(pk=old_failed.pk).exists()
