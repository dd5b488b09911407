"""With the database backend, as in production: a job waits in the queue until `db_worker` runs it.

These tests commit (transaction=True), as the worker reads what the request committed.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from phinong.accounts.models import Role, User
from phinong.jobs import services
from phinong.jobs.models import JobKind, JobState

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAILS = [["เรื่อง", "ข้อความ", "phinong@example.go.th", ["mueang-loei@example.go.th"]]]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(settings: Any) -> User:
    settings.TASKS = DATABASE
    return User.objects.create(username="prov-a", role=Role.PROVINCE, area_code="42")


def work_once() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, stdout=StringIO())


def test_a_job_waits_in_the_queue_until_the_worker_runs_it(officer: User) -> None:
    job = services.start_job(
        actor=officer, kind=JobKind.REMINDER_MAILS, area_code="42", parameters={"mails": MAILS}
    )

    job.refresh_from_db()
    assert job.state == JobState.QUEUED and mail.outbox == []
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_id and task.status == "READY"

    work_once()

    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100)
    assert [m.to for m in mail.outbox] == [["mueang-loei@example.go.th"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_job_ends_failed_in_thai_through_the_worker(officer: User) -> None:
    job = services.start_job(
        actor=officer,
        kind=JobKind.REPORT_PDF,
        area_code="42",
        parameters={"programme": 999_999, "period": None},  # no such programme
    )

    work_once()

    job.refresh_from_db()
    assert job.state == JobState.FAILED and "โครงการ" in job.error
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # the task ran; the job failed


def test_a_task_the_queue_itself_fails_still_fails_its_job(officer: User, monkeypatch: Any) -> None:
    def crash(job_pk: int) -> str:
        raise MemoryError

    job = services.start_job(
        actor=officer, kind=JobKind.REMINDER_MAILS, area_code="42", parameters={"mails": MAILS}
    )
    monkeypatch.setattr(services, "execute", crash)

    work_once()

    job.refresh_from_db()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert job.state == JobState.FAILED and str(job.pk) in job.error


def test_the_jobs_worker_runs_the_queue_and_refuses_without_it(
    officer: User, settings: Any
) -> None:
    job = services.start_job(
        actor=officer, kind=JobKind.REMINDER_MAILS, area_code="42", parameters={"mails": MAILS}
    )

    call_command("jobs_worker", batch=True, no_startup_delay=True, stdout=StringIO())

    job.refresh_from_db()
    assert job.state == JobState.DONE
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError, match="PHINONG_TASKS_BACKEND"):
        call_command("jobs_worker", batch=True, stdout=StringIO())
