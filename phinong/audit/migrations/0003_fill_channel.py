"""Give events written before the channel existed their likely source.

An import action came from an Excel import; an event written outside a request (origin 'cli' or
'system') came from a command; anything else came from a request, most likely a web page (the API
cannot be told apart afterwards).
"""

from django.db import migrations

IMPORT_ACTIONS = ("register.import", "leader.import")


def fill(apps, schema_editor):
    events = apps.get_model("audit", "AuditEvent").objects
    events.filter(action__in=IMPORT_ACTIONS).update(channel="import")
    events.exclude(action__in=IMPORT_ACTIONS).filter(origin__in=("cli", "system")).update(
        channel="command"
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_auditevent_channel")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
