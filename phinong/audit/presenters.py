"""Audit events as a person reads them: what was done in words, each change with its form label.

`present(events)` turns AuditEvent rows (with `visible_changes`, already masked by the selector) into
`HistoryRow`s for the one shared template, core/audit_log.html. Every action code written anywhere
must be in ACTIONS (a test collects the codes from the source); every field is labelled by the
verbose_name of the model the event is about (or of the models in its `Kind`), and keys that are
not model fields by EXTRA_KEYS. Values are shown the Thai way: choices as their labels, booleans as
yes/no, dates in the Buddhist Era, numbers through phinong.core.formatting, an empty value as "–".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from phinong.audit.models import AuditEvent, Channel
from phinong.core import formatting

EMPTY = "–"


@dataclass(frozen=True)
class Kind:
    """How to read one action: its sentence, and the shape of its changes."""

    sentence: Promise
    diff: bool = False  # changes are {field: [old, new]}
    new: bool = False  # a record made: show only the new values
    models: tuple[str, ...] = ()  # other models whose fields the changes name
    labels: Mapping[str, Promise] = field(default_factory=dict)  # keys labelled differently here


QUOTA: dict[str, Promise] = {"tambons": _("Number of tambons")}
PHOTO = ("lessons.lessonphoto",)

ACTIONS: dict[str, Kind] = {
    # accounts
    "user.create": Kind(_("Created the user account")),
    "user.activate": Kind(_("Enabled the user account")),
    "user.deactivate": Kind(_("Disabled the user account")),
    "user.set_password": Kind(_("Set a new password for the user")),
    "user.password_reset_sent": Kind(_("Sent the user a link to set a new password by email")),
    "user.unlock": Kind(_("Lifted the pause on the user's logins after too many wrong passwords")),
    "api_token.create": Kind(_("Created an API token")),
    "api_token.revoke": Kind(_("Revoked an API token")),
    # programmes
    "programme.create": Kind(_("Created the programme")),
    "programme.update": Kind(_("Changed the programme's details"), diff=True),
    "activity.create": Kind(_("Added an activity to the programme"), diff=True, new=True),
    "activity.update": Kind(_("Changed an activity of the programme"), diff=True),
    "activity.delete": Kind(_("Deleted an activity of the programme")),
    "quota.province": Kind(_("Set the province's quota of tambons"), diff=True, labels=QUOTA),
    "quota.district": Kind(_("Set the district's cap on tambons"), diff=True, labels=QUOTA),
    "pair.create": Kind(_("Paired the younger tambon with its elder tambon")),
    "pair.delete": Kind(_("Removed the pairing")),
    "target.create": Kind(_("Added the target tambon")),
    "target.delete": Kind(_("Removed the target tambon")),
    # geography
    "village.create": Kind(_("Registered the village")),
    # register
    "leader.create": Kind(_("Added the leader")),
    "leader.update": Kind(_("Changed the leader's details"), diff=True),
    "leader.delete": Kind(_("Removed the leader from the register")),
    "leader.import": Kind(_("Added or updated the leader from an Excel file"), diff=True),
    "mentor.create": Kind(_("Added the mentor")),
    "mentor.update": Kind(_("Changed the mentor's details"), diff=True),
    "mentor.delete": Kind(_("Removed the mentor from the register")),
    "register.import": Kind(_("Imported the register from an Excel file")),
    "register.export": Kind(_("Exported the register to an Excel file")),
    "person.erase": Kind(_("Erased the person's personal data")),
    # reports
    "period.create": Kind(_("Created the reporting period")),
    "report.create": Kind(_("Started the report"), diff=True, new=True),
    "report.update": Kind(_("Edited the report"), diff=True),
    "report.submit": Kind(_("Submitted the report to the province"), diff=True),
    "report.resubmit": Kind(_("Submitted the report to the province again"), diff=True),
    "report.approve": Kind(_("Approved the report"), diff=True),
    "report.return": Kind(_("Returned the report to the district"), diff=True),
    "report.reopen": Kind(_("Reopened the approved report"), diff=True),
    "report.evidence": Kind(_("Attached evidence to the report")),
    "report.remind": Kind(_("Reminded the districts of overdue reports")),
    # sharing centres
    "centre.create": Kind(_("Registered the sharing centre")),
    "centre.update": Kind(_("Changed the sharing centre's details"), diff=True),
    "stock.in": Kind(_("Recorded a donation received"), models=("centres.stockmovement",)),
    "stock.out": Kind(
        _("Recorded a distribution to households"), models=("centres.stockmovement",)
    ),
    "stock.adjustment": Kind(_("Adjusted the stock"), models=("centres.stockmovement",)),
    # partners
    "partner.create": Kind(_("Registered the partner")),
    "partner.update": Kind(_("Changed the partner's details"), diff=True),
    "partner.link": Kind(_("Linked the partner to a tambon")),
    "partner.unlink": Kind(_("Unlinked the partner from a tambon")),
    "partner.delete": Kind(_("Deleted the partner")),
    # workshops and activities
    "workshop.create": Kind(_("Created the workshop")),
    "workshop.attendance": Kind(_("Recorded attendance"), models=("workshops.attendance",)),
    "activity.record": Kind(_("Recorded the tambon's progress on the activity"), diff=True),
    "activity.evidence": Kind(_("Attached evidence to the activity")),
    "activity.record.delete": Kind(_("Deleted the tambon's record of the activity")),
    "certificate.issue": Kind(_("Issued the certificate")),
    "certificate.print": Kind(_("Printed certificates")),
    "certificate.revoke": Kind(_("Revoked the certificate")),
    "certificate.signatory": Kind(_("Set who signs the certificates"), diff=True),
    "certificate.signatory.remove": Kind(_("Removed who signs the certificates")),
    "certificate.emblem": Kind(_("Uploaded the emblem printed on the certificates")),
    "certificate.emblem.remove": Kind(_("Removed the emblem printed on the certificates")),
    # lessons learned
    "lesson.create": Kind(_("Started the lessons learned"), diff=True, new=True),
    "lesson.update": Kind(_("Edited the lessons learned"), diff=True),
    "lesson.import": Kind(_("Wrote the lessons learned from an Excel file"), diff=True),
    "lesson.publish": Kind(_("Published the lessons learned"), diff=True),
    "lesson.unpublish": Kind(_("Took the lessons learned back to a draft"), diff=True),
    "lesson.delete": Kind(_("Deleted the lessons learned")),
    "lesson.photo": Kind(_("Added a photo to the lessons learned"), models=PHOTO),
    "lesson.photo.caption": Kind(
        _("Changed a photo's caption in the lessons learned"), diff=True, models=PHOTO
    ),
    "lesson.photo.remove": Kind(_("Removed a photo from the lessons learned"), models=PHOTO),
    "lessons.import": Kind(_("Imported lessons learned from an Excel file")),
}
UNKNOWN_ACTION = Kind(_("Changed the record"))

# How a key that is not a field of the event's model is read: its label, and what its value is.
# area: a DOPA code shown as the area's name; areas: a list of them; people: a list of ids, counted;
# date: an ISO date; bytes: a file size; short: a long code cut short; map: a value from VALUE_LABELS.
EXTRA_KEYS: dict[str, tuple[Promise, str]] = {
    "area_code": (_("Area"), "area"),
    "owner_code": (pgettext_lazy("audit history", "Registered by"), "area"),
    "younger": (_("Younger tambon"), "area"),
    "elder": (_("Elder tambon"), "area"),
    "tambon": (_("Tambon"), "area"),
    "tambons": (_("Tambons"), "areas"),
    "districts": (_("Districts"), "areas"),
    "programme": (_("Programme"), "text"),
    "file": (pgettext_lazy("audit history", "File"), "text"),
    "bytes": (_("File size"), "bytes"),
    "sha256": (_("File fingerprint"), "short"),
    "rows": (_("Rows in the file"), "number"),
    "created": (pgettext_lazy("audit history", "Added"), "number"),
    "updated": (pgettext_lazy("audit history", "Updated"), "number"),
    "unchanged": (pgettext_lazy("audit history", "Unchanged"), "number"),
    "rejected": (_("Rows refused"), "number"),
    "pairs_created": (_("Pairs created"), "number"),
    "valid_only": (_("Only the valid rows were imported"), "bool"),
    "national_ids": (_("National ID numbers"), "map"),
    "officers": (_("Officers notified"), "number"),
    "certificates": (_("Certificates"), "number"),
    "first": (_("First certificate number"), "text"),
    "last": (_("Last certificate number"), "text"),
    "added": (_("People marked present"), "people"),
    "removed": (_("People no longer marked present"), "people"),
    "source": (pgettext_lazy("audit history", "Recorded from"), "map"),
    "issued_on": (_("Issued on"), "date"),
    "certificates_revoked": (_("Certificates revoked"), "text"),
    "movement": (_("Stock entry number"), "number"),
}
# Labels for model fields that have no verbose_name of their own (nor their related model).
FIELD_LABELS: dict[str, Promise] = {"workshop": _("Workshop")}
VALUE_LABELS: dict[str, dict[str, Promise]] = {
    "national_ids": {"shown": _("shown in full"), "masked": _("masked")},
    "source": {
        "ticked": _("ticked on the list"),
        "zoom": _("a Zoom report"),
        "meet": _("a Google Meet report"),
        "teams": _("a Microsoft Teams report"),
    },
}
AREA_MODELS = {2: "geo.province", 4: "geo.district", 6: "geo.tambon", 8: "geo.village"}


@dataclass
class Line:
    label: str
    new: str
    old: str | None = None  # set for a change: "old → new"

    @property
    def is_change(self) -> bool:
        return self.old is not None


@dataclass
class HistoryRow:
    at: dt.datetime
    who: str
    username: str
    source: str
    origin: str
    what: str
    lines: list[Line] = field(default_factory=list)
    reason: str = ""


def sentence(action: str) -> str:
    return str(ACTIONS.get(action, UNKNOWN_ACTION).sentence)


def present(events: Iterable[AuditEvent]) -> list[HistoryRow]:
    """The rows of a history table, in the order given. Reads names in a few batched queries."""
    events = list(events)
    lookups = _Lookups()
    items = {event.pk: _items(event) for event in events}
    for event in events:
        for key, value, model_field in items[event.pk]:
            lookups.want(key, value, model_field)
    lookups.fetch()
    return [_row(event, items[event.pk], lookups) for event in events]


Item = tuple[str, Any, "models.Field[Any, Any] | None"]


def _row(event: AuditEvent, items: list[Item], lookups: _Lookups) -> HistoryRow:
    kind = ACTIONS.get(event.action, UNKNOWN_ACTION)
    actor = event.actor if event.actor_id else None
    lines = []
    for key, value, model_field in items:
        label = _label(kind, key, model_field)
        if kind.diff and isinstance(value, list) and len(value) == 2:
            old, new = (lookups.show(key, v, model_field) for v in value)
            lines.append(Line(label, new, None if kind.new else old))
        else:
            lines.append(Line(label, lookups.show(key, value, model_field)))
    return HistoryRow(
        at=event.at,
        who=(actor.get_full_name() if actor else "") or event.actor_username,
        username=event.actor_username,
        source=_source(event),
        origin=event.origin,
        what=str(kind.sentence),
        lines=lines,
        reason=event.reason,
    )


def _source(event: AuditEvent) -> str:
    channel = event.channel or Channel.WEB
    return str(Channel(channel).label) if channel in Channel.values else channel


def _items(event: AuditEvent) -> list[Item]:
    changes = getattr(event, "visible_changes", None)
    if changes is None:
        changes = event.changes or {}
    kind = ACTIONS.get(event.action, UNKNOWN_ACTION)
    names = (event.object_type, *kind.models)
    return [(key, value, _model_field(names, key)) for key, value in changes.items()]


def _model_field(labels: Iterable[str], key: str) -> models.Field[Any, Any] | None:
    """The field called `key` of the first of these models that has it and labels it."""
    if key in EXTRA_KEYS:
        return None
    for label in labels:
        try:
            found = apps.get_model(label)._meta.get_field(key)
        except (LookupError, ValueError, FieldDoesNotExist):
            continue
        if isinstance(found, models.Field) and (
            isinstance(found.verbose_name, Promise) or found.is_relation
        ):
            return found
    return None


def _label(kind: Kind, key: str, model_field: models.Field[Any, Any] | None) -> str:
    if key in kind.labels:
        text = str(kind.labels[key])
    elif key in EXTRA_KEYS:
        text = str(EXTRA_KEYS[key][0])
    elif model_field is not None and isinstance(model_field.verbose_name, Promise):
        text = str(model_field.verbose_name)
    elif key in FIELD_LABELS:
        text = str(FIELD_LABELS[key])
    elif model_field is not None and model_field.related_model:
        text = str(model_field.related_model._meta.verbose_name)  # type: ignore[union-attr]
    else:
        text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _area_model(value: Any) -> str | None:
    if isinstance(value, str) and value.isdigit():
        return AREA_MODELS.get(len(value))
    return None


class _Lookups:
    """Names of the areas and related records the values point at, fetched once per model."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[str]] = defaultdict(set)
        self.names: dict[tuple[str, str], str] = {}

    def want(self, key: str, value: Any, model_field: models.Field[Any, Any] | None) -> None:
        if isinstance(value, list):
            for item in value:
                self.want(key, item, model_field)
            return
        model = self._model(key, value, model_field)
        if model:
            self.wanted[model].add(str(value))

    @staticmethod
    def _model(key: str, value: Any, model_field: models.Field[Any, Any] | None) -> str | None:
        """The model whose record `value` names, if any: an area by its code, or a related row."""
        if value is None or value == "" or isinstance(value, bool):
            return None
        if key in EXTRA_KEYS:
            return _area_model(value) if EXTRA_KEYS[key][1] in ("area", "areas") else None
        if model_field is not None and model_field.is_relation and model_field.related_model:
            related = model_field.related_model._meta.label_lower  # type: ignore[union-attr]
            if related in AREA_MODELS.values():
                return _area_model(value)
            return related if isinstance(value, str | int) else None
        return None

    def fetch(self) -> None:
        for label, pks in self.wanted.items():
            model = apps.get_model(label)
            keys = [pk for pk in pks if _valid_pk(model, pk)]
            if keys:
                for pk, obj in model._default_manager.in_bulk(keys).items():
                    self.names[(label, str(pk))] = _name(obj)

    def show(self, key: str, value: Any, model_field: models.Field[Any, Any] | None) -> str:
        if isinstance(value, list):
            if key in EXTRA_KEYS and EXTRA_KEYS[key][1] == "people":
                return _people(len(value))
            shown = [self.show(key, v, model_field) for v in value]
            return ", ".join(shown) if shown else EMPTY
        if value is None or value == "":
            return EMPTY
        model = self._model(key, value, model_field)
        if model and (model, str(value)) in self.names:
            return self.names[(model, str(value))]
        if key in EXTRA_KEYS:
            return _show_extra(key, EXTRA_KEYS[key][1], value)
        if model_field is not None:
            return _show_field(model_field, value)
        return _plain(value)


def _valid_pk(model: type[models.Model], pk: str) -> bool:
    try:
        model._meta.pk.to_python(pk)
    except Exception:  # a value that is not a key of this model is shown as it is
        return False
    return True


def _name(obj: models.Model) -> str:
    moo = getattr(obj, "moo", None)
    if moo is not None and obj._meta.label_lower == "geo.village":
        name = getattr(obj, "name_th", "")
        return (
            gettext("Moo %(moo)s %(name)s") % {"moo": formatting.num(moo), "name": name}
        ).strip()
    return str(obj)


def _show_field(model_field: models.Field[Any, Any], value: Any) -> str:
    if model_field.choices:
        labels = {str(k): v for k, v in model_field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(model_field, models.BooleanField):
        return _yes_no(value)
    if isinstance(model_field, models.DateTimeField):
        moment = _parse(dt.datetime.fromisoformat, value)
        return formatting.datetime(moment) if moment else _plain(value)
    if isinstance(model_field, models.DateField):
        day = _parse(dt.date.fromisoformat, value)
        return formatting.date(day) if day else _plain(value)
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return _decimal(value)
    if isinstance(value, int) and model_field.name.endswith("year"):
        return formatting.num(str(value))  # a year has no thousands comma
    return _plain(value)


def _show_extra(key: str, how: str, value: Any) -> str:
    if how == "map" and str(value) in VALUE_LABELS.get(key, {}):
        return str(VALUE_LABELS[key][str(value)])
    if how == "bool" or isinstance(value, bool):
        return _yes_no(value)
    if how == "date":
        day = _parse(dt.date.fromisoformat, value)
        return formatting.date(day) if day else _plain(value)
    if how == "bytes" and isinstance(value, int):
        return file_size(value)
    if how == "short" and isinstance(value, str):
        return value[:12] + "…" if len(value) > 12 else value
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, int):
        return formatting.num(value)
    if isinstance(value, float):
        return _decimal(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _decimal(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number.normalize():f}" if number == number.to_integral() else f"{number:f}"
    whole, _sep, fraction = text.partition(".")
    return formatting.num(f"{int(whole):,}" + (f".{fraction}" if fraction else ""))


def _yes_no(value: Any) -> str:
    return pgettext("audit value", "Yes") if value else pgettext("audit value", "No")


def _people(count: int) -> str:
    return gettext("%(count)s people") % {"count": formatting.num(count)}


def file_size(size: int) -> str:
    if size < 1024:
        return gettext("%(size)s bytes") % {"size": formatting.num(size)}
    if size < 1024 * 1024:
        return gettext("%(size)s KB") % {"size": formatting.num(f"{size / 1024:.1f}")}
    return gettext("%(size)s MB") % {"size": formatting.num(f"{size / 1024 / 1024:.1f}")}


def _parse(parser: Any, value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    try:
        return parser(str(value))
    except ValueError:
        return None
