from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from phinong.audit.context import reset_origin, set_origin
from phinong.dashboards.tallies import rebuild as rebuild_tallies
from phinong.demo.national import seed_national
from phinong.demo.scenario import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo programmes, areas' quotas, pairs, leaders and users. Safe to run again: "
        "a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help="password of every demo user (default: %(default)s)",
        )
        parser.add_argument("--scale", choices=["demo", "national"], default="demo")

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_origin("cli")
        try:
            with transaction.atomic():
                summary = seed_demo(password=options["password"])
                if options["scale"] == "national":
                    summary += seed_national()  # recounts the dashboards' tallies itself
                else:
                    # Back-dated timestamps (demo.clock) bypass the tallies' hooks: recount.
                    summary.append(f"dashboard tallies: {rebuild_tallies()} rows")
        finally:
            reset_origin(token)
        for line in summary:
            self.stdout.write(line)
