"""Search quality on a labelled set: Phinong's index against LIKE and the database's own full text.

The labelled set (tests/data/labelled.json) holds documents (one heading of a write-up each),
queries, and for each query the documents a reader wants. `evaluate` indexes the documents under a
kind of their own, runs every query three ways and counts, over all queries together:

- precision: of the documents found, the share that are relevant;
- recall: of the relevant documents, the share found;
- the same precision on the queries marked `like_false_match` (letters that occur inside unrelated
  words: นา in ธนาคาร).

The three ways: Phinong's search (search.index); `LIKE '%word%'` for each word of the query; and the
database's built-in full text over the raw text (SQLite FTS5 `unicode61`, or PostgreSQL
`to_tsvector('simple')` with `plainto_tsquery('simple')`), which cannot see Thai words inside a run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from phinong.search import index
from phinong.search.models import SearchEntry

LABELLED = Path(__file__).resolve().parent / "tests" / "data" / "labelled.json"
KIND = "labelled"


def load(path: Path = LABELLED) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def index_documents(data: dict[str, Any], *, kind: str = KIND, area_code: str = "") -> None:
    index.clear_kind(kind)
    index.bulk_index(
        kind,
        (
            (doc["id"], None, area_code, [index.Entry(doc["heading"], doc["id"], doc["text"], "")])
            for doc in data["documents"]
        ),
    )


def _terms(query: str) -> list[str]:
    return query.replace('"', " ").split()


def phinong(query: str, kind: str = KIND) -> set[str]:
    return {hit.key for hit in index.search_entries(query, kind=kind, scope_code="", limit=10_000)}


def like(query: str, kind: str = KIND) -> set[str]:
    entries = SearchEntry.objects.filter(kind=kind)
    for term in _terms(query):
        entries = entries.filter(text__contains=term)
    return set(entries.values_list("key", flat=True))


def builtin(query: str, kind: str = KIND) -> set[str]:
    terms = _terms(query)
    if not terms:
        return set()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_builtin "
                "USING fts5(key UNINDEXED, kind UNINDEXED, text)"
            )
            cursor.execute("DELETE FROM temp.search_builtin WHERE kind = %s", [kind])
            cursor.execute(
                "INSERT INTO temp.search_builtin(key, kind, text) "
                "SELECT key, kind, text FROM search_searchentry WHERE kind = %s",
                [kind],
            )
            match = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
            cursor.execute(
                "SELECT key FROM temp.search_builtin WHERE search_builtin MATCH %s AND kind = %s",
                [match, kind],
            )
        else:
            condition = " AND ".join(
                "to_tsvector('simple', text) @@ plainto_tsquery('simple', %s)" for _ in terms
            )
            cursor.execute(
                f"SELECT key FROM search_searchentry WHERE kind = %s AND {condition}",  # noqa: S608
                [kind, *terms],
            )
        return {row[0] for row in cursor.fetchall()}


METHODS: dict[str, Callable[[str, str], set[str]]] = {
    "phinong": phinong,
    "like": like,
    "builtin_fts": builtin,
}


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    precision_like_traps: float  # on the queries where LIKE finds false matches
    false_matches: int


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate(data: dict[str, Any], *, kind: str = KIND) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for name, method in METHODS.items():
        tp = fp = fn = trap_tp = trap_fp = 0
        for q in data["queries"]:
            found = method(q["query"], kind)
            relevant = set(q["relevant"])
            tp += len(found & relevant)
            fp += len(found - relevant)
            fn += len(relevant - found)
            if q["like_false_match"]:
                trap_tp += len(found & relevant)
                trap_fp += len(found - relevant)
        scores[name] = Score(
            precision=round(_ratio(tp, tp + fp), 3),
            recall=round(_ratio(tp, tp + fn), 3),
            precision_like_traps=round(_ratio(trap_tp, trap_tp + trap_fp), 3),
            false_matches=fp,
        )
    return scores


def misses(data: dict[str, Any], *, kind: str = KIND) -> list[str]:
    """Phinong's wrong answers, one line each, for a failing test to print."""
    lines = []
    for q in data["queries"]:
        found, relevant = phinong(q["query"], kind), set(q["relevant"])
        if found != relevant:
            lines.append(
                f"{q['query']}: missing {sorted(relevant - found)}, extra {sorted(found - relevant)}"
            )
    return lines
