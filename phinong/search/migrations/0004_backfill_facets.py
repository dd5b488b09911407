"""Fill the filter words of entries indexed before 0003 (SQLite only: PostgreSQL does not use them).

The same words as search.index._facets: k<kind>, a<area code at each level>, p<programme>,
h<heading's UTF-8 bytes in hex>.
"""

from django.db import migrations

FILL = """
UPDATE search_searchentry SET facets =
    'k' || lower(kind)
    || CASE WHEN length(area_code) >= 2 THEN ' a' || substr(area_code, 1, 2) ELSE '' END
    || CASE WHEN length(area_code) >= 4 THEN ' a' || substr(area_code, 1, 4) ELSE '' END
    || CASE WHEN length(area_code) >= 6 THEN ' a' || substr(area_code, 1, 6) ELSE '' END
    || CASE WHEN length(area_code) >= 8 THEN ' a' || substr(area_code, 1, 8) ELSE '' END
    || CASE WHEN programme_id IS NOT NULL THEN ' p' || programme_id ELSE '' END
    || ' h' || lower(hex(heading))
WHERE facets = ''
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_facets")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
