"""/api/v1/search: what the search box shows the token's owner, as `search --json` prints it."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from conftest import Cast, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.lessons import services as lesson_services
from phinong.programmes.models import Pair


def cli(query: str, username: str, *extra: str) -> list[dict[str, str]]:
    out = StringIO()
    call_command("search", query, "--as", username, "--json", *extra, stdout=out)
    return list(json.loads(out.getvalue()))


def test_it_answers_what_the_command_prints(cast: Cast, pair_a1: Pair, pair_b1: Pair) -> None:
    for actor, code in ((cast.dist_a1, "420102"), (cast.dist_b1, "450102")):
        lesson_services.save_lesson(
            actor=actor,
            programme=pair_a1.programme,
            tambon=tambon(code),
            expected_version=0,
            values={"results": "กลุ่มปลูกผักปลอดสารพิษขายในตลาดชุมชน"},
        )
    api = Api(cast.dist_a1)
    found = api.get("/search", q="ผักปลอดสารพิษ")
    assert found.status_code == 200, found.content
    hits = found.json()
    assert hits == cli("ผักปลอดสารพิษ", "dist-a1")
    assert [h["tambon"] for h in hits if h["kind"] == "lesson"] == ["420102"]
    areas = api.get("/search", q="เมืองเลย").json()
    assert areas and all(h["tambon"].startswith("4201") for h in areas)
    narrowed = api.get("/search", q="ผักปลอดสารพิษ", heading="ผลลัพธ์", area="4201")
    assert narrowed.json() == cli("ผักปลอดสารพิษ", "dist-a1", "--heading", "ผลลัพธ์", "--area", "4201")
    assert Api(cast.dept).get("/search", q="ผักปลอดสารพิษ").json() != hits  # both tambons


def test_it_refuses_a_bad_query_and_an_area_outside(cast: Cast) -> None:
    api = Api(cast.dist_a1)
    assert is_problem(api.get("/search"), 422)
    assert is_problem(api.get("/search", q="ก" * 201), 422)
    assert is_problem(api.get("/search", q="นา", heading="หัวข้ออื่น"), 422)
    assert is_problem(api.get("/search", q="นา", area="45"), 404)
