"""Writes to sharing centres and their stock ledgers.

Every ledger write locks the centre's row first (`select_for_update`; SQLite serialises writers
anyway, with `transaction_mode=IMMEDIATE`), so two withdrawals cannot both spend the same stock.
Movements are only ever added: there is no edit and no delete, and a mistake is put right by an
adjustment that gives its reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import diff, record
from phinong.centres import selectors
from phinong.centres.display import qty
from phinong.centres.models import (
    QUANTITY_DIGITS,
    QUANTITY_PLACES,
    CentreStatus,
    HouseholdKind,
    MovementKind,
    SharingCentre,
    StockMovement,
)
from phinong.core.errors import ConflictError
from phinong.core.formatting import date as format_date
from phinong.geo.models import Tambon, Village
from phinong.lib.thai import clean_text

if TYPE_CHECKING:
    from phinong.accounts.models import User

CENTRE_FIELDS = ("name", "operator", "status")
MAX_QUANTITY = Decimal(10) ** (QUANTITY_DIGITS - QUANTITY_PLACES)


# The centres -----------------------------------------------------------------------------------


def _snapshot(centre: SharingCentre) -> dict[str, Any]:
    return {f: getattr(centre, f) for f in CENTRE_FIELDS} | {"village": centre.village_id}


def _validated_centre(
    *, tambon: Tambon, name: str, operator: str, village: Village | None, exclude_pk: int = 0
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name, operator = clean_text(name), clean_text(operator)
    if not name:
        errors["name"] = _("Give the centre a name.")
    elif SharingCentre.objects.filter(tambon=tambon, name=name).exclude(pk=exclude_pk).exists():
        errors["name"] = _("Tambon %(tambon)s already has a centre called %(name)s.") % {
            "tambon": tambon.name_th,
            "name": name,
        }
    if not operator:
        errors["operator"] = _("Say who runs the centre.")
    if village is not None and village.tambon_id != tambon.code:
        errors["village"] = _("The village is not in tambon %(tambon)s.") % {
            "tambon": tambon.name_th
        }
    if errors:
        raise ValidationError(errors)
    return {"name": name, "operator": operator, "village": village}


@transaction.atomic
def create_centre(
    *, actor: User, tambon: Tambon, name: str, operator: str, village: Village | None = None
) -> SharingCentre:
    require_in_scope(actor=actor, area_code=tambon.code)
    require(actor, Action.MANAGE_CENTRES)
    values = _validated_centre(tambon=tambon, name=name, operator=operator, village=village)
    centre = SharingCentre.objects.create(tambon=tambon, **values)
    record(
        actor=actor,
        action="centre.create",
        obj=centre,
        area_code=tambon.code,
        changes=_snapshot(centre),
    )
    return centre


@transaction.atomic
def update_centre(
    *,
    actor: User,
    centre: SharingCentre,
    expected_version: int,
    name: str,
    operator: str,
    status: str,
    village: Village | None,
) -> SharingCentre:
    """Change a centre's details; raises ConflictError if someone saved it since `expected_version`."""
    require_in_scope(actor=actor, area_code=centre.tambon_id)
    require(actor, Action.MANAGE_CENTRES)
    values = _validated_centre(
        tambon=centre.tambon, name=name, operator=operator, village=village, exclude_pk=centre.pk
    )
    if status not in CentreStatus.values:
        raise ValidationError({"status": _("Choose active or inactive.")})
    before = _snapshot(centre)
    updated = SharingCentre.objects.filter(pk=centre.pk, version=expected_version).update(
        **values, status=status, version=F("version") + 1
    )
    if not updated:
        raise ConflictError(SharingCentre.objects.get(pk=centre.pk))
    centre.refresh_from_db()
    changes = diff(before, _snapshot(centre))
    if changes:
        record(
            actor=actor,
            action="centre.update",
            obj=centre,
            area_code=centre.tambon_id,
            changes=changes,
        )
    return centre


# The ledger ------------------------------------------------------------------------------------


def _lock(actor: User, centre: SharingCentre) -> SharingCentre:
    """Check the area (404), then the role (403); then hold the centre's row until the commit."""
    require_in_scope(actor=actor, area_code=centre.tambon_id)
    require(actor, Action.MANAGE_CENTRES)
    return SharingCentre.objects.select_for_update().select_related("tambon").get(pk=centre.pk)


def _check_date(occurred_on: dt.date | None, errors: dict[str, str]) -> None:
    if occurred_on is None:
        errors["occurred_on"] = _("Give the date.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date is in the future.")


def _check_quantity(quantity: Decimal | None, errors: dict[str, str], *, signed: bool) -> None:
    if quantity is None or not quantity.is_finite():
        errors["quantity"] = _("Give the quantity.")
    elif quantity != quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        errors["quantity"] = _("The quantity may have at most two decimals.")
    elif abs(quantity) >= MAX_QUANTITY:
        errors["quantity"] = _("The quantity is too large.")
    elif signed and not quantity:
        errors["quantity"] = _("An adjustment adds or takes away something: it cannot be zero.")
    elif not signed and quantity <= 0:
        errors["quantity"] = _("The quantity must be more than zero.")


def _item(centre: SharingCentre, item: str, unit: str, errors: dict[str, str]) -> tuple[str, str]:
    """The item as the ledger identifies it: clean text, spelt as the ledger already spells it."""
    item, unit = clean_text(item), clean_text(unit)
    if not item:
        errors["item"] = _("Name the item.")
    elif len(item) > StockMovement._meta.get_field("item").max_length:  # type: ignore[operator]
        errors["item"] = _("The item name is too long.")
    if not unit:
        errors["unit"] = _("Give the unit, such as kg, bag or pack.")
    elif len(unit) > StockMovement._meta.get_field("unit").max_length:  # type: ignore[operator]
        errors["unit"] = _("The unit is too long.")
    if errors:
        return item, unit
    return selectors.item_spelling(centre, item, unit)


def _require_active(centre: SharingCentre) -> None:
    if centre.status != CentreStatus.ACTIVE:
        raise ValidationError(
            _("The centre is inactive: make it active again before recording this.")
        )


def _check_stock(
    centre: SharingCentre, *, item: str, unit: str, day: dt.date, taken: Decimal
) -> None:
    """Refuse to take `taken` away on `day` if that would leave any balance below zero."""
    room = selectors.headroom(centre, item=item, unit=unit, day=day)
    if taken <= room.available:
        return
    values = {"item": item, "unit": unit, "date": format_date(day), "quantity": qty(taken)}
    if room.later_low is None or room.on_the_day <= room.later_low:
        message = _(
            "Not enough %(item)s in stock: the balance on %(date)s is %(balance)s %(unit)s, "
            "less than the %(quantity)s %(unit)s to take out."
        ) % (values | {"balance": qty(room.on_the_day)})
    else:
        message = _(
            "Not enough %(item)s in stock: what was recorded after %(date)s leaves only "
            "%(balance)s %(unit)s to spare on that date, less than the %(quantity)s %(unit)s "
            "to take out."
        ) % (values | {"balance": qty(room.later_low)})
    raise ValidationError({"quantity": message})


def _append(actor: User, centre: SharingCentre, movement: StockMovement) -> StockMovement:
    movement.centre = centre
    movement.created_by = actor
    movement.save()
    changes = {
        "movement": movement.pk,
        "occurred_on": movement.occurred_on,
        "item": movement.item,
        "unit": movement.unit,
        "quantity": movement.quantity,
    }
    if movement.donor:
        changes["donor"] = movement.donor
    if movement.kind == MovementKind.OUT:
        changes |= {"household_kind": movement.household_kind, "households": movement.households}
    record(
        actor=actor,
        action=f"stock.{movement.kind}",
        obj=centre,
        area_code=centre.tambon_id,
        changes=changes,
        reason=movement.reason,
    )
    return movement


@transaction.atomic
def record_donation(
    *,
    actor: User,
    centre: SharingCentre,
    occurred_on: dt.date,
    donor: str,
    item: str,
    unit: str,
    quantity: Decimal,
) -> StockMovement:
    """Stock coming in: a donation, from a named donor."""
    centre = _lock(actor, centre)
    _require_active(centre)
    errors: dict[str, str] = {}
    _check_date(occurred_on, errors)
    donor = clean_text(donor)
    if not donor:
        errors["donor"] = _("Name the donor.")
    elif len(donor) > StockMovement._meta.get_field("donor").max_length:  # type: ignore[operator]
        errors["donor"] = _("The donor's name is too long.")
    _check_quantity(quantity, errors, signed=False)
    item, unit = _item(centre, item, unit, errors)
    if errors:
        raise ValidationError(errors)
    movement = StockMovement(
        kind=MovementKind.IN,
        occurred_on=occurred_on,
        donor=donor,
        item=item,
        unit=unit,
        quantity=quantity,
    )
    return _append(actor, centre, movement)


@transaction.atomic
def record_distribution(
    *,
    actor: User,
    centre: SharingCentre,
    occurred_on: dt.date,
    item: str,
    unit: str,
    quantity: Decimal,
    household_kind: str,
    households: int,
) -> StockMovement:
    """Stock going out to households; refused if the centre does not hold that much."""
    centre = _lock(actor, centre)
    _require_active(centre)
    errors: dict[str, str] = {}
    _check_date(occurred_on, errors)
    _check_quantity(quantity, errors, signed=False)
    if household_kind not in HouseholdKind.values:
        errors["household_kind"] = _("Choose who the households are.")
    if households is None or households < 1:
        errors["households"] = _("Give the number of households, one or more.")
    item, unit = _item(centre, item, unit, errors)
    if errors:
        raise ValidationError(errors)
    _check_stock(centre, item=item, unit=unit, day=occurred_on, taken=quantity)
    movement = StockMovement(
        kind=MovementKind.OUT,
        occurred_on=occurred_on,
        item=item,
        unit=unit,
        quantity=quantity,
        household_kind=household_kind,
        households=households,
    )
    return _append(actor, centre, movement)


@transaction.atomic
def record_adjustment(
    *,
    actor: User,
    centre: SharingCentre,
    occurred_on: dt.date,
    item: str,
    unit: str,
    quantity: Decimal,
    reason: str,
) -> StockMovement:
    """A signed correction with its reason; one that takes stock away may not make it negative."""
    centre = _lock(actor, centre)
    errors: dict[str, str] = {}
    _check_date(occurred_on, errors)
    _check_quantity(quantity, errors, signed=True)
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("Give the reason for the adjustment.")
    item, unit = _item(centre, item, unit, errors)
    if errors:
        raise ValidationError(errors)
    if quantity < 0:
        _check_stock(centre, item=item, unit=unit, day=occurred_on, taken=-quantity)
    movement = StockMovement(
        kind=MovementKind.ADJUSTMENT,
        occurred_on=occurred_on,
        item=item,
        unit=unit,
        quantity=quantity,
        reason=reason,
    )
    return _append(actor, centre, movement)
