from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a change came in: the reader's "source" column."""

    WEB = "web", _("Web page")
    IMPORT = "import", _("Excel import")
    API = "api", _("API")
    COMMAND = "command", _("System command")


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Rows are only ever added."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(_("who"), max_length=150)
    origin = models.CharField(_("from"), max_length=100, help_text=_("IP address, or 'cli'"))
    channel = models.CharField(
        _("source"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    object_label = models.CharField(_("record"), max_length=200)
    area_code = models.CharField(max_length=8, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_label}"
