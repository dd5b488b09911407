from __future__ import annotations

import pytest

from phinong.search import index
from phinong.search.models import SearchEntry
from phinong.search.tests.conftest import lesson

pytestmark = pytest.mark.django_db
BG, RESULTS = "ความเป็นมา", "ผลลัพธ์"


def keys(query: str, scope: str | None = "", **filters: object) -> list[str]:
    return [h.key for h in index.search_entries(query, scope_code=scope, **filters)]  # type: ignore[arg-type]


def test_it_finds_words_not_letters() -> None:
    lesson("1", "420102", **{BG: "ชุมชนตั้งธนาคารอาหารเมื่อปี ๒๕๖๔"})
    lesson("2", "420103", **{BG: "ชาวบ้านทำนาปีละครั้ง"})
    assert keys("ธนาคาร") == ["1"]
    assert keys("นา") == ["2"]
    assert keys("2564") == ["1"]


def test_it_replaces_and_removes_a_document() -> None:
    lesson("1", "420102", **{BG: "ปลูกผักสวนครัว", RESULTS: "ได้ผักทุกบ้าน"})
    assert SearchEntry.objects.filter(key="1").count() == 2
    lesson("1", "420102", **{BG: "เลี้ยงไก่ไข่"})
    assert keys("ผัก") == []
    assert keys("ไก่") == ["1"]
    index.remove_documents(kind="lesson", key="1")
    assert keys("ไก่") == []
    assert not SearchEntry.objects.exists()


def test_one_hit_per_matching_heading_with_marked_snippets() -> None:
    lesson("1", "420102", **{BG: "เริ่มจากธนาคารอาหาร", RESULTS: "ธนาคารอาหารมีสมาชิก 40 คน"})
    hits = index.search_entries("ธนาคารอาหาร", scope_code="")
    assert sorted(h.heading for h in hits) == sorted([BG, RESULTS])
    assert "<mark>ธนาคารอาหาร</mark>" in hits[0].snippet


def test_snippets_are_escaped() -> None:
    lesson("1", "420102", **{BG: "<script>x</script> ผัก"})
    (hit,) = index.search_entries("ผัก", scope_code="")
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_quotes_make_a_phrase_and_words_are_anded() -> None:
    lesson("1", "420102", **{BG: "ผู้สูงอายุได้รับอาหารจากธนาคาร"})
    lesson("2", "420103", **{BG: "ธนาคารอาหารช่วยผู้สูงอายุ"})
    assert keys("ธนาคารอาหาร") == ["2"]  # a compound typed as one run is a phrase
    assert sorted(keys("ธนาคาร อาหาร")) == ["1", "2"]  # words apart: both must appear
    assert keys('"อาหาร ธนาคาร"') == []
    assert keys("ธนาคาร ไก่") == []


def test_it_filters_by_programme_area_heading_and_scope() -> None:
    lesson("1", "420102", 1, **{BG: "ผักปลอดสารพิษ"})
    lesson("2", "420201", 2, **{RESULTS: "ผักปลอดสารพิษ"})
    lesson("3", "450102", 1, **{BG: "ผักปลอดสารพิษ"})
    assert sorted(keys("ผัก")) == ["1", "2", "3"]
    assert sorted(keys("ผัก", programme_id=1)) == ["1", "3"]
    assert keys("ผัก", area_prefix="4202") == ["2"]
    assert sorted(keys("ผัก", heading=BG)) == ["1", "3"]
    assert sorted(keys("ผัก", scope="42")) == ["1", "2"]
    assert keys("ผัก", scope="4201") == ["1"]
    assert keys("ผัก", scope=None) == []
    assert keys("ผัก", scope="4201", area_prefix="45") == []


def test_the_rebuild_replays_every_registered_source(monkeypatch: pytest.MonkeyPatch) -> None:
    lesson("old", "420102", **{BG: "ผัก"})
    monkeypatch.setattr(index, "_SOURCES", {})
    index.register_source(
        "lesson",
        lambda: [("7", 1, "420102", [index.Entry(BG, "t", "เลี้ยงปลานิล", "/x/")])],
    )
    from django.core.management import call_command

    call_command("rebuild_search_index")
    assert keys("ผัก") == []
    assert keys("ปลา") == ["7"]


def test_it_is_rolled_back_with_the_write() -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        lesson("1", "420102", **{BG: "ผัก"})
        raise RuntimeError
    assert keys("ผัก") == []


def test_the_full_text_side_follows_any_write_to_the_rows() -> None:
    """A restore or a test flush writes the rows without search.index: the database keeps up."""
    lesson("1", "420102", **{BG: "ปลูกผัก"})
    SearchEntry.objects.filter(key="1").update(tokens="เลี้ยง ปลา")
    assert keys("ผัก") == [] and keys("ปลา") == ["1"]
    SearchEntry.objects.all().delete()
    assert keys("ปลา") == []
    lesson("2", "420102", **{BG: "เลี้ยงไก่"})
    assert keys("ไก่") == ["2"] and keys("ปลา") == []


def test_a_very_common_word_is_ranked_among_the_newest_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key in ("1", "2", "3"):
        lesson(key, "420102", **{BG: "ปลูกผักสวนครัว"})
    monkeypatch.setattr(index, "RANK_CANDIDATES", 2)

    found = keys("ผัก")

    assert len(found) == 2
    if index._vendor() == "sqlite":  # PostgreSQL takes them in the table's order
        assert sorted(found) == ["2", "3"]


def test_snippets_are_made_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    lesson("1", "420102", **{BG: "ชุมชนตั้งธนาคารอาหาร"})
    lesson("2", "420103", **{BG: "ธนาคารอาหารของหมู่บ้าน"})
    made: list[str] = []
    real = index.highlight

    def counting(text: str, words: set[str]) -> str:
        made.append(text)
        return real(text, words)

    monkeypatch.setattr(index, "highlight", counting)

    hits = index.search_entries("ธนาคารอาหาร", scope_code="")

    assert len(hits) == 2 and made == []
    assert "<mark>ธนาคารอาหาร</mark>" in hits[0].snippet
    assert len(made) == 1
