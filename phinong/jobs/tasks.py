"""The one task of the queue: run a job. Its argument is the job's id; the Job row holds the rest."""

from __future__ import annotations

from django_tasks import task

from phinong.jobs import services


@task()
def run_job(job_pk: int) -> str:
    return services.execute(job_pk)
