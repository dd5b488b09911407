"""Certificates of a workshop: who completed it, issuing (a service) and the scoped reads.

A leader completes a workshop by attending `workshop.required_days` distinct days of it. Issuing
gives each leader who completed it, and has no certificate yet, one certificate:

- its number, "198/2564-420102-001": the programme's code, the tambon and a running number of that
  tambon's certificates. The running number counts per programme and tambon (a programme's second
  workshop for the same tambon goes on from the first's), so numbers stay unique without carrying
  the workshop in them; for a programme's first workshop it is the running number per workshop;
- its verification code: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
  drawn with `secrets`: 32^10, about 10^15 codes, so a public page needs no rate limit;
- the name as printed, kept even if the register changes later;
- the date it is given: the workshop's last day.

Issuing again issues nothing new. It needs Action.MANAGE_LEADERS and every tambon inside the
actor's area, and writes one audit row per certificate.

Revoking (`revoke_certificates_of`) is the one way a certificate goes: on purpose, with a reason, as
the first step of removing its leader from the register (register.services.remove_member). The row
is deleted, so its verification code no longer checks out, and an audit row "certificate.revoke"
keeps its number, workshop and leader; the number is never given again (`_last_running_numbers` counts
revoked numbers too).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import require_in_scope, scope_of
from phinong.audit.models import AuditEvent
from phinong.audit.services import record, unsaved_event
from phinong.register.models import Member, MemberRole
from phinong.workshops.models import Certificate, Workshop

if TYPE_CHECKING:
    from phinong.accounts.models import User

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0 O 1 I L: read aloud and typed back
CODE_LENGTH = 10
NUMBER_DIGITS = 3
CHUNK = 500
PRINTING = ("workshop__programme", "member__tambon__district__province")


def last_day(workshop: Workshop) -> dt.date:
    return workshop.starts_on + dt.timedelta(days=workshop.days - 1)


# -- reads ----------------------------------------------------------------------------------------


def completed_members(workshop: Workshop, *, area_code: str = "") -> list[Member]:
    """Leaders of the invited tambons who attended at least `required_days` distinct days.

    Ordered by tambon code, then name. `area_code` keeps those whose tambon lies inside that area.
    """
    days = Count(
        "attendance__day",
        filter=Q(
            attendance__workshop=workshop,
            attendance__day__gte=1,
            attendance__day__lte=workshop.days,
        ),
        distinct=True,
    )
    return list(
        Member.objects.filter(
            programme_id=workshop.programme_id,
            role=MemberRole.LEADER,
            tambon_id__in=workshop.tambons.values("code"),
            tambon__code__startswith=area_code,
        )
        .annotate(days_present=days)
        .filter(days_present__gte=workshop.required_days)
        .select_related("tambon")
        .order_by("tambon_id", "first_name", "last_name", "pk")
    )


def certificates_for(*, actor: User) -> QuerySet[Certificate]:
    """Certificates of leaders in the actor's area, loaded for printing."""
    return Certificate.objects.filter(scope_of(actor).q("member__tambon__code")).select_related(
        *PRINTING
    )


def get_certificate_for(*, actor: User, pk: int) -> Certificate:
    certificate = certificates_for(actor=actor).filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


def certificates_in_area(*, actor: User, workshop: Workshop, area_code: str) -> list[Certificate]:
    """The workshop's certificates for the leaders of one area (404 when it is outside the actor's),
    in tambon order, then name."""
    require_in_scope(actor=actor, area_code=area_code)
    return list(
        certificates_for(actor=actor)
        .filter(workshop=workshop, member__tambon__code__startswith=area_code)
        .order_by("member__tambon_id", "member__first_name", "member__last_name", "member_id")
    )


def find_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code (case and dashes ignored), or None."""
    wanted = code.strip().upper().replace("-", "").replace(" ", "")
    if len(wanted) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in wanted):
        return None
    return Certificate.objects.select_related("workshop__programme").filter(code=wanted).first()


# -- the write ------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def issue_certificates(
    *, actor: User, workshop: Workshop, tambon_code: str | None = None
) -> list[Certificate]:
    """Issue certificates to the leaders who completed the workshop and have none yet.

    With `tambon_code`, that tambon's leaders (404 when it lies outside the actor's area; refused
    when the workshop did not invite it); without, every invited tambon inside the actor's area.
    Returns the certificates issued now (none when all were issued before).
    """
    scope = scope_of(actor)
    if scope.code is None or (tambon_code is not None and not scope.covers(tambon_code)):
        raise Http404
    require(actor, Action.MANAGE_LEADERS)
    # Serialise issuing for this workshop, so two officers cannot draw the same running number.
    workshop = Workshop.objects.select_for_update().select_related("programme").get(pk=workshop.pk)
    if tambon_code is not None and not workshop.tambons.filter(code=tambon_code).exists():
        raise ValidationError(_("This tambon was not invited to the workshop."))
    if timezone.localdate() < last_day(workshop):
        raise ValidationError(_("Certificates are issued once the workshop has ended."))
    area = tambon_code if tambon_code is not None else scope.code
    issued = set(Certificate.objects.filter(workshop=workshop).values_list("member_id", flat=True))
    members = [m for m in completed_members(workshop, area_code=area) if m.pk not in issued]
    if not members:
        return []
    for code in sorted({m.tambon_id for m in members}):
        require_in_scope(actor=actor, area_code=code)

    programme_code = workshop.programme.code
    running = _last_running_numbers(programme_code, {m.tambon_id for m in members})
    codes = _new_codes(len(members))
    certificates = []
    for member, code in zip(members, codes, strict=True):
        running[member.tambon_id] += 1
        number = (
            f"{programme_code}-{member.tambon_id}-{running[member.tambon_id]:0{NUMBER_DIGITS}d}"
        )
        certificates.append(
            Certificate(
                workshop=workshop,
                member=member,
                number=number,
                code=code,
                full_name=member.full_name,
                issued_on=last_day(workshop),
            )
        )
    for certificate in certificates:
        certificate.full_clean(exclude=["workshop", "member"], validate_unique=False)
    Certificate.objects.bulk_create(certificates)
    if any(c.pk is None for c in certificates):  # a backend that returns no ids: read them back
        ids = {
            number: pk
            for chunk in _chunks([c.number for c in certificates])
            for number, pk in Certificate.objects.filter(number__in=chunk).values_list(
                "number", "pk"
            )
        }
        for certificate in certificates:
            certificate.pk = ids[certificate.number]
    AuditEvent.objects.bulk_create(
        unsaved_event(
            actor=actor,
            action="certificate.issue",
            obj=c,
            area_code=c.member.tambon_id,
            label=f"{c.number} {c.full_name}",
            changes={"workshop": workshop.pk, "member": c.member_id, "issued_on": c.issued_on},
        )
        for c in certificates
    )
    return certificates


@transaction.atomic
def revoke_certificates_of(*, actor: User, member: Member, reason: str) -> list[str]:
    """Revoke every certificate the member holds, each with an audit row; return their numbers.

    Needs Action.MANAGE_LEADERS and the member's tambon inside the actor's area (else 404).
    """
    require(actor, Action.MANAGE_LEADERS)
    require_in_scope(actor=actor, area_code=member.scope_code)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    held = list(Certificate.objects.select_for_update().filter(member=member).order_by("number"))
    for certificate in held:
        record(
            actor=actor,
            action="certificate.revoke",
            obj=certificate,
            area_code=member.tambon_id,
            label=certificate.number,
            changes={
                "number": certificate.number,
                "workshop": certificate.workshop_id,
                "member": member.pk,
                "issued_on": certificate.issued_on,
            },
            reason=reason.strip(),
        )
    Certificate.objects.filter(pk__in=[c.pk for c in held]).delete()
    return [c.number for c in held]


def _last_running_numbers(programme_code: str, tambon_codes: set[str]) -> dict[str, int]:
    """{tambon: the highest running number already given in this programme} (0 when none).

    Revoked numbers count too (their audit rows keep them), so a number is never given twice.
    """
    highest = dict.fromkeys(tambon_codes, 0)
    prefix = f"{programme_code}-"
    revoked = AuditEvent.objects.filter(
        action="certificate.revoke", object_type="workshops.certificate"
    ).filter(object_label__startswith=prefix)
    for number in [
        *Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True),
        *revoked.values_list("object_label", flat=True),
    ]:
        tambon, _sep, tail = number.removeprefix(prefix).partition("-")
        if tambon in highest and tail.isdigit():
            highest[tambon] = max(highest[tambon], int(tail))
    return highest


def _chunks(items: list[str]) -> Iterator[list[str]]:
    """Slices small enough for an IN (...) on any database."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _new_codes(count: int) -> list[str]:
    """`count` fresh verification codes, none already in use (a clash is astronomically rare)."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = sorted({new_code() for _ in range(count - len(codes))} - codes)
        taken = {
            code
            for chunk in _chunks(wanted)
            for code in Certificate.objects.filter(code__in=chunk).values_list("code", flat=True)
        }
        codes.update(c for c in wanted if c not in taken)
    return list(codes)
