"""The search box: what /search/ shows the token's owner for a query, in the shape of
`manage.py search --json` (search.selectors.search_for serves all three)."""

import re
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from phinong.api.conventions import READ_ERRORS
from phinong.api.listing import IdFilter, actor_of, in_area
from phinong.search import selectors as search_selectors

router = Router(tags=["search"])

_HEADINGS = "|".join(re.escape(h) for h in search_selectors.lesson_headings())


class HitOut(Schema):
    kind: str = Field(..., description="area, leader or lesson")
    tambon: str = Field(..., description="the area code the hit belongs to")
    heading: str = Field(..., description="a lesson's Thai heading; empty for the others")
    title: str
    snippet: str = Field(..., description="HTML: escaped text, matched words in <mark>")
    url: str


class SearchQuery(Schema):
    q: Annotated[str, Field(min_length=1, max_length=search_selectors.MAX_QUERY)]
    programme: IdFilter = None
    area: str | None = Field(
        None,
        pattern=r"^[0-9]{2}([0-9]{2}){0,2}$",
        description="lessons learned in this area only (a DOPA code: 42, 4201, 420102)",
    )
    heading: str | None = Field(
        None,
        pattern=f"^({_HEADINGS})$" if _HEADINGS else None,
        description="lessons learned under this Thai heading only",
    )


@router.get("/search", response={200: list[HitOut], **READ_ERRORS})
def search(request: HttpRequest, query: Query[SearchQuery]) -> list[dict[str, str]]:
    """Areas, leaders and lessons learned inside your area, grouped by kind, best first."""
    actor = actor_of(request)
    if query.area:
        in_area(actor, query.area, "code")  # 404 outside the actor's area, as the other lists
    results = search_selectors.search_for(
        actor=actor,
        query=query.q,
        programme_id=query.programme,
        area_code=query.area or "",
        heading=query.heading or "",
    )
    return [hit.as_json() for hit in results.hits]
