"""Sharing centres and their stock ledgers.

The ledger is append-only: a donation, a distribution or an adjustment (with its reason) is added,
and nothing is ever changed or deleted; a mistake is put right with an adjustment. Balances are
derived from the movements (centres.selectors.balances), never stored. Quantities are decimal
strings with two places ("12.50").
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import scoped
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.listing import (
    TAMBON_PATTERN,
    TEXT_PATTERN,
    AreaFilter,
    Id,
    Page,
    actor_of,
    in_area,
    money,
    stale_is_412,
)
from phinong.centres import selectors as centre_selectors
from phinong.centres import services as centre_services
from phinong.centres.models import (
    CentreStatus,
    HouseholdKind,
    MovementKind,
    SharingCentre,
    StockMovement,
)
from phinong.centres.services import MAX_QUANTITY
from phinong.geo import selectors as geo_selectors
from phinong.geo.models import Tambon, Village

router = Router(tags=["sharing centres"])


class CentreOut(Schema):
    id: int
    name: str
    tambon: str
    village: str | None
    operator: str
    status: str
    version: int

    @staticmethod
    def resolve_tambon(obj: SharingCentre) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_village(obj: SharingCentre) -> str | None:
        return obj.village_id


class BalanceOut(Schema):
    item: str
    unit: str
    quantity: str
    last_on: dt.date | None


class CentreDetailOut(CentreOut):
    balances: list[BalanceOut] = Field(..., description="every item it has held, from the ledger")

    @staticmethod
    def resolve_balances(obj: SharingCentre) -> list[dict[str, Any]]:
        return [
            {"item": b.item, "unit": b.unit, "quantity": money(b.quantity), "last_on": b.last_on}
            for b in centre_selectors.balances(obj)
        ]


class MovementOut(Schema):
    id: int
    centre: int
    kind: str
    occurred_on: dt.date
    item: str
    unit: str
    quantity: str = Field(..., description="signed for an adjustment, e.g. -2.50")
    change: str = Field(..., description="what it did to the balance")
    donor: str
    household_kind: str
    households: int | None
    reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_centre(obj: StockMovement) -> int:
        return obj.centre_id

    @staticmethod
    def resolve_quantity(obj: StockMovement) -> str:
        return money(obj.quantity)

    @staticmethod
    def resolve_change(obj: StockMovement) -> str:
        return money(obj.change)


class DonationIn(Schema):
    occurred_on: dt.date
    donor: str = Field(..., max_length=200, pattern=TEXT_PATTERN)
    item: str = Field(..., max_length=100, pattern=TEXT_PATTERN)
    unit: str = Field(..., max_length=30, pattern=TEXT_PATTERN)
    quantity: Decimal = Field(
        ..., gt=0, max_digits=12, decimal_places=2, lt=MAX_QUANTITY, description="12.50"
    )


class DistributionIn(Schema):
    occurred_on: dt.date
    item: str = Field(..., max_length=100, pattern=TEXT_PATTERN)
    unit: str = Field(..., max_length=30, pattern=TEXT_PATTERN)
    quantity: Decimal = Field(
        ..., gt=0, max_digits=12, decimal_places=2, lt=MAX_QUANTITY, description="12.50"
    )
    household_kind: HouseholdKind
    households: int = Field(..., ge=1, le=1_000_000)


class AdjustmentIn(Schema):
    occurred_on: dt.date
    item: str = Field(..., max_length=100, pattern=TEXT_PATTERN)
    unit: str = Field(..., max_length=30, pattern=TEXT_PATTERN)
    quantity: Decimal = Field(
        ...,
        max_digits=12,
        decimal_places=2,
        gt=-MAX_QUANTITY,
        lt=MAX_QUANTITY,
        description="signed: -2.50 takes stock away",
    )
    reason: str = Field(..., max_length=2000, pattern=TEXT_PATTERN)


class CentreFields(Schema):
    """A centre's details, as the web form has them (centres.forms.CentreForm)."""

    name: str = Field(..., max_length=200, pattern=TEXT_PATTERN)
    operator: str = Field(
        ...,
        max_length=200,
        pattern=TEXT_PATTERN,
        description="who runs it: a person, a group or an office",
    )
    village: str | None = Field(
        None, pattern=r"^[0-9]{8}$", description="a village of the tambon (8-digit code)"
    )


class NewCentreIn(CentreFields):
    tambon: str = Field(
        ..., pattern=TAMBON_PATTERN, description="the tambon's DOPA code", examples=["420102"]
    )


class CentreIn(CentreFields):
    status: CentreStatus


class CentreFilters(Schema):
    area: AreaFilter = None
    status: CentreStatus | None = None


class MovementFilters(Schema):
    kind: MovementKind | None = None
    item: str | None = Field(None, max_length=100)


@router.get("/centres", response={200: list[CentreOut], **READ_ERRORS})
@paginate(Page)
def centres(request: HttpRequest, filters: Query[CentreFilters]) -> QuerySet[SharingCentre]:
    actor = actor_of(request)
    rows = scoped(SharingCentre.objects.all(), actor=actor, path="tambon__code").filter(
        in_area(actor, filters.area, "tambon__code")
    )
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return rows.order_by("tambon_id", "name", "pk")


def _village(tambon: Tambon, code: str | None) -> Village | None:
    """The tambon's village with this code; any other code is a Thai 400 on `village`."""
    if not code:
        return None
    found = Village.objects.filter(code=code, tambon=tambon).first()
    if found is None:
        raise ValidationError(
            {"village": _("The village is not in tambon %(tambon)s.") % {"tambon": tambon.name_th}}
        )
    return found


@router.post("/centres", response={201: CentreDetailOut, **WRITE_ERRORS})
def create_centre(request: HttpRequest, payload: NewCentreIn) -> Status[SharingCentre]:
    """Register a sharing centre in a tambon of your area."""
    actor = actor_of(request)
    tambon = geo_selectors.tambon_for(actor=actor, code=payload.tambon)
    require(actor, Action.MANAGE_CENTRES)
    saved = centre_services.create_centre(
        actor=actor,
        tambon=tambon,
        name=payload.name,
        operator=payload.operator,
        village=_village(tambon, payload.village),
    )
    return Status(201, centre_selectors.get_centre_for(actor=actor, pk=saved.pk))


@router.put(
    "/centres/{centre_id}",
    response={200: CentreDetailOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def update_centre(
    request: HttpRequest, centre_id: Id, payload: CentreIn, response: HttpResponse
) -> SharingCentre:
    """Change a centre's details or status; send `If-Match` with the ETag you read."""
    actor = actor_of(request)
    found = centre_selectors.get_centre_for(actor=actor, pk=centre_id)
    require(actor, Action.MANAGE_CENTRES)
    require_match(request, found)
    with stale_is_412():
        centre_services.update_centre(
            actor=actor,
            centre=found,
            expected_version=found.version,
            name=payload.name,
            operator=payload.operator,
            status=str(payload.status),
            village=_village(found.tambon, payload.village),
        )
    saved = centre_selectors.get_centre_for(actor=actor, pk=found.pk)
    response["ETag"] = etag_of(saved)
    return saved


@router.get("/centres/{centre_id}", response={200: CentreDetailOut, **READ_ERRORS})
def centre(request: HttpRequest, centre_id: Id, response: HttpResponse) -> SharingCentre:
    """A centre and the balance of every item it has held (derived from the ledger)."""
    found = centre_selectors.get_centre_for(actor=actor_of(request), pk=centre_id)
    response["ETag"] = etag_of(found)
    return found


@router.get("/centres/{centre_id}/movements", response={200: list[MovementOut], **READ_ERRORS})
@paginate(Page)
def movements(
    request: HttpRequest, centre_id: Id, filters: Query[MovementFilters]
) -> QuerySet[StockMovement]:
    """The ledger, newest first."""
    found = centre_selectors.get_centre_for(actor=actor_of(request), pk=centre_id)
    rows = centre_selectors.movements_of(found)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.item:
        rows = rows.filter(item=filters.item)
    return rows.order_by("-occurred_on", "-id")


@router.post("/centres/{centre_id}/donations", response={201: MovementOut, **WRITE_ERRORS})
def donation(request: HttpRequest, centre_id: Id, payload: DonationIn) -> Status[StockMovement]:
    """Stock coming in from a named donor."""
    actor = actor_of(request)
    found = centre_selectors.get_centre_for(actor=actor, pk=centre_id)
    movement = centre_services.record_donation(actor=actor, centre=found, **payload.dict())
    return Status(201, movement)


@router.post("/centres/{centre_id}/distributions", response={201: MovementOut, **WRITE_ERRORS})
def distribution(
    request: HttpRequest, centre_id: Id, payload: DistributionIn
) -> Status[StockMovement]:
    """Stock going out to households; refused if the centre does not hold that much."""
    actor = actor_of(request)
    found = centre_selectors.get_centre_for(actor=actor, pk=centre_id)
    values = payload.dict()
    values["household_kind"] = str(payload.household_kind)
    movement = centre_services.record_distribution(actor=actor, centre=found, **values)
    return Status(201, movement)


@router.post("/centres/{centre_id}/adjustments", response={201: MovementOut, **WRITE_ERRORS})
def adjustment(request: HttpRequest, centre_id: Id, payload: AdjustmentIn) -> Status[StockMovement]:
    """A signed correction of the stock, with its reason."""
    actor = actor_of(request)
    found = centre_selectors.get_centre_for(actor=actor, pk=centre_id)
    movement = centre_services.record_adjustment(actor=actor, centre=found, **payload.dict())
    return Status(201, movement)
