"""Programmes with their activities, and the quota of an area in a programme."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router

from phinong.api.conventions import READ_ERRORS, etag_of
from phinong.api.schemas import ProgrammeOut, QuotaOut
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Programme

router = Router(tags=["programmes"])


def programme_out(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "fiscal_year": p.fiscal_year,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "leaders_per_tambon": p.leaders_per_tambon,
        "status": p.status,
        "extends": p.extends.code if p.extends else None,
        "activities": [
            {"number": a.number, "name": a.name, "due_on": a.due_on} for a in p.activities.all()
        ],
    }


@router.get("/programmes", response={200: list[ProgrammeOut], **READ_ERRORS})
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    rows = programme_selectors.programmes_for(actor=request.user)  # type: ignore[arg-type]
    return [programme_out(p) for p in rows.select_related("extends").prefetch_related("activities")]


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **READ_ERRORS})
def programme(request: HttpRequest, programme_id: int, response: HttpResponse) -> dict[str, Any]:
    found = programme_selectors.get_programme_for(actor=request.user, pk=programme_id)  # type: ignore[arg-type]
    response["ETag"] = etag_of(found)
    return programme_out(found)


@router.get("/programmes/{programme_id}/quotas/{code}", response={200: QuotaOut, **READ_ERRORS})
def quota(request: HttpRequest, programme_id: int, code: str) -> dict[str, Any]:
    actor: Any = request.user
    found = geo_selectors.get_area_for(actor=actor, code=code)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    q = programme_selectors.quota_for(programme, found.code)
    if q is None:
        raise Http404
    return {"area_code": found.code, "limit": q.limit, "used": q.used, "left": q.left}
