"""Area lookups in the actor's scope, by DOPA code, for the /areas/<code>/ pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from phinong.accounts.scoping import scope_of
from phinong.geo.models import Area, District, Province, Tambon

if TYPE_CHECKING:
    from phinong.accounts.models import User


def get_area_for(*, actor: User, code: str) -> Area:
    """A province, district or tambon inside the actor's area; anything else is 404."""
    if not code.isdigit() or len(code) not in (2, 4, 6) or not scope_of(actor).covers(code):
        raise Http404
    area: Area | None
    if len(code) == 2:
        area = Province.objects.filter(code=code).first()
    elif len(code) == 4:
        area = District.objects.select_related("province").filter(code=code).first()
    else:
        area = Tambon.objects.select_related("district__province").filter(code=code).first()
    if area is None:
        raise Http404
    return area


def children_of(area: Area | None) -> QuerySet:
    if area is None:
        return Province.objects.filter(in_cdd_scope=True)
    if isinstance(area, Province):
        return area.districts.all()
    if isinstance(area, District):
        return area.tambons.all()
    return area.villages.all()


def ancestors_of(area: Area) -> list[Area]:
    """Province, then district: the breadcrumb above an area."""
    if isinstance(area, District):
        return [area.province]
    if isinstance(area, Tambon):
        return [area.district.province, area.district]
    return []


def tambon_for(*, actor: User, code: str) -> Tambon:
    area = get_area_for(actor=actor, code=code)
    if not isinstance(area, Tambon):
        raise Http404
    return area


def lookup_tambon(code: str) -> Tambon | None:
    """An unscoped reference lookup, for a tambon named as the *other* side of a link (an elder)."""
    return Tambon.objects.select_related("district__province").filter(code=code).first()
