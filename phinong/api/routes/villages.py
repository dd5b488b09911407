"""Villages (หมู่บ้าน) of a tambon: listed by anyone who sees the tambon, added by its district."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from phinong.accounts.scoping import get_in_scope
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of
from phinong.api.listing import Page, actor_of
from phinong.geo import selectors as geo_selectors
from phinong.geo import services as geo_services
from phinong.geo.models import Village

router = Router(tags=["villages"])

VillageCode = Annotated[str, Path(max_length=8, description="the village's 8-digit DOPA code")]


class VillageOut(Schema):
    code: str
    tambon: str
    moo: int
    name_th: str

    @staticmethod
    def resolve_tambon(obj: Village) -> str:
        return obj.tambon_id


class VillageIn(Schema):
    moo: int = Field(..., ge=1, le=99, description="the village number (หมู่ที่)")
    name_th: str = Field(..., max_length=100)


@router.get("/tambons/{code}/villages", response={200: list[VillageOut], **READ_ERRORS})
@paginate(Page)
def villages(request: HttpRequest, code: str) -> QuerySet[Village]:
    tambon = geo_selectors.tambon_for(actor=actor_of(request), code=code)
    return Village.objects.filter(tambon=tambon).order_by("code")


@router.post("/tambons/{code}/villages", response={201: VillageOut, **WRITE_ERRORS})
def create_village(request: HttpRequest, code: str, payload: VillageIn) -> Status[Village]:
    actor = actor_of(request)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    village = geo_services.add_village(
        actor=actor, tambon=tambon, moo=payload.moo, name_th=payload.name_th
    )
    return Status(201, village)


@router.get("/villages/{village_id}", response={200: VillageOut, **READ_ERRORS})
def village(request: HttpRequest, village_id: VillageCode, response: HttpResponse) -> Village:
    found = get_in_scope(
        Village.objects.all(), actor=actor_of(request), path="code", code=village_id
    )
    response["ETag"] = etag_of(found)
    return found
