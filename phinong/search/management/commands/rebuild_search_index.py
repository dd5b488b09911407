from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from phinong.search import index


class Command(BaseCommand):
    help = "Rebuild the search index from every registered source (lessons learned, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", help="only this kind (may repeat)")

    def handle(self, *args: Any, **options: Any) -> None:
        done = index.rebuild(options["kind"])
        for kind, count in done.items():
            self.stdout.write(f"{kind}: {count} documents")
