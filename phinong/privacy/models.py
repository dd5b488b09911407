"""Who looked at personal data: one row per view of unmasked national IDs, phones or birth dates.

Rows are only ever added (and anonymised when the person they name is erased, privacy.erasure).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    """What was looked at; each kind is one kind of page, file or API answer."""

    MEMBER = "member", _("A person's page")
    REGISTER = "register", _("A tambon's register")
    EXPORT = "export", _("A register export")
    API_LEADERS = "api_leaders", _("The API's list of leaders")
    API_MEMBER = "api_member", _("A person through the API")
    API_MENTORS = "api_mentors", _("The API's list of mentors")
    EVIDENCE = "evidence", _("An evidence file")
    SEARCH = "search", _("A person found by national ID")


class AccessEvent(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    username = models.CharField(_("who"), max_length=150, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=AccessKind.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    label = models.CharField(_("record"), max_length=200)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    origin = models.CharField(_("from"), max_length=100)
    user_agent = models.CharField(_("browser or program"), max_length=120, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        indexes = [models.Index(fields=["object_type", "object_id"], name="access_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.label}"
