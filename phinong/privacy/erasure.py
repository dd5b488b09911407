"""Erasure: a person's data anonymised everywhere, while the counts they belong to stay right.

A registered person's row stays (a tambon still counts its 15 leaders), but their name becomes
"ลบข้อมูลแล้ว", and their national ID a token that identifies nobody ("ลบ-<row number>"), and
their phone, birth date, age, position and village are blanked. Then:

- audit history: the rows about them lose their personal values and their name; the rows about
  their certificates keep only the certificate's number;
- certificates: the printed name is cleared, so the public check says the certificate exists and
  shows no name;
- the access log: rows about them lose their name;
- every other text or JSON column of every table (lessons, narratives, log rows, the search
  index) loses any written form of the ID (privacy.traces), once no registration holds it any more;
- register uploads waiting for confirmation in the same programme are discarded (their files may
  hold the person, and cannot be searched).

Names inside free text (a lesson learned that mentions a leader) cannot be found reliably and are
left as written. The erasure is itself audited ("person.erase"), without the erased data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from phinong.audit.models import AuditEvent
from phinong.audit.services import unsaved_event
from phinong.privacy.models import AccessEvent
from phinong.privacy.rules import require_data_controller
from phinong.privacy.traces import ERASED_TEXT, scrub_everywhere
from phinong.programmes.models import Programme
from phinong.register.models import Member, PendingUpload
from phinong.workshops.models import Certificate

if TYPE_CHECKING:
    from phinong.accounts.models import User

ERASED_NAME = ERASED_TEXT
ERASED_ID_PREFIX = "ลบ-"
# The member fields that identify a person; sex and leader type stay for the statistics.
PERSONAL_FIELDS = (
    "title",
    "first_name",
    "last_name",
    "national_id",
    "birth_date",
    "age",
    "phone",
    "position",
    "village",
)
BATCH = 200


def is_erased(member: Member) -> bool:
    return member.national_id.startswith(ERASED_ID_PREFIX)


def registrations_of(member: Member) -> QuerySet[Member]:
    """Every registration of the same person (same national ID), in any programme."""
    return (
        Member.objects.filter(national_id=member.national_id)
        .select_related("programme", "tambon", "pair")
        .order_by("programme__code", "pk")
    )


@transaction.atomic
def erase_person(*, actor: User, member: Member, reason: str) -> int:
    """Anonymise this person in every programme they are registered in; return how many rows."""
    require_data_controller(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for erasing this person's data.")})
    if is_erased(member):
        raise ValidationError(_("This person's data was already erased."))
    return _erase(list(registrations_of(member)), actor=actor, reason=reason)


def members_to_purge(*, programme: Programme, before: dt.date) -> QuerySet[Member]:
    """The programme's people registered before the date, not yet erased."""
    return (
        Member.objects.filter(programme=programme, created_at__date__lt=before)
        .exclude(national_id__startswith=ERASED_ID_PREFIX)
        .select_related("pair")
        .order_by("pk")
    )


def purge_programme(
    *, actor: User | None, programme: Programme, before: dt.date, reason: str
) -> int:
    """Erase the programme's people registered before the date, a batch per transaction.

    `actor` None is the server's operator (the purge command run without --as).
    """
    if actor is not None:
        require_data_controller(actor)
    done = 0
    while True:
        with transaction.atomic():
            batch = list(members_to_purge(programme=programme, before=before)[:BATCH])
            if not batch:
                return done
            done += _erase(batch, actor=actor, reason=reason)


def _erase(members: Sequence[Member], *, actor: User | None, reason: str) -> int:
    if not members:
        return 0
    pks = [m.pk for m in members]
    national_ids = {m.national_id for m in members}
    certificates = dict(Certificate.objects.filter(member_id__in=pks).values_list("pk", "number"))
    Member.objects.filter(pk__in=pks).update(
        national_id=Concat(Value(ERASED_ID_PREFIX), Cast("pk", CharField())),
        title="",
        first_name=ERASED_NAME,
        last_name="",
        birth_date=None,
        age=None,
        phone="",
        position="",
        village=None,
        version=F("version") + 1,
    )
    Certificate.objects.filter(pk__in=certificates).update(full_name="")
    _scrub_audit(pks, certificates)
    AccessEvent.objects.filter(
        object_type=Member._meta.label_lower, object_id__in=[str(pk) for pk in pks]
    ).update(label=ERASED_NAME)
    PendingUpload.objects.filter(programme_id__in={m.programme_id for m in members}).delete()
    still_held = set(
        Member.objects.filter(national_id__in=national_ids).values_list("national_id", flat=True)
    )
    scrub_everywhere(national_ids - still_held)
    AuditEvent.objects.bulk_create(
        [
            unsaved_event(
                actor=actor,
                action="person.erase",
                obj=member,
                area_code=member.scope_code,
                label=ERASED_NAME,
                reason=reason,
            )
            for member in members
        ]
    )
    return len(members)


def _scrub_audit(member_pks: Iterable[int], certificates: dict[int, str]) -> None:
    about_members = AuditEvent.objects.filter(
        object_type=Member._meta.label_lower, object_id__in=[str(pk) for pk in member_pks]
    )
    for event in about_members.iterator():
        AuditEvent.objects.filter(pk=event.pk).update(
            object_label=ERASED_NAME, changes=_without_personal(event.changes)
        )
    for pk, number in certificates.items():
        AuditEvent.objects.filter(
            object_type=Certificate._meta.label_lower, object_id=str(pk)
        ).update(object_label=number)


def _without_personal(changes: Any) -> Any:
    """The same changes, each personal field's value (or [old, new]) replaced by the placeholder."""
    if not isinstance(changes, dict):
        return changes
    return {
        key: (_blank(value) if key in PERSONAL_FIELDS else _without_personal(value))
        for key, value in changes.items()
    }


def _blank(value: Any) -> Any:
    if isinstance(value, list):
        return [_blank(v) for v in value]
    return ERASED_TEXT if value not in (None, "") else value
