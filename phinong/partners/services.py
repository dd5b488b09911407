"""Writes to partners and the tambons they work in: keyword-only, atomic, audited.

A partner belongs to the area of the user who registered it (a district, or "" for the department)
and only that area changes it. A link to a tambon needs the tambon inside the actor's area too: a
district officer links only their own district's tambons; a tambon outside is 404, as if it did
not exist. Links are logged on the partner, so its history shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.services import diff, record
from phinong.core.errors import ConflictError
from phinong.geo.models import Tambon
from phinong.lib.thai import clean_text, digits_only
from phinong.partners.models import Partner, PartnerKind, PartnerTambon

if TYPE_CHECKING:
    from phinong.accounts.models import User

FIELDS = ("name", "kind", "contact_person", "phone", "note")


def _snapshot(partner: Partner) -> dict[str, Any]:
    return {f: getattr(partner, f) for f in FIELDS}


def _phone(raw: str) -> str:
    phone = digits_only(raw).removeprefix("+")
    if phone.startswith("66") and len(phone) == 11:
        phone = "0" + phone[2:]
    return phone


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    values = {
        "name": clean_text(str(data.get("name") or "")),
        "kind": str(data.get("kind") or ""),
        "contact_person": clean_text(str(data.get("contact_person") or "")),
        "phone": _phone(str(data.get("phone") or "")),
        "note": str(data.get("note") or "").strip(),
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Give the partner's name.")
    if values["kind"] not in PartnerKind.values:
        errors["kind"] = _("Choose the type of partner.")
    phone = values["phone"]
    if phone and not (phone.isdigit() and phone.startswith("0") and len(phone) in (9, 10)):
        errors["phone"] = _("A phone number has 9 or 10 digits and starts with 0.")
    if errors:
        raise ValidationError(errors)
    Partner(**values).clean_fields(exclude=["owner_code", "created_by"])  # lengths
    return values


def _label(tambon: Tambon) -> str:
    return f"{tambon.code} {tambon.name_th}"


def _link(*, actor: User, partner: Partner, tambon: Tambon) -> PartnerTambon:
    require_in_scope(actor=actor, area_code=tambon.code)
    if PartnerTambon.objects.filter(partner=partner, tambon=tambon).exists():
        raise ValidationError(
            {
                "tambons": _("%(partner)s already works in tambon %(tambon)s.")
                % {"partner": partner.name, "tambon": tambon.name_th}
            }
        )
    link = PartnerTambon.objects.create(partner=partner, tambon=tambon, created_by=actor)
    record(
        actor=actor,
        action="partner.link",
        obj=partner,
        area_code=tambon.code,
        changes={"tambon": _label(tambon)},
    )
    return link


@transaction.atomic
def create_partner(*, actor: User, data: dict[str, Any], tambons: Iterable[Tambon] = ()) -> Partner:
    """Register a partner for the actor's area (their district, or the department)."""
    require(actor, Action.MANAGE_PARTNERS)
    owner = scope_of(actor).code or ""
    require_in_scope(actor=actor, area_code=owner)
    values = _validated(data)
    partner = Partner.objects.create(**values, owner_code=owner, created_by=actor)
    record(
        actor=actor,
        action="partner.create",
        obj=partner,
        area_code=owner,
        changes=_snapshot(partner) | {"owner_code": owner},
    )
    for tambon in tambons:
        _link(actor=actor, partner=partner, tambon=tambon)
    return partner


@transaction.atomic
def update_partner(
    *,
    actor: User,
    partner: Partner,
    expected_version: int,
    data: dict[str, Any],
    add_tambons: Iterable[Tambon] = (),
) -> Partner:
    """Save the partner's details, unless someone saved since `expected_version`; add tambons."""
    require(actor, Action.MANAGE_PARTNERS)
    require_in_scope(actor=actor, area_code=partner.owner_code)
    values = _validated(data)
    before = _snapshot(partner)
    updated = Partner.objects.filter(pk=partner.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConflictError(Partner.objects.get(pk=partner.pk))
    partner.refresh_from_db()
    changes = diff(before, _snapshot(partner))
    if changes:
        record(
            actor=actor,
            action="partner.update",
            obj=partner,
            area_code=partner.owner_code,
            changes=changes,
        )
    for tambon in add_tambons:
        _link(actor=actor, partner=partner, tambon=tambon)
    return partner


@transaction.atomic
def link_tambon(*, actor: User, partner: Partner, tambon: Tambon) -> PartnerTambon:
    require(actor, Action.MANAGE_PARTNERS)
    require_in_scope(actor=actor, area_code=partner.owner_code)
    return _link(actor=actor, partner=partner, tambon=tambon)


@transaction.atomic
def unlink_tambon(*, actor: User, partner: Partner, tambon: Tambon, reason: str) -> None:
    require(actor, Action.MANAGE_PARTNERS)
    require_in_scope(actor=actor, area_code=partner.owner_code)
    require_in_scope(actor=actor, area_code=tambon.code)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for removing this tambon.")})
    deleted, _rows = PartnerTambon.objects.filter(partner=partner, tambon=tambon).delete()
    if not deleted:
        raise ValidationError(
            _("%(partner)s does not work in tambon %(tambon)s.")
            % {"partner": partner.name, "tambon": tambon.name_th}
        )
    record(
        actor=actor,
        action="partner.unlink",
        obj=partner,
        area_code=tambon.code,
        changes={"tambon": _label(tambon)},
        reason=reason.strip(),
    )


@transaction.atomic
def delete_partner(*, actor: User, partner: Partner, reason: str) -> None:
    """Delete the partner and its links; the audit row keeps what it was and where it worked."""
    require(actor, Action.MANAGE_PARTNERS)
    require_in_scope(actor=actor, area_code=partner.owner_code)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for deleting this partner.")})
    tambons = list(partner.links.order_by("tambon_id").values_list("tambon_id", flat=True))
    record(
        actor=actor,
        action="partner.delete",
        obj=partner,
        area_code=partner.owner_code,
        changes=_snapshot(partner) | {"owner_code": partner.owner_code, "tambons": tambons},
        reason=reason.strip(),
    )
    partner.delete()
