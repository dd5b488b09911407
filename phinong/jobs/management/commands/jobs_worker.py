"""`manage.py jobs_worker`: run the jobs queued in the database, as long as it runs.

It is django-tasks-db's `db_worker` (same options: `--batch` to run what is queued and stop,
`--max-tasks`, `--interval`...), refusing to start when PHINONG_TASKS_BACKEND is not "database":
then jobs run at once in the web process and a worker would wait for nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Command as DbWorker


class Command(DbWorker):
    help = "Run the background jobs queued in the database (PHINONG_TASKS_BACKEND=database)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str  # checked in handle(), with a message that says what to set

    def handle(self, *args: Any, **options: Any) -> None:
        if not isinstance(task_backends[options["backend_name"]], DatabaseBackend):
            raise CommandError(
                "PHINONG_TASKS_BACKEND is not 'database': jobs run at once in the web process, "
                "so there is nothing for a worker to do."
            )
        super().handle(*args, **options)
