"""`manage.py prune_jobs [--days N]`: delete finished jobs older than N days, with their files.

Run it daily (cron). Jobs still waiting or working are kept whatever their age; so are the task
queue's rows of unfinished tasks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from phinong.jobs.models import UNFINISHED, Job


class Command(BaseCommand):
    help = "Delete finished background jobs (and their files) older than --days days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="keep this many days (default 7)")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 0:
            raise CommandError("--days must be 0 or more")
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = Job.objects.filter(created_at__lt=cutoff).exclude(state__in=UNFINISHED)
        files = 0
        for job in old.exclude(result=""):
            folder = Path(job.result.path).parent  # jobs/<random>/, made for this file alone
            job.result.delete(save=False)
            with contextlib.suppress(OSError):
                folder.rmdir()
            files += 1
        jobs, _ = old.delete()
        tasks, _ = DBTaskResult.objects.filter(
            finished_at__lt=cutoff, status__in=["SUCCESSFUL", "FAILED"]
        ).delete()
        self.stdout.write(f"{jobs} jobs ({files} files) and {tasks} task results deleted")
