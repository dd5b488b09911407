"""PostgreSQL: keep each entry's tsvector inside its row (compressed) rather than in the TOAST
table, so that ranking the candidates of a query (ts_rank reads every candidate's vector) does not
look each one up in the TOAST index. The text and the tokens, read for the shown hits only, may
still go out of line. Rows written before this keep their layout until `rebuild_search_index`."""

from django.db import migrations


def vector_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE MAIN")


def vector_extended(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_fulltext_in_step")]

    operations = [migrations.RunPython(vector_inline, vector_extended, elidable=False)]
