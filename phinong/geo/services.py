"""Loading Thailand's areas from geothai, and the villages that districts add."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geothai
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import record
from phinong.core.formatting import num
from phinong.core.signals import area_changed
from phinong.geo.models import BANGKOK, District, Province, Tambon, Village
from phinong.lib.thai import clean_text

if TYPE_CHECKING:
    from phinong.accounts.models import User


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _sync(model: Any, rows: list[dict[str, Any]], fields: tuple[str, ...]) -> tuple[int, int]:
    existing = {obj.pk: obj for obj in model._default_manager.all()}
    new, changed = [], []
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            new.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            changed.append(obj)
    model._default_manager.bulk_create(new, batch_size=1000)
    if changed:
        model._default_manager.bulk_update(changed, list(fields), batch_size=1000)
    if new or changed:
        area_changed.send(model, area_codes=None)  # names on every area page
    return len(new), len(changed)


@transaction.atomic
def load_geography() -> LoadResult:
    """Create or update every province, district and tambon. A second run changes nothing."""
    provinces: list[dict[str, Any]] = [
        {
            "code": p.code,
            "name_th": p.name_th,
            "name_en": p.name_en,
            "in_cdd_scope": p.code != BANGKOK,
        }
        for p in geothai.provinces()
    ]
    districts = [
        {"code": d.code, "province_id": d.province_code, "name_th": d.name_th, "name_en": d.name_en}
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
    ]
    tambons = [
        {"code": s.code, "district_id": s.district_code, "name_th": s.name_th, "name_en": s.name_en}
        for d in districts
        for s in geothai.subdistricts(d["code"])
    ]
    counts = [
        _sync(Province, provinces, ("name_th", "name_en", "in_cdd_scope")),
        _sync(District, districts, ("province_id", "name_th", "name_en")),
        _sync(Tambon, tambons, ("district_id", "name_th", "name_en")),
    ]
    created = sum(c for c, _u in counts)
    updated = sum(u for _c, u in counts)
    total = len(provinces) + len(districts) + len(tambons)
    return LoadResult(created=created, updated=updated, unchanged=total - created - updated)


@transaction.atomic
def add_village(*, actor: User, tambon: Tambon, moo: int, name_th: str) -> Village:
    require(actor, Action.MANAGE_VILLAGES)
    require_in_scope(actor=actor, area_code=tambon.code)
    name = clean_text(name_th)
    if not 1 <= moo <= 99:
        raise ValidationError({"moo": _("The village number (หมู่ที่) must be from 1 to 99.")})
    if not name:
        raise ValidationError({"name_th": _("The village name is missing.")})
    if Village.objects.filter(tambon=tambon, moo=moo).exists():
        raise ValidationError(
            {
                "moo": _("Tambon %(tambon)s already has village number %(moo)s.")
                % {"tambon": tambon.name_th, "moo": num(moo)}
            }
        )
    village = Village.objects.create(
        code=f"{tambon.code}{moo:02d}", tambon=tambon, moo=moo, name_th=name
    )
    record(
        actor=actor,
        action="village.create",
        obj=village,
        area_code=village.code,
        changes={"moo": moo, "name_th": name},
    )
    return village
