from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phinong.core.formatting import num
from phinong.geo.models import District, Province, Tambon


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("programme status", "Active")
    CLOSED = "closed", _("Closed")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible(self) -> "ProgrammeQuerySet":
        return self.exclude(status=ProgrammeStatus.DRAFT)


class Programme(models.Model):
    """A phase of the change-leaders project, such as project ๑๙๘/๒๕๖๔.

    A programme that extends an earlier one (ขยายผล) is run in pairs: its target tambons are the
    younger tambons, and the tambons of the earlier programme are the elder tambons that coach them.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    leaders_per_tambon = models.PositiveSmallIntegerField(_("leaders per tambon"), default=15)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    extends = models.ForeignKey(
        "self",
        verbose_name=_("extends"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
    )
    allow_cross_province_pairs = models.BooleanField(
        _("elder tambons may be in another province"), default=False
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_paired(self) -> bool:
        return self.extends_id is not None


class Activity(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    due_on = models.DateField(_("due on"))
    participants = models.CharField(_("who takes part"), max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="activity_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{num(self.number)}. {self.name}"


class ProvinceQuota(models.Model):
    """How many tambons (younger tambons, in a paired programme) a province may select."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="province_quotas"
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    tambons = models.PositiveIntegerField(_("tambons"))

    class Meta:
        ordering = ["programme", "province"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "province"], name="province_quota_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.province_id}: {self.tambons}"


class DistrictQuota(models.Model):
    """An optional split of a province's quota: a cap on one district."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="district_quotas"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    tambons = models.PositiveIntegerField(_("tambons"))

    class Meta:
        ordering = ["programme", "district"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "district"], name="district_quota_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.district_id}: {self.tambons}"


class TargetTambon(models.Model):
    """A tambon taking part in a programme that is not run in pairs (such as phase 1)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "tambon"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "tambon"], name="target_tambon_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.tambon_id}"


class Pair(models.Model):
    """An elder tambon (ตำบลบ้านพี่) coaching a younger tambon (ตำบลเมืองน้อง) in a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="pairs")
    younger = models.ForeignKey(
        Tambon, verbose_name=_("younger tambon"), on_delete=models.PROTECT, related_name="+"
    )
    elder = models.ForeignKey(
        Tambon, verbose_name=_("elder tambon"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "younger"]
        verbose_name = _("tambon pair")
        verbose_name_plural = _("tambon pairs")
        constraints = [
            models.UniqueConstraint(fields=["programme", "younger"], name="pair_one_per_younger"),
            models.CheckConstraint(
                condition=~models.Q(younger=models.F("elder")), name="pair_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elder} → {self.younger}"
