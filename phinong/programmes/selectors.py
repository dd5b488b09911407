"""Reads of programmes, quotas and pairs, already scoped to the actor's area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from phinong.accounts.scoping import get_in_scope, scope_of
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
    codes = set(
        TargetTambon.objects.filter(programme=programme).values_list("tambon_id", flat=True)
    )
    for younger, elder in Pair.objects.filter(programme=programme).values_list(
        "younger_id", "elder_id"
    ):
        codes.update((younger, elder))
    return codes


def selected_codes(programme: Programme, area_code: str = "") -> set[str]:
    """Codes of the tambons a programme has selected inside an area."""
    field = _selected_field(programme)
    return set(selected_tambons(programme).filter(**{f"{field}__code__startswith": area_code}))


def selected_count(programme: Programme, area_code: str) -> int:
    field = _selected_field(programme)
    return selected_tambons(programme).filter(**{f"{field}__code__startswith": area_code}).count()


def selected_by_child(programme: Programme, area_code: str) -> dict[str, int]:
    """{child code: tambons selected} for the children of an area ('' = the nation's provinces)."""
    field = _selected_field(programme)
    child_length = len(area_code) + 2
    model = Pair if programme.is_paired else TargetTambon
    rows = (
        model.objects.filter(programme=programme, **{f"{field}__code__startswith": area_code})
        .annotate(child=Substr(f"{field}_id", 1, child_length))
        .values("child")
        .annotate(n=Count("pk"))
    )
    return {row["child"]: row["n"] for row in rows}


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
        ProvinceQuota.objects.filter(programme=programme).values_list("province_id", "tambons")
    )


def district_quotas(programme: Programme, province_code: str) -> dict[str, int]:
    return dict(
        DistrictQuota.objects.filter(
            programme=programme, district__code__startswith=province_code
        ).values_list("district_id", "tambons")
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
