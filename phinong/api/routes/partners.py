"""Partners (ภาคีเครือข่าย) and the tambons they work in.

A partner is seen by the area that registered it and by the areas of its tambons; only the area
that registered it (or one above) changes or deletes it (partners.selectors.can_change). Of its
tambons, a reader sees those inside their own area. The phone is masked as on the web.
"""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.listing import (
    TAMBON_PATTERN,
    TEXT_PATTERN,
    AreaFilter,
    Id,
    Page,
    actor_of,
    in_area,
    shown_phone,
    shows_personal,
    stale_is_412,
)
from phinong.geo import selectors as geo_selectors
from phinong.partners import selectors as partner_selectors
from phinong.partners import services as partner_services
from phinong.partners.models import Partner, PartnerKind

router = Router(tags=["partners"])


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    contact_person: str
    phone: str
    note: str
    owner: str = Field(..., description="the district that registered it; empty: the department")
    tambons: list[Annotated[str, Field(pattern=TAMBON_PATTERN)]] = Field(
        ..., description="the tambons it works in, inside your area"
    )
    version: int

    @staticmethod
    def resolve_owner(obj: Partner) -> str:
        return obj.owner_code

    @staticmethod
    def resolve_tambons(obj: Partner) -> list[str]:
        # Every partner answered comes through partners.selectors.with_links.
        return [link.tambon_id for link in getattr(obj, "visible_links", [])]

    @staticmethod
    def resolve_phone(obj: Partner, context: Any) -> str:
        return shown_phone(obj.phone, shows_personal(context["request"].user))


class PartnerIn(Schema):
    name: str = Field(..., max_length=200, pattern=TEXT_PATTERN)
    kind: PartnerKind
    contact_person: str = Field("", max_length=200)
    phone: str = Field("", max_length=30)
    note: str = Field("", max_length=5000)


class NewPartnerIn(PartnerIn):
    tambons: list[Annotated[str, Field(pattern=TAMBON_PATTERN)]] = Field(
        default_factory=list, max_length=100, description="DOPA codes of tambons it works in"
    )


class PartnerUpdateIn(PartnerIn):
    add_tambons: list[Annotated[str, Field(pattern=TAMBON_PATTERN)]] = Field(
        default_factory=list, max_length=100, description="tambons to add (DOPA codes)"
    )


class PartnerFilters(Schema):
    area: AreaFilter = None
    kind: PartnerKind | None = None


class ReasonQuery(Schema):
    reason: str = Field(
        ..., max_length=2000, pattern=TEXT_PATTERN, description="why (kept in the history)"
    )


def _data(payload: PartnerIn) -> dict[str, Any]:
    data = payload.dict(include={"name", "kind", "contact_person", "phone", "note"})
    data["kind"] = str(payload.kind)
    return data


def _tambons(request: HttpRequest, codes: list[str]) -> list[Any]:
    """The tambons named, each inside the actor's area (404 otherwise)."""
    actor = actor_of(request)
    return [geo_selectors.tambon_for(actor=actor, code=code) for code in dict.fromkeys(codes)]


@router.get("/partners", response={200: list[PartnerOut], **READ_ERRORS})
@paginate(Page)
def partners(request: HttpRequest, filters: Query[PartnerFilters]) -> QuerySet[Partner]:
    actor = actor_of(request)
    if filters.area:
        in_area(actor, filters.area, "owner_code")  # 404 outside the actor's area
        rows = partner_selectors.partners_in_area(actor=actor, area_code=filters.area)
    else:
        rows = partner_selectors.partners_for(actor=actor)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    return partner_selectors.with_links(rows.order_by("name", "pk"), actor=actor)


@router.get("/partners/{partner_id}", response={200: PartnerOut, **READ_ERRORS})
def partner(request: HttpRequest, partner_id: Id, response: HttpResponse) -> Partner:
    actor = actor_of(request)
    found = partner_selectors.get_partner_for(actor=actor, pk=partner_id)
    response["ETag"] = etag_of(found)
    return _with_links(request, found)


def _with_links(request: HttpRequest, found: Partner) -> Partner:
    actor = actor_of(request)
    rows = partner_selectors.partners_for(actor=actor).filter(pk=found.pk)
    return partner_selectors.with_links(rows, actor=actor).get()


@router.post("/partners", response={201: PartnerOut, **WRITE_ERRORS})
def create_partner(request: HttpRequest, payload: NewPartnerIn) -> Status[Partner]:
    """Register a partner for your area (your district, or the department)."""
    actor = actor_of(request)
    tambons = _tambons(request, payload.tambons)
    created = partner_services.create_partner(actor=actor, data=_data(payload), tambons=tambons)
    return Status(201, _with_links(request, created))


def _changeable(request: HttpRequest, partner_id: int) -> Partner:
    """The partner in the area (404), changeable by the actor (403), as last read (428/412)."""
    actor = actor_of(request)
    found = partner_selectors.get_partner_for(actor=actor, pk=partner_id)
    if not partner_selectors.can_change(actor=actor, partner=found):
        raise PermissionDenied
    require_match(request, found)
    return found


@router.put(
    "/partners/{partner_id}", response={200: PartnerOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_partner(
    request: HttpRequest, partner_id: Id, payload: PartnerUpdateIn, response: HttpResponse
) -> Partner:
    """Change a partner's details (and add tambons); send `If-Match` with the ETag you read."""
    found = _changeable(request, partner_id)
    tambons = _tambons(request, payload.add_tambons)
    with stale_is_412():
        partner_services.update_partner(
            actor=actor_of(request),
            partner=found,
            expected_version=found.version,
            data=_data(payload),
            add_tambons=tambons,
        )
    saved = _with_links(request, found)
    response["ETag"] = etag_of(saved)
    return saved


@router.delete(
    "/partners/{partner_id}", response={204: None, **WRITE_ERRORS}, openapi_extra=if_match()
)
def delete_partner(request: HttpRequest, partner_id: Id, query: Query[ReasonQuery]) -> Status[None]:
    """Delete a partner and its links, with the reason; send `If-Match`."""
    found = _changeable(request, partner_id)
    partner_services.delete_partner(actor=actor_of(request), partner=found, reason=query.reason)
    return Status(204, None)
