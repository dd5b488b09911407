from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from phinong.dashboards.tallies import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the dashboards' per-tambon rollup from the source tables, in one transaction. "
        "Safe to run again: the rows come out the same."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            rows = rebuild()
        self.stdout.write(f"dashboard tallies: {rows} rows")
