"""Writes to programmes, activities, quotas, target tambons and pairs.

Every function here is keyword-only, runs in one transaction, checks its rules with a Thai message
(the source strings are English; locale/th translates them) and writes an audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope
from phinong.audit.services import diff, record
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.core.signals import area_changed
from phinong.geo.models import District, Province, Tambon
from phinong.programmes import selectors
from phinong.programmes.models import (
    Activity,
    DistrictQuota,
    Pair,
    Programme,
    ProgrammeStatus,
    ProvinceQuota,
    TargetTambon,
)

if TYPE_CHECKING:
    from phinong.accounts.models import User

PROGRAMME_FIELDS = (
    "code",
    "name",
    "fiscal_year",
    "starts_on",
    "ends_on",
    "leaders_per_tambon",
    "status",
    "extends",
    "allow_cross_province_pairs",
)


def _snapshot(programme: Programme) -> dict[str, Any]:
    return {f: getattr(programme, f if f != "extends" else "extends_id") for f in PROGRAMME_FIELDS}


def _check_programme(programme: Programme) -> None:
    if programme.ends_on < programme.starts_on:
        raise ValidationError({"ends_on": _("The programme cannot end before it starts.")})
    if not 1 <= programme.leaders_per_tambon <= 100:
        raise ValidationError(
            {"leaders_per_tambon": _("Leaders per tambon must be between 1 and 100.")}
        )
    if programme.extends_id is not None and programme.extends_id == programme.pk:
        raise ValidationError({"extends": _("A programme cannot extend itself.")})
    programme.full_clean(exclude=["version"], validate_unique=True)


@transaction.atomic
def create_programme(*, actor: User, **fields: Any) -> Programme:
    require(actor, Action.MANAGE_PROGRAMMES)
    programme = Programme(**fields)
    _check_programme(programme)
    programme.save()
    record(
        actor=actor,
        action="programme.create",
        obj=programme,
        area_code="",
        changes=_snapshot(programme),
    )
    return programme


@transaction.atomic
def update_programme(
    *, actor: User, programme: Programme, expected_version: int, **fields: Any
) -> Programme:
    require(actor, Action.MANAGE_PROGRAMMES)
    before = _snapshot(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    _check_programme(programme)
    if programme.extends_id != before["extends"] and (
        programme.pairs.exists() or programme.targets.exists()
    ):
        raise ValidationError(
            {"extends": _("The extended programme cannot change once tambons are selected.")}
        )
    updated = Programme.objects.filter(pk=programme.pk, version=expected_version).update(
        **{f: getattr(programme, f) for f in fields}, version=F("version") + 1
    )
    if not updated:
        raise ConflictError(Programme.objects.get(pk=programme.pk))
    programme.refresh_from_db()
    area_changed.send(Programme, area_codes=None)  # every area page shows it
    record(
        actor=actor,
        action="programme.update",
        obj=programme,
        area_code="",
        changes=diff(before, _snapshot(programme)),
    )
    return programme


@transaction.atomic
def save_activity(
    *,
    actor: User,
    programme: Programme,
    number: int,
    name: str,
    due_on: dt.date,
    participants: str = "",
    activity: Activity | None = None,
) -> Activity:
    require(actor, Action.MANAGE_PROGRAMMES)
    is_new = activity is None
    activity = activity or Activity(programme=programme)
    before = {
        "number": activity.number,
        "name": activity.name,
        "due_on": activity.due_on,
        "participants": activity.participants,
    }
    activity.number, activity.name, activity.due_on, activity.participants = (
        number,
        name,
        due_on,
        participants,
    )
    clash = Activity.objects.filter(programme=programme, number=number).exclude(pk=activity.pk)
    if clash.exists():
        raise ValidationError(
            {"number": _("This programme already has an activity with that number.")}
        )
    activity.full_clean()
    activity.save()
    after = {"number": number, "name": name, "due_on": due_on, "participants": participants}
    record(
        actor=actor,
        action="activity.create" if is_new else "activity.update",
        obj=activity,
        area_code="",
        changes=diff(before, after),
    )
    return activity


@transaction.atomic
def delete_activity(*, actor: User, activity: Activity) -> None:
    require(actor, Action.MANAGE_PROGRAMMES)
    record(
        actor=actor,
        action="activity.delete",
        obj=activity,
        area_code="",
        changes={"number": activity.number, "name": activity.name, "due_on": activity.due_on},
    )
    activity.delete()


@transaction.atomic
def set_province_quota(
    *, actor: User, programme: Programme, province: Province, tambons: int
) -> ProvinceQuota:
    require(actor, Action.SET_PROVINCE_QUOTAS)
    if not province.in_cdd_scope:
        raise ValidationError(
            _("%(province)s is outside the CDD's scope and cannot have a quota.")
            % {"province": province.name_th}
        )
    used = selectors.selected_count(programme, province.code)
    if tambons < used:
        raise ValidationError(
            _("%(province)s has already selected %(used)s tambons; the quota cannot be lower.")
            % {"province": province.name_th, "used": num(used)}
        )
    quota, _created = ProvinceQuota.objects.select_for_update().get_or_create(
        programme=programme, province=province, defaults={"tambons": tambons}
    )
    before = quota.tambons if not _created else None
    if not _created and quota.tambons != tambons:
        split = sum(selectors.district_quotas(programme, province.code).values())
        if tambons < split:
            raise ValidationError(
                _(
                    "The districts of %(province)s already share %(split)s tambons; "
                    "the province quota cannot be lower."
                )
                % {"province": province.name_th, "split": num(split)}
            )
        quota.tambons = tambons
        quota.save(update_fields=["tambons"])
    if before != tambons:
        record(
            actor=actor,
            action="quota.province",
            obj=quota,
            area_code=province.code,
            changes={"tambons": [before, tambons]},
            label=f"{programme.code} {province.name_th}",
        )
    return quota


@transaction.atomic
def set_district_quota(
    *, actor: User, programme: Programme, district: District, tambons: int | None
) -> DistrictQuota | None:
    """Cap one district's share of its province's quota; None removes the cap."""
    require(actor, Action.SET_DISTRICT_QUOTAS)
    require_in_scope(actor=actor, area_code=district.code)
    province_quota = (
        ProvinceQuota.objects.select_for_update()
        .filter(programme=programme, province_id=district.province_id)
        .first()
    )
    if province_quota is None:
        raise ValidationError(_("The province has no quota in this programme yet."))
    existing = DistrictQuota.objects.filter(programme=programme, district=district).first()
    before = existing.tambons if existing else None
    if tambons is None:
        if existing:
            record(
                actor=actor,
                action="quota.district",
                obj=existing,
                area_code=district.code,
                changes={"tambons": [before, None]},
                label=f"{programme.code} {district.name_th}",
            )
            existing.delete()
        return None
    used = selectors.selected_count(programme, district.code)
    if tambons < used:
        raise ValidationError(
            _("%(district)s has already selected %(used)s tambons; its quota cannot be lower.")
            % {"district": district.name_th, "used": num(used)}
        )
    others = sum(
        n
        for code, n in selectors.district_quotas(programme, district.province_id).items()
        if code != district.code
    )
    if others + tambons > province_quota.tambons:
        raise ValidationError(
            _(
                "The districts' quotas would add up to %(total)s, more than the province's %(quota)s."
            )
            % {"total": num(others + tambons), "quota": num(province_quota.tambons)}
        )
    quota, _created = DistrictQuota.objects.update_or_create(
        programme=programme, district=district, defaults={"tambons": tambons}
    )
    if before != tambons:
        record(
            actor=actor,
            action="quota.district",
            obj=quota,
            area_code=district.code,
            changes={"tambons": [before, tambons]},
            label=f"{programme.code} {district.name_th}",
        )
    return quota


def _all_or_nothing(changes: Iterable[tuple[Any, Any]], apply: Callable[[Any, Any], Any]) -> None:
    """Apply every change or none: one area's refusal rolls the whole form back, and every
    refused area is reported, keyed by its code."""
    errors: dict[str, list[str]] = {}
    for area, value in changes:
        try:
            with transaction.atomic():
                apply(area, value)
        except ValidationError as exc:
            errors[area.code] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_province_quotas(*, actor: User, programme: Programme, quotas: dict[Province, int]) -> None:
    _all_or_nothing(
        quotas.items(),
        lambda province, tambons: set_province_quota(
            actor=actor, programme=programme, province=province, tambons=tambons
        ),
    )


@transaction.atomic
def set_district_quotas(
    *, actor: User, programme: Programme, quotas: dict[District, int | None]
) -> None:
    """Lower caps go first, so that moving quota between districts never overshoots the province."""
    current = selectors.district_quotas(programme, next(iter(quotas)).province_id) if quotas else {}
    ordered = sorted(quotas.items(), key=lambda item: (item[1] or 0) - current.get(item[0].code, 0))
    _all_or_nothing(
        ordered,
        lambda district, tambons: set_district_quota(
            actor=actor, programme=programme, district=district, tambons=tambons
        ),
    )


def _check_quota(programme: Programme, tambon: Tambon) -> None:
    """Refuse one more selected tambon past the province's or the district's quota.

    Locking the province's quota row serialises concurrent selections in the same province.
    """
    province_code, district_code = tambon.code[:2], tambon.code[:4]
    province_quota = (
        ProvinceQuota.objects.select_for_update()
        .filter(programme=programme, province_id=province_code)
        .first()
    )
    province = tambon.district.province
    if province_quota is None or province_quota.tambons == 0:
        raise ValidationError(
            _("%(province)s has no quota in this programme.") % {"province": province.name_th}
        )
    used = selectors.selected_count(programme, province_code)
    if used >= province_quota.tambons:
        raise ValidationError(
            _("The quota of %(province)s is used up: %(used)s of %(quota)s tambons are selected.")
            % {
                "province": province.name_th,
                "used": num(used),
                "quota": num(province_quota.tambons),
            }
        )
    district_limit = selectors.district_quotas(programme, province_code).get(district_code)
    if district_limit is not None:
        used = selectors.selected_count(programme, district_code)
        if used >= district_limit:
            raise ValidationError(
                _(
                    "The quota of %(district)s is used up: %(used)s of %(quota)s tambons are selected."
                )
                % {
                    "district": tambon.district.name_th,
                    "used": num(used),
                    "quota": num(district_limit),
                }
            )


def _check_open(programme: Programme) -> None:
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError(_("The programme is not active, so its register cannot change."))


@transaction.atomic
def create_pair(*, actor: User, programme: Programme, younger: Tambon, elder: Tambon) -> Pair:
    require(actor, Action.MANAGE_PAIRS)
    require_in_scope(actor=actor, area_code=younger.code)
    _check_open(programme)
    if not programme.is_paired:
        raise ValidationError(_("This programme is not run in pairs."))
    if younger.code == elder.code:
        raise ValidationError({"elder": _("A tambon cannot be paired with itself.")})
    earlier = programme.extends
    if earlier is None:
        raise ValidationError(_("This programme is not run in pairs."))
    earlier_tambons = selectors.participating_tambon_codes(earlier)
    if younger.code in earlier_tambons:
        raise ValidationError(
            {
                "younger": _(
                    "Tambon %(tambon)s already took part in %(earlier)s, so it is an elder tambon, "
                    "not a younger one."
                )
                % {"tambon": younger.name_th, "earlier": earlier.code}
            }
        )
    if elder.code not in earlier_tambons:
        raise ValidationError(
            {
                "elder": _(
                    "Tambon %(tambon)s did not take part in %(earlier)s, so it cannot be an elder tambon."
                )
                % {"tambon": elder.name_th, "earlier": earlier.code}
            }
        )
    if elder.code[:2] != younger.code[:2] and not programme.allow_cross_province_pairs:
        raise ValidationError(
            {"elder": _("The elder tambon must be in the same province as the younger tambon.")}
        )
    existing = (
        Pair.objects.select_for_update()
        .filter(programme=programme, younger=younger)
        .select_related("elder")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {
                "younger": _(
                    "Tambon %(younger)s is already paired with tambon %(elder)s in this programme."
                )
                % {"younger": younger.name_th, "elder": existing.elder.name_th}
            }
        )
    _check_quota(programme, younger)
    pair = Pair.objects.create(programme=programme, younger=younger, elder=elder, created_by=actor)
    record(
        actor=actor,
        action="pair.create",
        obj=pair,
        area_code=younger.code,
        changes={"programme": programme.code, "younger": younger.code, "elder": elder.code},
    )
    return pair


@transaction.atomic
def remove_pair(*, actor: User, pair: Pair, reason: str) -> None:
    require(actor, Action.MANAGE_PAIRS)
    require_in_scope(actor=actor, area_code=pair.younger_id)
    _check_open(pair.programme)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for un-pairing.")})
    registered = pair.members.count()
    if registered:
        raise ValidationError(
            _("This pair still has %(count)s registered people. Remove them before un-pairing.")
            % {"count": num(registered)}
        )
    record(
        actor=actor,
        action="pair.delete",
        obj=pair,
        area_code=pair.younger_id,
        changes={
            "programme": pair.programme.code,
            "younger": pair.younger_id,
            "elder": pair.elder_id,
        },
        reason=reason.strip(),
    )
    pair.delete()


@transaction.atomic
def add_target(*, actor: User, programme: Programme, tambon: Tambon) -> TargetTambon:
    """Select a tambon for a programme that is not run in pairs."""
    require(actor, Action.MANAGE_PAIRS)
    require_in_scope(actor=actor, area_code=tambon.code)
    _check_open(programme)
    if programme.is_paired:
        raise ValidationError(_("This programme is run in pairs: pair the tambon instead."))
    if TargetTambon.objects.filter(programme=programme, tambon=tambon).exists():
        raise ValidationError(
            {"tambon": _("Tambon %(tambon)s is already selected.") % {"tambon": tambon.name_th}}
        )
    _check_quota(programme, tambon)
    target = TargetTambon.objects.create(programme=programme, tambon=tambon, created_by=actor)
    record(
        actor=actor,
        action="target.create",
        obj=target,
        area_code=tambon.code,
        changes={"programme": programme.code, "tambon": tambon.code},
        label=f"{programme.code} {tambon.name_th}",
    )
    return target


@transaction.atomic
def remove_target(*, actor: User, target: TargetTambon, reason: str) -> None:
    require(actor, Action.MANAGE_PAIRS)
    require_in_scope(actor=actor, area_code=target.tambon_id)
    _check_open(target.programme)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for removing the tambon.")})
    from phinong.register.models import Member

    coaching = (
        Pair.objects.filter(programme__extends=target.programme, elder=target.tambon)
        .select_related("programme")
        .first()
    )
    if coaching is not None:
        raise ValidationError(
            _(
                "Tambon %(tambon)s coaches a younger tambon in %(programme)s, "
                "so it cannot leave this programme."
            )
            % {"tambon": target.tambon.name_th, "programme": coaching.programme.code}
        )
    registered = Member.objects.filter(programme=target.programme, tambon=target.tambon).count()
    if registered:
        raise ValidationError(
            _("This tambon still has %(count)s registered people. Remove them first.")
            % {"count": num(registered)}
        )
    record(
        actor=actor,
        action="target.delete",
        obj=target,
        area_code=target.tambon_id,
        changes={"programme": target.programme.code, "tambon": target.tambon_id},
        reason=reason.strip(),
        label=f"{target.programme.code} {target.tambon}",
    )
    target.delete()
