"""Reads of programmes, quotas and pairs, already scoped to the actor's area."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from phinong.accounts.scoping import get_in_scope, scope_of
from phinong.geo.codes import code_range
from phinong.geo.models import District, Province
from phinong.programmes.models import (
    DistrictQuota,
    Pair,
    Programme,
    ProgrammeStatus,
    ProvinceQuota,
    TargetTambon,
)

if TYPE_CHECKING:
    from phinong.accounts.models import User


def programmes_for(*, actor: User) -> QuerySet[Programme]:
    """Every user reads the programmes; drafts only the department sees."""
    qs = Programme.objects.select_related("extends")
    return qs if scope_of(actor).is_nation else qs.exclude(status=ProgrammeStatus.DRAFT)


def get_programme_for(*, actor: User, pk: int) -> Programme:
    return get_object_or_404(programmes_for(actor=actor), pk=pk)


def current_programme(*, actor: User) -> Programme | None:
    """The programme a page shows when none is chosen: the newest active one."""
    return (
        programmes_for(actor=actor)
        .filter(status=ProgrammeStatus.ACTIVE)
        .order_by("-fiscal_year", "-starts_on", "-pk")
        .first()
    )


def current_in(programmes: Iterable[Programme]) -> Programme | None:
    """`current_programme` picked from the programmes a page has already read (`programmes_for`)."""
    active = [p for p in programmes if p.status == ProgrammeStatus.ACTIVE]
    return max(active, key=lambda p: (p.fiscal_year, p.starts_on, p.pk), default=None)


def pairs_for(*, actor: User, programme: Programme) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(programme=programme)
        .filter(scope_of(actor).q("younger__code"))
        .select_related("younger__district__province", "elder__district__province")
    )


def get_pair_for(*, actor: User, pk: int) -> Pair:
    return get_in_scope(
        Pair.objects.select_related("programme", "younger__district", "elder__district"),
        actor=actor,
        path="younger__code",
        pk=pk,
    )


def targets_for(*, actor: User, programme: Programme) -> QuerySet[TargetTambon]:
    return (
        TargetTambon.objects.filter(programme=programme)
        .filter(scope_of(actor).q("tambon__code"))
        .select_related("tambon__district")
    )


def get_target_for(*, actor: User, pk: int) -> TargetTambon:
    return get_in_scope(
        TargetTambon.objects.select_related("programme", "tambon"),
        actor=actor,
        path="tambon__code",
        pk=pk,
    )


def selected_tambons(programme: Programme) -> QuerySet:
    """Codes of the tambons a programme has selected: younger tambons of pairs, or its targets."""
    if programme.is_paired:
        return Pair.objects.filter(programme=programme).values_list("younger_id", flat=True)
    return TargetTambon.objects.filter(programme=programme).values_list("tambon_id", flat=True)


def participating_tambon_codes(programme: Programme) -> set[str]:
    """Every tambon that took part in a programme: its targets and both sides of its pairs."""
    pairs = Pair.objects.filter(programme=programme).order_by()
    targets = TargetTambon.objects.filter(programme=programme).order_by()
    return set(
        targets.values_list("tambon_id", flat=True).union(
            pairs.values_list("younger_id", flat=True), pairs.values_list("elder_id", flat=True)
        )
    )


def took_part(programme: Programme) -> Q:
    """A condition on a tambon's code: it took part in the programme (`participating_tambon_codes`),
    for a query of tambons that needs no separate read of the codes."""
    pairs = Pair.objects.filter(programme=programme)
    targets = TargetTambon.objects.filter(programme=programme)
    return (
        Q(code__in=targets.values("tambon_id"))
        | Q(code__in=pairs.values("younger_id"))
        | Q(code__in=pairs.values("elder_id"))
    )


def selected_codes(programme: Programme, area_code: str = "") -> set[str]:
    """Codes of the tambons a programme has selected inside an area."""
    field = _selected_field(programme)
    # a range on the row's own column and no ordering: no join to the tambons or programmes
    return set(selected_tambons(programme).filter(_in_area(f"{field}_id", area_code)).order_by())


def selected_count(programme: Programme, area_code: str) -> int:
    field = _selected_field(programme)
    return selected_tambons(programme).filter(**{f"{field}__code__startswith": area_code}).count()


def selected_by_child(programme: Programme, area_code: str) -> dict[str, int]:
    """{child code: tambons selected} for the children of an area ('' = the nation's provinces)."""
    field = _selected_field(programme)
    child_length = len(area_code) + 2
    model = Pair if programme.is_paired else TargetTambon
    rows = (
        model.objects.filter(_in_area(f"{field}_id", area_code), programme=programme)
        .annotate(child=Substr(f"{field}_id", 1, child_length))
        .values("child")
        .annotate(n=Count("pk"))
        .order_by()  # the model's ordering would join the programme and tambon tables
    )
    return {row["child"]: row["n"] for row in rows}


def _in_area(column: str, area_code: str) -> Q:
    """Rows whose code `column` lies in the area: a range on the column itself (no join), and
    no condition at all for the nation."""
    if not area_code:
        return Q()
    lower, upper = code_range(area_code)
    return Q(**{f"{column}__gte": lower, f"{column}__lt": upper})


def _selected_field(programme: Programme) -> str:
    return "younger" if programme.is_paired else "tambon"


@dataclass(frozen=True)
class Quota:
    limit: int | None  # None: no cap at this level
    used: int

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def full(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def province_quotas(programme: Programme) -> dict[str, int]:
    return dict(
        ProvinceQuota.objects.filter(programme=programme)
        .order_by()  # the model's ordering would join the programme and province tables
        .values_list("province_id", "tambons")
    )


def district_quotas(programme: Programme, province_code: str) -> dict[str, int]:
    return dict(
        DistrictQuota.objects.filter(_in_area("district_id", province_code), programme=programme)
        .order_by()  # the model's ordering would join the programme and district tables
        .values_list("district_id", "tambons")
    )


def quota_for(programme: Programme, area_code: str) -> Quota | None:
    """The quota of a province (2-digit code) or district (4-digit), with how much is used."""
    if len(area_code) == 2:
        limit = province_quotas(programme).get(area_code)
        return None if limit is None else Quota(limit, selected_count(programme, area_code))
    if len(area_code) == 4:
        district_limit = district_quotas(programme, area_code[:2]).get(area_code)
        return Quota(district_limit, selected_count(programme, area_code))
    return None


@dataclass(frozen=True)
class ApplicableQuota:
    """The quota that applies to an area: its district's own cap when one is set, else the
    province's quota, which the district shares with the other districts that have no cap.

    The province's quota always applies, so what is left is the smaller of what its quota and the
    district's cap leave. `province` is None when the province has no quota in the programme.
    """

    province: Quota | None
    district: Quota | None = None  # the district's own cap; None: no cap, or not a district

    @property
    def limit(self) -> int | None:
        if self.district is not None:
            return self.district.limit
        return self.province.limit if self.province is not None else None

    @property
    def used(self) -> int:
        if self.district is not None:
            return self.district.used
        return self.province.used if self.province is not None else 0

    @property
    def left(self) -> int | None:
        lefts = [
            q.left for q in (self.province, self.district) if q is not None and q.left is not None
        ]
        return min(lefts) if lefts else None

    @property
    def is_district_cap(self) -> bool:
        return self.district is not None

    @property
    def is_set(self) -> bool:
        return self.limit is not None


def applicable_quotas(
    programme: Programme, area_codes: Iterable[str]
) -> dict[str, ApplicableQuota]:
    """{area code: the quota that applies to it} for provinces, districts or tambons (a tambon
    gets its district's) and the nation (''), in two queries whatever the number of areas."""
    codes = list(area_codes)
    nation = "" in codes
    provinces = sorted({code[:2] for code in codes if code})
    if not provinces and not nation:
        return {}
    limits, caps = _limits_and_caps(
        programme, None if nation else provinces, {code[:4] for code in codes if len(code) >= 4}
    )
    used = _used_by_prefix(
        programme, [] if nation else provinces, 4 if any(len(code) >= 4 for code in codes) else 2
    )
    out = {}
    if nation:
        total = Quota(sum(limits.values()), used[""]) if limits else None
        out[""] = ApplicableQuota(total)
    for code in codes:
        if not code:
            continue
        province, district = code[:2], code[:4] if len(code) >= 4 else ""
        limit = limits.get(province)
        province_quota = None if limit is None else Quota(limit, used[province])
        cap = caps.get(district) if district else None
        out[code] = ApplicableQuota(
            province_quota, None if cap is None else Quota(cap, used[district])
        )
    return out


def _limits_and_caps(
    programme: Programme, provinces: list[str] | None, districts: set[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """({province: quota} of these provinces (None: all), {district: cap} of these districts), in
    one query: the two tables' rows as one UNION, told apart by the length of their codes."""
    limits = (
        ProvinceQuota.objects.filter(programme=programme)
        .filter(Q() if provinces is None else Q(province_id__in=provinces))
        .order_by()  # the model's ordering would join the programme and province tables
        .values_list("province_id", "tambons")
    )
    if districts:
        caps = (
            DistrictQuota.objects.filter(programme=programme, district_id__in=districts)
            .order_by()
            .values_list("district_id", "tambons")
        )
        rows = list(limits.union(caps, all=True))
    else:
        rows = list(limits)
    return (
        {code: n for code, n in rows if len(code) == 2},
        {code: n for code, n in rows if len(code) == 4},
    )


def _used_by_prefix(programme: Programme, provinces: list[str], length: int) -> Counter[str]:
    """{'' (all), province code, and district code when `length` is 4: tambons selected}, inside
    the provinces (every one when none is given): one GROUP BY on the first `length` digits of
    the selected tambons' codes, so a few hundred rows at most rather than a row per tambon."""
    field = _selected_field(programme)
    column = f"{field}_id"
    model = Pair if programme.is_paired else TargetTambon
    in_provinces = Q()
    for province in provinces:  # a range of codes, on the column itself: no join, and indexed
        lower, upper = code_range(province)
        in_provinces |= Q(**{f"{field}__gte": lower, f"{field}__lt": upper})
    rows = (
        model.objects.filter(in_provinces, programme=programme)
        .annotate(prefix=Substr(column, 1, length))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("prefix", "n")
    )
    used: Counter[str] = Counter()
    for prefix, n in rows:
        used[""] += n
        used[prefix[:2]] += n
        if length == 4:
            used[prefix] += n
    return used


def applicable_quota(programme: Programme, area_code: str) -> ApplicableQuota:
    """The quota that applies to one area; for the nation ('') the provinces' quotas added up."""
    return applicable_quotas(programme, [area_code])[area_code]


@dataclass(frozen=True)
class QuotaRow:
    code: str
    name: str
    quota: ApplicableQuota
    shared: bool = False  # a province's quota shown to a district with no cap of its own


def quota_rows_for(*, actor: User, programme: Programme) -> list[QuotaRow]:
    """The quotas a user's programme page shows: every province's for the department; for a
    province, district or tambon user, their province's quota and their district's cap if set."""
    scope = scope_of(actor)
    if scope.is_nation:
        provinces = Province.objects.filter(
            code__in=ProvinceQuota.objects.filter(programme=programme).values("province_id")
        )
        areas = [(p.code, p.name_th) for p in provinces.order_by("code")]
    elif scope.code:
        areas = [(p.code, p.name_th) for p in Province.objects.filter(code=scope.code[:2])]
        districts = District.objects.filter(
            code__in=district_quotas(programme, scope.code[:2]).keys(),
            code__startswith=scope.code[:4],
        )
        areas += [(d.code, d.name_th) for d in districts.order_by("code")]
    else:
        return []
    quotas = applicable_quotas(programme, [code for code, _name in areas])
    own_cap = any(len(code) == 4 for code, _name in areas)
    shared = len(scope.code or "") >= 4 and not own_cap
    return [
        QuotaRow(code, name, quotas[code], shared=shared and len(code) == 2)
        for code, name in areas
        if quotas[code].is_set
    ]
