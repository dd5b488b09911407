from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from conftest import Cast
from phinong.register.models import Member
from phinong.search.tests.conftest import lesson

BG, RESULTS = "ความเป็นมา", "ผลลัพธ์"


def run(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("search", *args, "--json", stdout=out)
    hits: list[dict[str, str]] = json.loads(out.getvalue())
    return hits


def test_it_prints_what_the_search_box_shows_as_json(
    cast: Cast, leaders: dict[str, Member]
) -> None:
    lesson("1", "420102", **{BG: "ตั้งธนาคารอาหาร", RESULTS: "ธนาคารอาหารช่วย 40 ครัวเรือน"})
    lesson("2", "450102", **{BG: "ธนาคารอาหาร"})
    hits = run("ธนาคารอาหาร", "--as", "dist-a1")
    assert [(h["kind"], h["tambon"]) for h in hits] == [("lesson", "420102")] * 2
    assert {h["heading"] for h in hits} == {BG, RESULTS}
    for hit in hits:
        assert set(hit) == {"kind", "tambon", "heading", "title", "snippet", "url"}
        assert hit["url"] == "/lessons/1/" and "<mark>" in hit["snippet"]
    people = run("สมชาย", "--as", "prov-a")
    assert [(h["kind"], h["tambon"], h["heading"]) for h in people] == [("leader", "420102", "")]
    places = run("ต.กุดป่อง", "--as", "prov-a")
    assert [(h["kind"], h["tambon"]) for h in places] == [("area", "420101")]


def test_it_refuses_an_unknown_user(cast: Cast) -> None:
    with pytest.raises(CommandError):
        run("ผัก", "--as", "nobody")
