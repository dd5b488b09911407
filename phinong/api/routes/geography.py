"""Provinces, districts and tambons of the CDD's scope (read only), as far as the reader's area goes.

A reader sees the areas inside their own and the areas above it (their province, their district),
as the web's breadcrumbs do; Bangkok, outside the CDD's scope, is never listed.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from phinong.accounts.scoping import scope_of
from phinong.api.conventions import READ_ERRORS
from phinong.api.listing import AreaFilter, Page, actor_of, in_area
from phinong.geo.models import District, Province, Tambon

router = Router(tags=["geography"])


class GeoOut(Schema):
    code: str
    name_th: str
    name_en: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Any) -> str | None:
        """The province of a district, the district of a tambon."""
        return getattr(obj, "district_id", None) or getattr(obj, "province_id", None)


def _overlapping(actor: Any) -> Q:
    """Areas inside the actor's, and the areas that contain it."""
    scope = scope_of(actor)
    if scope.code is None:
        return Q(pk__in=[])
    if scope.is_nation:
        return Q()
    above = [scope.code[:n] for n in (2, 4, 6) if n < len(scope.code)]
    return scope.q("code") | Q(code__in=above)


def _rows(request: HttpRequest, queryset: QuerySet, area: str | None) -> QuerySet:
    actor = actor_of(request)
    return queryset.filter(_overlapping(actor), in_area(actor, area, "code")).order_by("code")


@router.get("/provinces", response={200: list[GeoOut], **READ_ERRORS})
@paginate(Page)
def provinces(request: HttpRequest, area: AreaFilter = None) -> QuerySet[Province]:
    """The provinces of the CDD's scope."""
    return _rows(request, Province.objects.filter(in_cdd_scope=True), area)


@router.get("/districts", response={200: list[GeoOut], **READ_ERRORS})
@paginate(Page)
def districts(request: HttpRequest, area: AreaFilter = None) -> QuerySet[District]:
    """Districts; `?area=42` gives the districts of a province."""
    return _rows(request, District.objects.filter(province__in_cdd_scope=True), area)


@router.get("/tambons", response={200: list[GeoOut], **READ_ERRORS})
@paginate(Page)
def tambons(request: HttpRequest, area: AreaFilter = None) -> QuerySet[Tambon]:
    """Tambons; `?area=4201` gives the tambons of a district."""
    return _rows(
        request,
        Tambon.objects.filter(district__province__in_cdd_scope=True),
        area,
    )
