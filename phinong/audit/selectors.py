from typing import Any

from django.db.models import Model, Q

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import Scope, scope_of
from phinong.audit.models import AuditEvent
from phinong.audit.presenters import present
from phinong.lib import national_id

PERSONAL_FIELDS = {"national_id", "phone", "birth_date"}


def events_for(
    obj: Model, *, actor: Any, limit: int = 100, also_areas: tuple[str, ...] = ()
) -> list[AuditEvent]:
    """The log of one record, as the actor may read it, newest first.

    Only the events about the actor's area are kept: those inside it, and those about an area that
    contains it (the programme as a whole, the actor's province or district), never those about
    another area; so a tambon leader does not read other districts' imports. Personal data is masked
    for roles that may not see it, and each event carries `display`, its row as people read it
    (audit.presenters). `also_areas` are codes whose events are shown too, for a record that
    belongs to an area the actor sees only part of (a partner registered by another district).
    Call it only after the record itself was fetched in the actor's scope.
    """
    scope = scope_of(actor)
    about = about_area(scope)
    if also_areas and not scope.is_nation:  # Q() | q would keep only q
        about |= Q(area_code__in=also_areas)
    events = list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .filter(about)
        .select_related("actor")[:limit]
    )
    show = can(actor, Action.SEE_PERSONAL_DATA)
    for event in events:
        event.visible_changes = {  # type: ignore[attr-defined]
            field: value if show or field not in PERSONAL_FIELDS else _mask(field, value)
            for field, value in (event.changes or {}).items()
        }
    for event, row in zip(events, present(events), strict=True):
        event.display = row  # type: ignore[attr-defined]
    return events


def about_area(scope: Scope) -> Q:
    """Events whose area lies inside the scope, or contains it (its province, district, the nation).

    Every event stores the code of the area it is about ('' for the programme as a whole), so this
    one rule serves old events as well as new ones.
    """
    if scope.code is None:
        return Q(pk__in=[])
    if scope.code == "":
        return Q()
    ancestors = [scope.code[:length] for length in (0, 2, 4, 6) if length < len(scope.code)]
    return Q(area_code__startswith=scope.code) | Q(area_code__in=ancestors)


def _mask(field: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_mask(field, v) for v in value]
    if not value or str(value).startswith("x"):  # masked when it was written
        return value
    if field == "national_id":
        return national_id.masked(str(value))
    if field == "phone":
        return national_id.masked_phone(str(value))
    return "xx/xx/xxxx"
