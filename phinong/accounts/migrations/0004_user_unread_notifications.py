"""Each user's count of unread notifications, for the top bar's badge; filled from the inboxes."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_the_inboxes(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Notification = apps.get_model("reports", "Notification")
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.update(unread_notifications=Coalesce(Subquery(unread), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_fill_api_token_password_fingerprint"),
        ("reports", "0002_notification_message_en"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notifications",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_the_inboxes, migrations.RunPython.noop),
    ]
