"""Writes to the register of leaders and mentors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.services import diff, record
from phinong.core.errors import ConflictError
from phinong.core.formatting import num
from phinong.geo.models import Tambon, Village
from phinong.programmes.models import Pair, Programme, ProgrammeStatus, TargetTambon
from phinong.register.models import Member, MemberRole
from phinong.register.rules import clean_person
from phinong.workshops.certificates import revoke_certificates_of

if TYPE_CHECKING:
    from phinong.accounts.models import User

PERSON_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "sex",
    "birth_date",
    "age",
    "phone",
    "position",
    "leader_type",
)


def _snapshot(member: Member) -> dict[str, Any]:
    data = {f: getattr(member, f) for f in PERSON_FIELDS}
    data["village"] = member.village_id
    return data


def _validated(raw: dict[str, Any], tambon: Tambon, programme: Programme) -> dict[str, Any]:
    cleaned = clean_person(raw, reference=programme.starts_on)
    village = raw.get("village")
    if isinstance(village, str) and village:
        village = Village.objects.filter(code=village).first() or village
    if village and (not isinstance(village, Village) or village.tambon_id != tambon.code):
        cleaned.errors["village"] = _("The village is not in tambon %(tambon)s.") % {
            "tambon": tambon.name_th
        }
    if cleaned.errors:
        raise ValidationError(cleaned.errors)
    cleaned.values["village"] = village or None
    return cleaned.values


def _check_unique_id(
    *, actor: User, programme: Programme, national_id: str, exclude_pk: int = 0
) -> None:
    """Refuse an ID already in the programme; say where only if that place is in the actor's area."""
    clash = (
        Member.objects.filter(programme=programme, national_id=national_id)
        .exclude(pk=exclude_pk)
        .select_related("tambon__district__province", "pair")
        .first()
    )
    if clash is None:
        return
    scope = scope_of(actor)
    visible = scope.covers(clash.tambon_id) or (
        clash.pair_id is not None and clash.pair is not None and scope.covers(clash.pair.younger_id)
    )
    if visible:
        tambon = clash.tambon
        message = _(
            "This national ID is already registered in this programme: %(name)s, tambon "
            "%(tambon)s, district %(district)s, province %(province)s."
        ) % {
            "name": clash.full_name,
            "tambon": tambon.name_th,
            "district": tambon.district.name_th,
            "province": tambon.district.province.name_th,
        }
    else:
        message = _("This national ID is already registered in this programme.")
    raise ValidationError({"national_id": message})


def _check_room(programme: Programme, *, role: str, tambon: Tambon, pair: Pair | None) -> None:
    limit = programme.leaders_per_tambon
    if role == MemberRole.LEADER:
        count = Member.objects.filter(programme=programme, tambon=tambon, role=role).count()
        if count >= limit:
            raise ValidationError(
                _(
                    "Tambon %(tambon)s already has %(count)s of %(limit)s leaders; no more can be added."
                )
                % {"tambon": tambon.name_th, "count": num(count), "limit": num(limit)}
            )
    else:
        count = Member.objects.filter(pair=pair, role=role).count()
        if count >= limit:
            raise ValidationError(
                _("This pair already has %(count)s of %(limit)s mentors; no more can be added.")
                % {"count": num(count), "limit": num(limit)}
            )


def _place(
    programme: Programme, *, role: str, tambon: Tambon | None, pair: Pair | None
) -> tuple[Tambon, Pair | None]:
    """Where a new person goes, checked and locked: the selected tambon or the pair."""
    if role == MemberRole.MENTOR:
        if pair is None or pair.programme_id != programme.pk:
            raise ValidationError(_("A mentor is registered on a pair of this programme."))
        Pair.objects.select_for_update().filter(pk=pair.pk).first()
        return pair.elder, pair
    if tambon is None:
        raise ValidationError(_("Choose the tambon."))
    if programme.is_paired:
        pair = Pair.objects.select_for_update().filter(programme=programme, younger=tambon).first()
        if pair is None:
            raise ValidationError(
                _("Tambon %(tambon)s is not a younger tambon of this programme yet: pair it first.")
                % {"tambon": tambon.name_th}
            )
        return tambon, pair
    target = TargetTambon.objects.select_for_update().filter(programme=programme, tambon=tambon)
    if not target.exists():
        raise ValidationError(
            _("Tambon %(tambon)s is not selected in this programme yet: select it first.")
            % {"tambon": tambon.name_th}
        )
    return tambon, None


@transaction.atomic
def add_member(
    *,
    actor: User,
    programme: Programme,
    role: str,
    data: dict[str, Any],
    tambon: Tambon | None = None,
    pair: Pair | None = None,
) -> Member:
    """Register a leader of `tambon`, or a mentor on `pair` (who comes from its elder tambon)."""
    require(actor, Action.MANAGE_LEADERS)
    require_in_scope(
        actor=actor, area_code=(pair.younger_id if pair else tambon.code if tambon else "")
    )
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError(_("The programme is not active, so its register cannot change."))
    home, pair = _place(programme, role=role, tambon=tambon, pair=pair)
    values = _validated(data, home, programme)
    _check_unique_id(actor=actor, programme=programme, national_id=values["national_id"])
    _check_room(programme, role=role, tambon=home, pair=pair)
    member = Member.objects.create(programme=programme, role=role, tambon=home, pair=pair, **values)
    record(
        actor=actor,
        action=f"{role}.create",
        obj=member,
        area_code=pair.younger_id if pair else home.code,
        changes=_snapshot(member),
    )
    return member


@transaction.atomic
def update_member(
    *, actor: User, member: Member, expected_version: int, data: dict[str, Any]
) -> Member:
    require(actor, Action.MANAGE_LEADERS)
    require_in_scope(actor=actor, area_code=member.scope_code)
    if member.programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError(_("The programme is not active, so its register cannot change."))
    values = _validated(data, member.tambon, member.programme)
    _check_unique_id(
        actor=actor,
        programme=member.programme,
        national_id=values["national_id"],
        exclude_pk=member.pk,
    )
    before = _snapshot(member)
    updated = Member.objects.filter(pk=member.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise ConflictError(Member.objects.get(pk=member.pk))
    member.refresh_from_db()
    changes = diff(before, _snapshot(member))
    if changes:
        record(
            actor=actor,
            action=f"{member.role}.update",
            obj=member,
            area_code=member.scope_code,
            changes=changes,
        )
    return member


def certificate_numbers(member: Member) -> list[str]:
    """The numbers of the certificates the member holds, in order."""
    return list(member.certificates.order_by("number").values_list("number", flat=True))


def _holds_certificates(numbers: list[str]) -> ValidationError:
    return ValidationError(
        {
            "revoke_certificates": ngettext(
                "This person holds certificate %(numbers)s, so they cannot simply be removed "
                "from the register. To remove them, revoke the certificate at the same time: "
                "tick “Revoke the certificate” on the remove page. Its verification "
                "code will stop working, and the revocation is recorded with your reason.",
                "This person holds certificates %(numbers)s, so they cannot simply be removed "
                "from the register. To remove them, revoke the certificates at the same time: "
                "tick “Revoke the certificate” on the remove page. Their verification "
                "codes will stop working, and the revocation is recorded with your reason.",
                len(numbers),
            )
            % {"numbers": ", ".join(numbers)}
        }
    )


@transaction.atomic
def remove_member(
    *, actor: User, member: Member, reason: str, revoke_certificates: bool = False
) -> None:
    """Remove a person from the register, with the reason.

    A person who holds a certificate is refused, in Thai, naming it, unless `revoke_certificates`
    says on purpose to revoke it first (each revocation is audited; see workshops.certificates).
    """
    require(actor, Action.MANAGE_LEADERS)
    require_in_scope(actor=actor, area_code=member.scope_code)
    if member.programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError(_("The programme is not active, so its register cannot change."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for removing this person.")})
    Member.objects.select_for_update().filter(pk=member.pk).first()
    numbers = certificate_numbers(member)
    if numbers and not revoke_certificates:
        raise _holds_certificates(numbers)
    if numbers:
        revoke_certificates_of(actor=actor, member=member, reason=reason)
    record(
        actor=actor,
        action=f"{member.role}.delete",
        obj=member,
        area_code=member.scope_code,
        changes=_snapshot(member)
        | ({"certificates_revoked": ", ".join(numbers)} if numbers else {}),
        reason=reason.strip(),
    )
    try:
        with transaction.atomic():
            member.delete()
    except ProtectedError as exc:  # a certificate issued since the check above
        raise _holds_certificates(certificate_numbers(member)) from exc
