"""Existing API tokens keep working until their owner's password changes."""

import hashlib

from django.db import migrations


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user").filter(password_fingerprint=""):
        token.password_fingerprint = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_token_expiry_and_revocation")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
