from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import pgettext
from pythainlp.util import collate

from phinong.accounts.models import User
from phinong.accounts.scoping import get_in_scope, scope_of, scoped
from phinong.geo.models import District, Province, Tambon


def users_for(*, actor: User) -> QuerySet[User]:
    """The users whose area lies inside the actor's (a province sees its districts' officers)."""
    return scoped(User.objects.order_by("area_code", "username"), actor=actor, path="area_code")


def get_user_for(*, actor: User, pk: int) -> User:
    return get_in_scope(User.objects.all(), actor=actor, path="area_code", pk=pk)


@dataclass(frozen=True)
class AreaChoices:
    """The lists of the user form: provinces, then the districts of the chosen province, then the
    tambons of the chosen district, all inside the actor's area (CDD provinces only)."""

    provinces: list[tuple[str, str]]
    districts: list[tuple[str, str]]
    tambons: list[tuple[str, str]]


def area_choices_for(*, actor: User, province: str = "", district: str = "") -> AreaChoices:
    scope = scope_of(actor)
    if scope.code is None or len(scope.code) > 2:
        return AreaChoices([], [], [])
    provinces = Province.objects.filter(in_cdd_scope=True).filter(scope.q("code"))
    names = dict(provinces.values_list("code", "name_th"))
    rank = {name: i for i, name in enumerate(collate(names.values()))}  # Thai dictionary order
    province_list = sorted(names.items(), key=lambda item: rank[item[1]])
    if len(province_list) == 1:
        province = province_list[0][0]
    if province not in dict(province_list):
        return AreaChoices(province_list, [], [])
    districts = [
        (d.code, d.name_th) for d in District.objects.filter(province_id=province).order_by("code")
    ]
    if district not in dict(districts):
        return AreaChoices(province_list, districts, [])
    tambons = [
        (t.code, t.name_th) for t in Tambon.objects.filter(district_id=district).order_by("code")
    ]
    return AreaChoices(province_list, districts, tambons)


def area_labels(codes: Iterable[str]) -> dict[str, str]:
    """{code: "ต.เมือง อ.เมืองเลย จ.เลย"} for the users' area codes, in three queries at most."""
    codes = {c for c in codes if c}
    provinces = dict(
        Province.objects.filter(code__in={c[:2] for c in codes}).values_list("code", "name_th")
    )
    districts = dict(
        District.objects.filter(code__in={c[:4] for c in codes if len(c) >= 4}).values_list(
            "code", "name_th"
        )
    )
    tambons = dict(
        Tambon.objects.filter(code__in={c for c in codes if len(c) == 6}).values_list(
            "code", "name_th"
        )
    )
    labels = {}
    for code in codes:
        parts = []
        if len(code) == 6 and code in tambons:
            parts.append(pgettext("area label", "T. %(name)s") % {"name": tambons[code]})
        if len(code) >= 4 and code[:4] in districts:
            parts.append(pgettext("area label", "A. %(name)s") % {"name": districts[code[:4]]})
        if code[:2] in provinces:
            parts.append(pgettext("area label", "Ch. %(name)s") % {"name": provinces[code[:2]]})
        labels[code] = " ".join(parts) or code
    return labels
