"""The search index: one row per heading of an indexed document (see search.index).

`tokens` holds the text segmented into Thai words and normalised, joined by single spaces. On SQLite
an external-content FTS5 table (`search_fts`, rowid = this row's id) indexes it, kept in step by
triggers; on PostgreSQL a generated tsvector column (`vector`, GIN-indexed). Both come from
migration 0003 and follow every insert, update and delete of these rows, including a restore or
a test database flush.
"""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    programme_id = models.IntegerField(null=True, blank=True)
    area_code = models.CharField(max_length=8, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    tokens = models.TextField(blank=True)
    facets = models.TextField(blank=True)  # filter words for SQLite's FTS5 (search.index._facets)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key"], name="search_entry_doc_idx"),
            models.Index(fields=["area_code"], name="search_entry_area_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}:{self.heading}"
