from typing import Any

from django.core.management.base import BaseCommand

from phinong.geo.services import load_geography


class Command(BaseCommand):
    help = "Load every province, district and tambon from geothai. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_geography()
        self.stdout.write(
            f"geography: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
