"""Geography: one area and its children (read only)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from phinong.api.conventions import READ_ERRORS, etag_of
from phinong.api.listing import AreaCode, actor_of
from phinong.api.schemas import AreaDetailOut
from phinong.geo import selectors as geo_selectors
from phinong.geo.models import Area

router = Router(tags=["areas"])


def area_out(area: Area) -> dict[str, str]:
    return {
        "code": area.code,
        "name_th": area.name_th,
        "name_en": getattr(area, "name_en", ""),
        "level": str(area.level),
    }


@router.get("/areas/{code}", response={200: AreaDetailOut, **READ_ERRORS})
def area(request: HttpRequest, code: AreaCode, response: HttpResponse) -> dict[str, Any]:
    found = geo_selectors.get_area_for(actor=actor_of(request), code=code)
    response["ETag"] = etag_of(found)
    return {**area_out(found), "children": [area_out(c) for c in geo_selectors.children_of(found)]}
