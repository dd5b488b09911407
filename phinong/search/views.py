from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from phinong.core.http import AuthedRequest
from phinong.privacy.access import no_store, record_search_by_id
from phinong.programmes.selectors import programmes_for
from phinong.search import selectors


def _programme_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
@no_store
def page(request: AuthedRequest) -> HttpResponse:
    """/search/?q=…: areas, leaders and lessons learned in the user's area, grouped by kind."""
    query = request.GET.get("q", "")
    programme_id = _programme_id(request.GET.get("programme", ""))
    area = "".join(ch for ch in request.GET.get("area", "") if ch.isdigit())[:6]
    headings = selectors.lesson_headings()
    heading = request.GET.get("heading", "")
    if heading not in headings:
        heading = ""
    results = selectors.search_for(
        actor=request.user,
        query=query,
        programme_id=programme_id,
        area_code=area,
        heading=heading,
    )
    record_search_by_id(request, query=query, urls=[hit.url for hit in results.leaders])
    lessons = Paginator(results.lessons, selectors.LESSON_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "search/page.html",
        {
            "results": results,
            "lessons": lessons,
            "programmes": list(programmes_for(actor=request.user)),
            "headings": headings,
            "programme_id": programme_id,
            "area": area,
            "heading": heading,
        },
    )
