"""Activity tracking per tambon, the 2-day workshop, attendance per leader per day, certificates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phinong.core.formatting import num
from phinong.geo.models import Tambon
from phinong.partners.models import Partner
from phinong.programmes.models import Activity, Programme
from phinong.register.models import Member


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ActivityRecord(models.Model):
    """What a tambon did for one activity of the programme."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="records")
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners involved"), blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "tambon"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "tambon"], name="record_unique_tambon"),
        ]

    def __str__(self) -> str:
        return f"{num(self.activity.number)}. {self.tambon.name_th}"


class ActivityEvidence(models.Model):
    record = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="activities/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class WorkshopMode(models.TextChoices):
    ONLINE = "online", _("Online")
    ONSITE = "onsite", _("On site")


class Workshop(models.Model):
    """A workshop for the leaders of the invited tambons (activity 2: two days, online)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="workshops")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="workshops"
    )
    title = models.CharField(pgettext_lazy("workshop", "title"), max_length=300)
    starts_on = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("days"), default=2)
    days_to_complete = models.PositiveSmallIntegerField(
        _("days a leader must attend to complete it"),
        null=True,
        blank=True,
        help_text=_("Empty: every day."),
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=WorkshopMode.choices, default=WorkshopMode.ONLINE
    )
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    link_or_venue = models.CharField(_("link or venue"), max_length=500, blank=True)
    organiser_code = models.CharField(_("organiser area"), max_length=6)
    tambons = models.ManyToManyField(Tambon, verbose_name=_("invited tambons"), related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def required_days(self) -> int:
        return min(self.days_to_complete or self.days, self.days)


class Attendance(models.Model):
    """A leader present on one day of a workshop. Absence is the lack of a row."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendance")
    day = models.PositiveSmallIntegerField(_("day"))
    source = models.CharField(max_length=20, default="ticked")  # ticked | zoom | meet | teams
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member", "day"], name="attendance_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} day {self.day}"


class Certificate(models.Model):
    """Issued to a leader who completed a workshop; verified publicly by its code."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="certificates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    full_name = models.CharField(max_length=250)  # as printed, kept even if the register changes
    issued_on = models.DateField(_("issued on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "member"], name="certificate_once"),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateSignatory(models.Model):
    """Who signs a programme's certificates in an area: the nation (the department's default, area
    ""), a province or a district. A certificate takes the most specific one covering its tambon."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(_("area"), max_length=4, blank=True)
    name = models.CharField(_("signatory's name"), max_length=150)
    position = models.CharField(_("signatory's position"), max_length=200)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "area_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "area_code"], name="signatory_once_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class CertificateEmblem(models.Model):
    """The image printed at the top centre of a programme's certificates (a PNG we re-encoded)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="+")
    image = models.FileField(upload_to="certificates/emblems/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.image.name
