"""When the queue itself reports a failed run (the task could not even start, or died raising),
the job is failed too, so the user is told instead of watching it wait."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import translation
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from phinong.jobs.models import Job


@receiver(task_finished)
def fail_the_job_of_a_failed_task(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    from phinong.jobs import services
    from phinong.jobs.tasks import run_job

    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.module_path != run_job.module_path or not task_result.args:
        return
    job = Job.objects.filter(pk=task_result.args[0]).first()
    if job is not None and not job.is_finished:
        with translation.override("th"):
            services.fail(job, services.unexpected_error(job))
