from typing import Any

from django.db.models import Model

from phinong.audit.context import current_channel, current_origin
from phinong.audit.models import AuditEvent, Channel
from phinong.lib import national_id

# Actions that only an Excel import writes, from a web upload or from the command line.
IMPORT_ACTIONS = frozenset({"register.import", "leader.import", "lesson.import", "lessons.import"})


def record(
    *,
    actor: Any,
    action: str,
    obj: Model,
    area_code: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> AuditEvent:
    """Append one audit row. Call it inside the same transaction as the write it describes."""
    event = unsaved_event(
        actor=actor,
        action=action,
        obj=obj,
        area_code=area_code,
        changes=changes,
        reason=reason,
        label=label,
    )
    event.save()
    return event


def unsaved_event(
    *,
    actor: Any,
    action: str,
    obj: Model,
    area_code: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> AuditEvent:
    """An audit row not yet saved, for writers that add many at once with bulk_create."""
    return AuditEvent(
        **event_row(
            actor=actor,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            label=label or str(obj),
            area_code=area_code,
            changes=changes,
            reason=reason,
        )
    )


def event_row(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    label: str,
    area_code: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> dict[str, Any]:
    """The fields of one audit row as a dict, for `core.bulk.insert_rows`."""
    return {
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "actor_username": getattr(actor, "username", "") or "system",
        "origin": current_origin(),
        "channel": _channel(action),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": label[:200],
        "area_code": area_code,
        "changes": masked(object_type, _jsonable(changes or {})),
        "reason": reason,
    }


# Never stored in full: a national ID anywhere, and a person's phone and birth date (PDPA).
MASKED_ANYWHERE = frozenset({"national_id"})
MASKED_FOR_PEOPLE = frozenset({"phone", "birth_date"})
PEOPLE = frozenset({"register.member"})


def masked(object_type: str, changes: Any) -> Any:
    """The changes with personal values masked, at any depth (also in [old, new] and row lists)."""
    keys = MASKED_ANYWHERE | (MASKED_FOR_PEOPLE if object_type in PEOPLE else frozenset())
    return _mask_keys(changes, keys)


def _mask_keys(value: Any, keys: frozenset[str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _mask_keys(v, keys, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_keys(v, keys, key) for v in value]
    if key not in keys or value in (None, "") or str(value).startswith("x"):
        return value
    if key == "national_id":
        return national_id.masked(str(value))
    if key == "phone":
        return national_id.masked_phone(str(value))
    return "xx/xx/xxxx"


def _channel(action: str) -> str:
    if action in IMPORT_ACTIONS:
        return Channel.IMPORT
    return current_channel() or Channel.COMMAND


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
