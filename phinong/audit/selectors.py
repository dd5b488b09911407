from typing import Any

from django.db.models import Model

from phinong.accounts.permissions import Action, can
from phinong.audit.models import AuditEvent
from phinong.lib import national_id

PERSONAL_FIELDS = {"national_id", "phone", "birth_date"}


def events_for(obj: Model, *, actor: Any, limit: int = 100) -> list[AuditEvent]:
    """The log of one record, with personal data masked for roles that may not see it.

    Call it only after the record itself was fetched in the actor's scope.
    """
    events = list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))[:limit]
    )
    show = can(actor, Action.SEE_PERSONAL_DATA)
    for event in events:
        event.visible_changes = {  # type: ignore[attr-defined]
            field: value if show or field not in PERSONAL_FIELDS else _mask(field, value)
            for field, value in (event.changes or {}).items()
        }
    return events


def _mask(field: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_mask(field, v) for v in value]
    if not value:
        return value
    if field == "national_id":
        return national_id.masked(str(value))
    if field == "phone":
        return national_id.masked_phone(str(value))
    return "xx/xx/xxxx"
