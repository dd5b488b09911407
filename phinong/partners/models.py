"""Partners (ภาคีเครือข่าย): temples, schools, local governments, companies, NGOs, agencies and
community groups, with the tambons they work in.

A partner belongs to the area that registered it (`owner_code`: a district's code, or "" for the
department); that area edits it. It is visible to a user when its owner area or any of its tambons
lies inside the user's area. Each link to a tambon counts toward that tambon's partner networks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phinong.geo.models import Tambon


class PartnerKind(models.TextChoices):
    TEMPLE = "temple", _("Temple")
    SCHOOL = "school", _("School")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    COMPANY = "company", _("Company or shop")
    NGO = "ngo", _("Non-governmental organisation")
    AGENCY = "agency", _("Government agency")
    COMMUNITY_GROUP = "community_group", _("Community group")


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    owner_code = models.CharField(
        _("registered by"),
        max_length=4,
        blank=True,
        db_index=True,
        help_text=_("The code of the district that registered it; empty for the department."),
    )
    tambons: models.ManyToManyField[Tambon, PartnerTambon] = models.ManyToManyField(
        Tambon, through="PartnerTambon", related_name="partners", verbose_name=_("tambons")
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


class PartnerTambon(models.Model):
    """A partner works in a tambon."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="links")
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tambon", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "tambon"], name="partner_tambon_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.tambon_id}"
