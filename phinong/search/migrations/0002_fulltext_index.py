"""The full-text side of the search index, which depends on the database.

SQLite: an FTS5 table over the segmented words (rowid = search_searchentry.id). The words are
already split and normalised by search.segment (letters, marks and digits only), so the tokenizer
need only split on the spaces between them: `ascii` keeps every non-ASCII character inside a
token. (`unicode61` would not do: it treats Thai vowel and tone marks as separators, so ปู would
match ปูน.) The second column holds filter words (kind, area codes, programme, heading): see
search.index._facets.
PostgreSQL: a tsvector column over the same words, with a GIN index.
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


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [
        RunSQLFor(
            "sqlite",
            sql=("CREATE VIRTUAL TABLE search_fts USING fts5(tokens, facets, tokenize = 'ascii')"),
            reverse_sql="DROP TABLE search_fts",
        ),
        RunSQLFor(
            "postgresql",
            sql=[
                "ALTER TABLE search_searchentry ADD COLUMN vector tsvector",
                "CREATE INDEX search_entry_vector_gin ON search_searchentry USING GIN (vector)",
            ],
            reverse_sql=[
                "DROP INDEX search_entry_vector_gin",
                "ALTER TABLE search_searchentry DROP COLUMN vector",
            ],
        ),
    ]
