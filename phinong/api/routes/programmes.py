"""Programmes with their activities, and the quota of an area in a programme."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, etag_of
from phinong.api.listing import AreaCode, Id, Page, actor_of
from phinong.api.schemas import ProgrammeOut, QuotaOut
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme, ProgrammeStatus

router = Router(tags=["programmes"])


class ProgrammeFilters(Schema):
    fiscal_year: int | None = Field(None, ge=2400, le=2700, description="a B.E. fiscal year")
    status: ProgrammeStatus | None = None


@router.get("/programmes", response={200: list[ProgrammeOut], **READ_ERRORS})
@paginate(Page)
def programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> QuerySet[Programme]:
    """The programmes you see, newest fiscal year first; `?fiscal_year=` and `?status=` narrow it."""
    rows = programme_selectors.programmes_for(actor=actor_of(request))
    if filters.fiscal_year is not None:
        rows = rows.filter(fiscal_year=filters.fiscal_year)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return rows.prefetch_related("activities").order_by("-fiscal_year", "code", "pk")


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **READ_ERRORS})
def programme(request: HttpRequest, programme_id: Id, response: HttpResponse) -> Programme:
    found = programme_selectors.get_programme_for(actor=actor_of(request), pk=programme_id)
    response["ETag"] = etag_of(found)
    return found


@router.get("/programmes/{programme_id}/quotas/{code}", response={200: QuotaOut, **READ_ERRORS})
def quota(request: HttpRequest, programme_id: Id, code: AreaCode) -> dict[str, Any]:
    """The quota that applies to a province or a district, as its programme page shows it: a
    district's own cap when the province set one, else the province's quota, which the district
    shares with the province's other districts. `left` is what both leave. 404 when none is set."""
    actor = actor_of(request)
    found = geo_selectors.get_area_for(actor=actor, code=code)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    if len(found.code) not in (2, 4):
        raise Http404
    applies = programme_selectors.applicable_quota(programme, found.code)
    if applies.limit is None:
        raise Http404
    return {
        "area_code": found.code,
        "limit": applies.limit,
        "used": applies.used,
        "left": applies.left,
        "district_cap": applies.is_district_cap,
    }
