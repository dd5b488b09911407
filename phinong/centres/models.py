"""Sharing centres (ศูนย์แบ่งปัน) and their stock ledgers.

A centre is a place: it belongs to a tambon (optionally to one of its villages), not to a programme,
and it is scoped by its tambon's code. Its stock is a ledger of movements that is only ever appended
to: a donation in, a distribution out to households, or a signed adjustment with a reason, which is
how a mistake is put right. The balance of an item is the sum of its movements; it is never stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from phinong.geo.models import Tambon, Village

# Quantities have two decimals (12.5 kg); sums get more digits than one movement may hold.
QUANTITY_DIGITS, QUANTITY_PLACES = 12, 2
TOTAL: models.DecimalField[Decimal, Decimal] = models.DecimalField(
    max_digits=20, decimal_places=QUANTITY_PLACES
)


class CentreStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class SharingCentre(models.Model):
    name = models.CharField(_("name"), max_length=200)
    tambon = models.ForeignKey(
        Tambon, verbose_name=_("tambon"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operator = models.CharField(_("operator"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=CentreStatus.choices, default=CentreStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tambon", "name"]
        verbose_name = _("sharing centre")
        verbose_name_plural = _("sharing centres")
        constraints = [
            models.UniqueConstraint(fields=["tambon", "name"], name="centre_unique_name_in_tambon"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == CentreStatus.ACTIVE


class MovementKind(models.TextChoices):
    IN = "in", _("Donation")
    OUT = "out", _("Distribution")
    ADJUSTMENT = "adjustment", _("Adjustment")


class HouseholdKind(models.TextChoices):
    HICI = "hici", _("HI/CI (home or community isolation)")
    ELDERLY = "elderly", _("Elderly")
    LOW_INCOME = "low_income", _("Low income")
    OTHER = "other", _("Other")


# What a movement does to the balance: a distribution takes its (positive) quantity away.
CHANGE = Case(
    When(kind=MovementKind.OUT, then=-F("quantity")),
    default=F("quantity"),
    output_field=TOTAL,
)


class StockMovementQuerySet(models.QuerySet["StockMovement"]):
    def of_item(self, item: str, unit: str) -> StockMovementQuerySet:
        return self.filter(item=item, unit=unit)

    def balance(self) -> Decimal:
        total = self.aggregate(total=Coalesce(Sum(CHANGE), Value(Decimal(0)), output_field=TOTAL))
        return total["total"]


class StockMovement(models.Model):
    """One line of a centre's ledger. Never edited or deleted: an adjustment corrects it.

    `quantity` is positive for a donation and a distribution, and signed for an adjustment.
    """

    centre = models.ForeignKey(SharingCentre, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    occurred_on = models.DateField(_("date"))
    item = models.CharField(_("item"), max_length=100)
    unit = models.CharField(_("unit"), max_length=30)
    quantity = models.DecimalField(
        _("quantity"), max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES
    )
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    household_kind = models.CharField(
        _("households"), max_length=12, choices=HouseholdKind.choices, blank=True
    )
    households = models.PositiveIntegerField(_("number of households"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(
                fields=["centre", "item", "unit", "occurred_on"], name="movement_item_idx"
            ),
            models.Index(fields=["centre", "occurred_on"], name="movement_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[MovementKind.IN, MovementKind.OUT], quantity__gt=0)
                | (Q(kind=MovementKind.ADJUSTMENT) & ~Q(quantity=0)),
                name="movement_quantity_sign",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.OUT)
                | (~Q(household_kind="") & Q(households__isnull=False, households__gte=1)),
                name="movement_out_has_households",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.ADJUSTMENT) | ~Q(reason=""),
                name="movement_adjustment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item} {self.quantity} {self.unit}"

    @property
    def change(self) -> Decimal:
        """What this movement does to the balance."""
        return -self.quantity if self.kind == MovementKind.OUT else self.quantity
