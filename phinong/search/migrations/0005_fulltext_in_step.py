"""The full-text side follows the rows by itself, whoever writes them (a restore, a flush, a bulk
load): replaces the tables of 0002.

SQLite: `search_fts` becomes an external-content FTS5 table over search_searchentry's `tokens`
(the words) and `facets` (filter words), kept in step by triggers, and is rebuilt from the rows.
The `ascii` tokenizer keeps every non-ASCII character inside a token (`unicode61` splits Thai at
vowel and tone marks, so ปู would match ปูน); the words are already split by search.segment.
PostgreSQL: `vector` becomes a generated column, to_tsvector('simple', tokens || ' ' || facets),
GIN-indexed: the filter words narrow the match inside the index there too.
"""

from django.db import migrations


class RunSQLFor(migrations.RunSQL):
    """RunSQL that only runs on one database vendor."""

    def __init__(self, vendor: str, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


SQLITE = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, facets, "
    "content = 'search_searchentry', content_rowid = 'id', tokenize = 'ascii')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, tokens, facets) VALUES (new.id, new.tokens, new.facets); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens, facets) "
    "VALUES ('delete', old.id, old.tokens, old.facets); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens, facets) "
    "VALUES ('delete', old.id, old.tokens, old.facets); "
    "INSERT INTO search_fts(rowid, tokens, facets) VALUES (new.id, new.tokens, new.facets); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACK = [
    "DROP TRIGGER search_entry_ai",
    "DROP TRIGGER search_entry_ad",
    "DROP TRIGGER search_entry_au",
    "DROP TABLE search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, facets, tokenize = 'ascii')",
]
POSTGRESQL = [
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vector",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens || ' ' || facets)) STORED",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (vector)",
]
POSTGRESQL_BACK = [
    "ALTER TABLE search_searchentry DROP COLUMN vector",
    "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (vector)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_backfill_facets")]

    operations = [
        RunSQLFor("sqlite", sql=SQLITE, reverse_sql=SQLITE_BACK),
        RunSQLFor("postgresql", sql=POSTGRESQL, reverse_sql=POSTGRESQL_BACK),
    ]
