"""Tambon reports on food security, the periods they are due in, and reminders to late districts."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phinong.core.formatting import num
from phinong.geo.models import Tambon
from phinong.programmes.models import Activity, Programme


class ReportPeriod(models.Model):
    """A reporting period of a programme: one per activity, monthly, or as the department sets.

    A period tied to an activity is due when the activity is (its due date follows the activity).
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("due on"))
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="periods",
    )

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="period_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {num(self.number)}. {self.name}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


# The figures of a report, in the order the form shows them.
FIGURES = (
    "households",
    "villages_covered",
    "partner_networks",
    "expenses_reduced",
    "active_centres",
    "hici_households",
    "food_packs",
)


class TambonReport(models.Model):
    """What a younger tambon achieved in a period; filled in by its district, approved by the province."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="reports")
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    households = models.PositiveIntegerField(_("households taking part"), default=0)
    villages_covered = models.PositiveIntegerField(_("villages covered"), default=0)
    partner_networks = models.PositiveIntegerField(_("partner networks"), default=0)
    expenses_reduced = models.DecimalField(
        _("household expenses reduced (baht)"), max_digits=14, decimal_places=2, default=0
    )
    active_centres = models.PositiveIntegerField(_("active sharing centres"), default=0)
    hici_households = models.PositiveIntegerField(_("HI/CI households supported"), default=0)
    food_packs = models.PositiveIntegerField(_("food packs given"), default=0)
    narrative = models.TextField(_("narrative"), blank=True)
    warning_comment = models.TextField(_("comment on the warnings"), blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "tambon"]
        verbose_name = _("tambon report")
        verbose_name_plural = _("tambon reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "tambon"], name="report_unique_tambon"),
        ]

    def __str__(self) -> str:
        return f"{self.tambon.name_th} · {self.period.name}"

    @property
    def editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class ReportTransition(models.Model):
    """One move of a report's workflow, with who made it and why: the report's history."""

    report = models.ForeignKey(TambonReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=ReportState.choices)
    to_state = models.CharField(max_length=10, choices=ReportState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class Evidence(models.Model):
    """A photo or PDF attached to a report."""

    report = models.ForeignKey(TambonReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """A message in a user's Phinong inbox, e.g. a province's reminder of a late report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.TextField()  # in Thai
    message_en = models.TextField(blank=True)  # the same in English; older rows have none
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def text(self) -> str:
        """The message in the reader's language: English when they read in English and the
        notification has it, else Thai."""
        if self.message_en and (get_language() or "").startswith("en"):
            return self.message_en
        return self.message
