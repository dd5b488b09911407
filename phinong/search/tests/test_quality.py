"""The labelled set (data/labelled.json): Phinong's search meets the issue's targets, LIKE does not.

Runs on the test database: SQLite, or PostgreSQL when DATABASE_URL names one.
"""

from __future__ import annotations

import pytest

from phinong.search import quality

pytestmark = pytest.mark.django_db


def test_the_labelled_set_is_big_enough_and_has_like_traps() -> None:
    data = quality.load()
    ids = {d["id"] for d in data["documents"]}
    assert len(data["queries"]) >= 30
    assert sum(q["like_false_match"] for q in data["queries"]) >= 5
    assert all(set(q["relevant"]) <= ids and q["relevant"] for q in data["queries"])


def test_phinong_meets_the_targets_where_like_and_builtin_fulltext_do_not() -> None:
    data = quality.load()
    quality.index_documents(data)
    scores = quality.evaluate(data)
    mine = scores["phinong"]
    assert mine.precision_like_traps == 1.0, quality.misses(data)
    assert mine.recall >= 0.95, quality.misses(data)
    assert scores["like"].precision_like_traps < 0.6
    assert scores["builtin_fts"].recall < 0.5
