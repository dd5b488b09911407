"""The search index: the API other apps call to keep it in step, and the query over it.

A *document* is one indexed record (kind + key, e.g. kind "lesson", key the write-up's id), with
the programme and area it belongs to; it has one `Entry` per heading. Apps call `replace_documents`
after a create, edit or publish and `remove_documents` after a delete, inside the same transaction
as their write, and `register_source` once (in AppConfig.ready) so that `rebuild_search_index`
can replay everything.

Storage: search.SearchEntry rows hold the segmented words (search.segment). On SQLite the
external-content FTS5 table `search_fts` (rowid = entry id, kept in step by triggers) indexes them
with bm25 ranking, and its second column holds filter words (`_facets`) so that scope and filters
narrow the match inside FTS5; on PostgreSQL the generated, GIN-indexed tsvector column `vector`
(to_tsvector('simple', tokens)), ranked by ts_rank. Highlighting is done here over the stored
text, so both databases give the same snippets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection, transaction

from phinong.lib.thai import clean_text, to_arabic_digits
from phinong.search.models import SearchEntry
from phinong.search.segment import parse_query, segment, segment_chunk


@dataclass(frozen=True)
class Entry:
    heading: str
    title: str
    text: str
    url: str


RANK_CANDIDATES = 1000  # matches ranked per query: see _sqlite_query and _postgresql_query
AREA_LEVELS = (2, 4, 6, 8)  # province, district, tambon, village
DocumentRow = tuple[str, int | None, str, list[Entry]]  # key, programme_id, area_code, entries
_SOURCES: dict[str, Callable[[], Iterable[DocumentRow]]] = {}


def register_source(kind: str, documents: Callable[[], Iterable[DocumentRow]]) -> None:
    """Name the function that lists every document of `kind`, for rebuild_search_index."""
    _SOURCES[kind] = documents


def registered_kinds() -> list[str]:
    return sorted(_SOURCES)


def _vendor() -> str:
    return connection.vendor


def _delete_rows(*, kind: str, key: str | None) -> None:
    """Delete entries; the database keeps its full-text side in step (see migration 0003)."""
    entries = SearchEntry.objects.filter(kind=kind)
    if key is not None:
        entries = entries.filter(key=key)
    entries.delete()


def _facet_kind(kind: str) -> str:
    return "k" + "".join(ch for ch in kind.lower() if ch.isascii() and ch.isalnum())


def _facet_heading(heading: str) -> str:
    return "h" + heading.encode().hex()  # as migration 0004 computes it in SQL


def _facets(row: SearchEntry) -> list[str]:
    """Filter words in the FTS5 table's second column, so that kind, area, programme and heading
    narrow the match inside the full-text index instead of by a join (bm25 ignores the column)."""
    code = row.area_code
    facets = [_facet_kind(row.kind), *(f"a{code[:n]}" for n in AREA_LEVELS if len(code) >= n)]
    if row.programme_id is not None:
        facets.append(f"p{row.programme_id}")
    facets.append(_facet_heading(row.heading))
    return facets


def _insert_rows(rows: list[SearchEntry]) -> None:
    for row in rows:
        row.facets = " ".join(_facets(row))
    SearchEntry.objects.bulk_create(rows, batch_size=500)


def _rows(
    *, kind: str, key: str, programme_id: int | None, area_code: str, entries: list[Entry]
) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=kind,
            key=str(key),
            programme_id=programme_id,
            area_code=area_code,
            position=i,
            heading=entry.heading,
            title=entry.title,
            url=entry.url,
            text=entry.text,
            tokens=" ".join(segment(f"{entry.text}")),
        )
        for i, entry in enumerate(entries)
    ]


@transaction.atomic
def replace_documents(
    *, kind: str, key: str, programme_id: int | None, area_code: str, entries: list[Entry]
) -> None:
    """Index a document's entries, replacing whatever was indexed for it before."""
    remove_documents(kind=kind, key=key)
    _insert_rows(
        _rows(kind=kind, key=key, programme_id=programme_id, area_code=area_code, entries=entries)
    )


@transaction.atomic
def remove_documents(*, kind: str, key: str) -> None:
    _delete_rows(kind=kind, key=str(key))


@transaction.atomic
def clear_kind(kind: str) -> None:
    _delete_rows(kind=kind, key=None)


def bulk_index(kind: str, documents: Iterable[DocumentRow], *, batch: int = 2000) -> int:
    """Index many new documents quickly (rebuild and bench); the caller clears the kind first."""
    count = 0
    pending: list[SearchEntry] = []
    for key, programme_id, area_code, entries in documents:
        pending += _rows(
            kind=kind, key=key, programme_id=programme_id, area_code=area_code, entries=entries
        )
        count += 1
        if len(pending) >= batch:
            _insert_rows(pending)
            pending = []
    _insert_rows(pending)
    return count


def tidy_after_bulk_load() -> None:
    """After many rows at once (a rebuild, a benchmark load), do now what autovacuum would do
    later on PostgreSQL: move the GIN index's pending entries into the index proper (until then
    every query scans them one by one) and refresh the planner's statistics."""
    if _vendor() != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('search_entry_vector_gin')")
        cursor.execute("ANALYZE search_searchentry")


@transaction.atomic
def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Replay every registered source (or the named ones) into a fresh index."""
    done: dict[str, int] = {}
    for kind in kinds if kinds is not None else registered_kinds():
        clear_kind(kind)
        done[kind] = bulk_index(kind, _SOURCES[kind]())
    tidy_after_bulk_load()
    return done


# --- query -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexHit:
    entry_id: int
    kind: str
    key: str
    programme_id: int | None
    area_code: str
    heading: str
    title: str
    url: str
    text: str = field(repr=False)
    words: frozenset[str] = field(repr=False)
    rank: float = 0.0

    @cached_property
    def snippet(self) -> str:
        """HTML: escaped text with the matched words in <mark>. Made when first read, so that a
        page segments and highlights only the hits it shows."""
        return highlight(self.text, set(self.words))


def _fts5_match(clauses: list[tuple[str, ...]]) -> str:
    return " AND ".join('"' + " ".join(words) + '"' for words in clauses)


_THAI_DIGIT = re.compile("[๐-๙]")
_COLUMNS = "e.id, e.kind, e.key, e.programme_id, e.area_code, e.heading, e.title, e.url, e.text"


def _facet_filters(
    kind: str | None, prefixes: list[str], programme_id: int | None, heading: str
) -> tuple[list[str], str, list[Any]]:
    """Filter words to match, and a SQL condition with its parameters for an odd area prefix."""
    facets: list[str] = []
    where, params = "", []
    if kind:
        facets.append(_facet_kind(kind))
    for prefix in prefixes:
        if len(prefix) in AREA_LEVELS and prefix.isdigit():
            facets.append(f"a{prefix}")
        else:  # an odd prefix: filter on the rows
            where += " AND search_fts.rowid IN (SELECT id FROM search_searchentry WHERE area_code LIKE %s)"
            params.append(prefix.replace("%", "").replace("_", "") + "%")
    if programme_id is not None:
        facets.append(f"p{programme_id}")
    if heading:
        facets.append(_facet_heading(heading))
    return facets, where, params


def _sqlite_query(
    clauses: list[tuple[str, ...]],
    kind: str | None,
    prefixes: list[str],
    programme_id: int | None,
    heading: str,
    limit: int,
) -> tuple[str, list[Any]]:
    """The best `limit` matches by bm25 inside FTS5 (filters are facet words), then their rows.

    bm25 is worked out for the newest RANK_CANDIDATES matches only (FTS5 walks its doclists
    backwards by rowid, and stops there): a very common word would otherwise score every entry.
    """
    facets, where, params = _facet_filters(kind, prefixes, programme_id, heading)
    match = f"tokens : ({_fts5_match(clauses)})"
    if facets:
        match += " AND facets : (" + " AND ".join(f'"{f}"' for f in facets) + ")"
    sql = (
        f"SELECT {_COLUMNS}, f.score FROM ("  # noqa: S608 - fixed fragments; values are parameters
        "SELECT c.id, c.score FROM ("
        "SELECT search_fts.rowid AS id, bm25(search_fts, 1.0, 0.0) AS score FROM search_fts "
        f"WHERE search_fts MATCH %s{where} ORDER BY search_fts.rowid DESC LIMIT %s"
        ") c ORDER BY c.score, c.id LIMIT %s"
        ") f JOIN search_searchentry e ON e.id = f.id ORDER BY f.score, e.id"
    )
    return sql, [match, *params, RANK_CANDIDATES, limit]


def _postgresql_query(
    clauses: list[tuple[str, ...]],
    kind: str | None,
    prefixes: list[str],
    programme_id: int | None,
    heading: str,
    limit: int,
) -> tuple[str, list[Any]]:
    """The generated tsvector column holds to_tsvector('simple', tokens || ' ' || facets); each
    clause is parsed the same way by phraseto_tsquery('simple'), so the words match whatever the
    parser does, and the filter words narrow the match inside the GIN index.

    Three steps, so that the wide columns (the text) are read for the returned rows only: the
    candidates' ids and vectors from the GIN index (a very common word stops at RANK_CANDIDATES,
    which SQLite's bm25 does not need), their ts_rank, then the best `limit` rows' columns.
    """
    # The kind is checked on the candidate rows: as a filter word it would intersect the posting
    # list of every entry of that kind (most of the index) for each query.
    facets, where, params = _facet_filters(None, prefixes, programme_id, heading)
    where = where.replace("search_fts.rowid", "c.id")
    if kind:
        where += " AND c.kind = %s"
        params.append(kind)
    parts = [*(" ".join(words) for words in clauses), *facets]
    tsquery = " && ".join("phraseto_tsquery('simple', %s)" for _ in parts)
    sql = (
        f"WITH t AS MATERIALIZED (SELECT {tsquery} AS q), "  # noqa: S608 - values are parameters
        "c AS MATERIALIZED (SELECT c.id, c.vector FROM search_searchentry c, t "
        f"WHERE c.vector @@ t.q{where} LIMIT %s), "
        "r AS (SELECT c.id, -ts_rank(c.vector, t.q) AS rank FROM c, t ORDER BY rank, c.id LIMIT %s) "
        f"SELECT {_COLUMNS}, r.rank FROM r JOIN search_searchentry e ON e.id = r.id "
        "ORDER BY r.rank, e.id"
    )
    return sql, [*parts, *params, RANK_CANDIDATES, limit]


def search_entries(
    query: str,
    *,
    kind: str | None = "lesson",
    scope_code: str | None,
    programme_id: int | None = None,
    area_prefix: str = "",
    heading: str = "",
    limit: int = 50,
) -> list[IndexHit]:
    """Entries matching every clause of the query, best first, within `scope_code` (None: nothing)."""
    clauses = parse_query(query)
    if scope_code is None or not clauses:
        return []
    prefixes = [p for p in (scope_code, area_prefix) if p]
    if _vendor() == "sqlite":
        sql, args = _sqlite_query(clauses, kind, prefixes, programme_id, heading, limit)
    elif _vendor() == "postgresql":
        sql, args = _postgresql_query(clauses, kind, prefixes, programme_id, heading, limit)
    else:  # pragma: no cover
        raise NotImplementedError(_vendor())
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    words = frozenset(w for clause in clauses for w in clause)
    return [
        IndexHit(
            entry_id=row[0],
            kind=row[1],
            key=row[2],
            programme_id=row[3],
            area_code=row[4],
            heading=row[5],
            title=row[6],
            url=row[7],
            text=row[8],
            words=words,
            rank=float(row[9]),
        )
        for row in rows
    ]


def _spans(norm: str, words: set[str], lo: int, hi: int | None) -> Iterator[tuple[int, int]]:
    """Where the words stand in `norm` (as words, not letters), segmenting only the runs between
    spaces that hold one of them as letters and that lie between `lo` and `hi`."""
    for match in re.finditer(r"\S+", norm):
        if match.end() <= lo:
            continue
        if hi is not None and match.start() >= hi:
            return
        chunk = match.group()
        if any(word in chunk for word in words):
            for word, offset in segment_chunk(chunk):
                if word in words:
                    yield match.start() + offset, match.start() + offset + len(word)


def highlight(text: str, words: set[str], *, width: int = 160) -> str:
    """A window of `text` around the first matched word, escaped, matched words in <mark>."""
    shown = clean_text(text)
    # Digits and case only (pythainlp's normaliser is slow and rarely changes stored text): the
    # offsets stay those of the text shown.
    norm = shown.lower()
    if _THAI_DIGIT.search(norm):
        norm = to_arabic_digits(norm)
    first = next(_spans(norm, words, 0, None), (0, 0))[0]
    start = max(0, first - width // 3)
    end = min(len(shown), start + width)
    out: list[str] = ["…" if start else ""]
    cursor = start
    for s, e in _spans(norm, words, start, end):
        if s < start or e > end:
            continue
        out.append(html.escape(shown[cursor:s]))
        out.append(f"<mark>{html.escape(shown[s:e])}</mark>")
        cursor = e
    out.append(html.escape(shown[cursor:end]))
    if end < len(shown):
        out.append("…")
    return "".join(out).replace("</mark><mark>", "")
