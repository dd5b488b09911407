"""Thailand's administrative areas, keyed by DOPA code.

The codes nest: a district's code starts with its province's, a tambon's with its district's and a
village's with its tambon's. Area scoping (accounts.scoping) relies on that: "inside an area" is
"the code starts with the area's code".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phinong.core.formatting import num


class Level(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    TAMBON = "tambon", _("Tambon")
    VILLAGE = "village", _("Village")


LEVEL_BY_CODE_LENGTH = {0: Level.NATION, 2: Level.PROVINCE, 4: Level.DISTRICT, 6: Level.TAMBON}
BANGKOK = "10"


class Province(models.Model):
    code = models.CharField(_("DOPA code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    in_cdd_scope = models.BooleanField(
        _("in the CDD's scope"),
        default=True,
        help_text=_(
            "Bangkok is outside: the Community Development Department does not work there."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name_th

    level = Level.PROVINCE


class District(models.Model):
    code = models.CharField(_("DOPA code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name_th

    level = Level.DISTRICT


class Tambon(models.Model):
    code = models.CharField(_("DOPA code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tambons")
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tambon")
        verbose_name_plural = _("tambons")

    def __str__(self) -> str:
        return self.name_th

    level = Level.TAMBON


class Village(models.Model):
    """A หมู่บ้าน, entered by the district: its code is the tambon code plus the 2-digit หมู่ที่."""

    code = models.CharField(_("DOPA code"), max_length=8, primary_key=True)
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="villages")
    moo = models.PositiveSmallIntegerField(_("village number (หมู่ที่)"))
    name_th = models.CharField(_("Thai name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.UniqueConstraint(fields=["tambon", "moo"], name="village_unique_moo_in_tambon"),
        ]

    def __str__(self) -> str:
        return f"หมู่ {num(self.moo)} {self.name_th}"

    level = Level.VILLAGE


Area = Province | District | Tambon
