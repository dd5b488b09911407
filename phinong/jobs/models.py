"""A job: long work a user asked for (a PDF, a workbook, a booklet, reminder mails), run as a task.

The task queue (django-tasks) runs the work; the Job row is what the user sees: who asked, what,
for which area, how far it got, and the file it made or the reason it failed, in Thai. The file
lies under MEDIA_ROOT/jobs/<random>/, which no URL serves: it is only downloaded through the
job's scoped download view.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    REPORT_PDF = "report_pdf", _("Area report (PDF)")
    REPORT_XLSX = "report_xlsx", _("Area report (Excel)")
    BOOKLET = "booklet", _("Lessons learned booklet (PDF)")
    REMINDER_MAILS = "reminder_mails", _("Reminder emails")
    REGISTER_IMPORT = "register_import", _("Register import")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Working")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


UNFINISHED = (JobState.QUEUED, JobState.RUNNING)


def result_path(job: Job, filename: str) -> str:
    """A private place for the job's file: an unguessable folder that no URL serves."""
    return f"jobs/{secrets.token_hex(16)}/{filename}"


class Job(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=JobKind.choices)
    area_code = models.CharField(max_length=8, blank=True)  # "" is the nation
    parameters = models.JSONField(default=dict)
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    task_id = models.CharField(max_length=64, blank=True)  # the task queue's id for the run
    result = models.FileField(upload_to=result_path, max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=500, blank=True)  # e.g. how many mails went
    # what the work found, for the API: a register import's counts and refused rows
    outcome = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    error = models.TextField(blank=True)  # in Thai, for the user
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)  # the last sign of life

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent_idx"),
            models.Index(fields=["area_code", "-created_at"], name="job_area_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.result)

    def parameter(self, key: str) -> Any:
        return self.parameters.get(key)
