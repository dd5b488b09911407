import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phinong.accounts.models import User
from phinong.search.selectors import search_for


class Command(BaseCommand):
    help = "Print what the search box shows a user for a query (areas, leaders, lessons learned)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--as", dest="username", required=True, help="the user searching")
        parser.add_argument("--json", action="store_true", help="print the hits as JSON")
        parser.add_argument("--programme", type=int, help="lessons of this programme (id) only")
        parser.add_argument("--area", default="", help="lessons in this area (DOPA code prefix)")
        parser.add_argument("--heading", default="", help="lessons under this Thai heading")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        results = search_for(
            actor=user,
            query=options["query"],
            programme_id=options["programme"],
            area_code=options["area"],
            heading=options["heading"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps([hit.as_json() for hit in results.hits], ensure_ascii=False, indent=2)
            )
            return
        for hit in results.hits:
            heading = f" [{hit.heading}]" if hit.heading else ""
            self.stdout.write(f"{hit.kind}\t{hit.tambon}\t{hit.title}{heading}\t{hit.url}")
