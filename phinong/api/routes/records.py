"""Activity records: what a tambon did for one activity of a programme.

Read by everyone who sees the tambon; written by its district and by its tambon leader
(workshops.services.save_record). A record is created once per activity and tambon, then updated
with `If-Match`.
"""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from phinong.accounts.permissions import Action, require
from phinong.accounts.scoping import get_in_scope, scoped
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.evidence import EvidenceOut, evidence_out, required_file
from phinong.api.listing import (
    TAMBON_PATTERN,
    AreaFilter,
    Id,
    Page,
    actor_of,
    in_area,
    stale_is_412,
)
from phinong.core.errors import ConflictError
from phinong.geo import selectors as geo_selectors
from phinong.geo.models import Tambon
from phinong.partners.selectors import partners_of_tambon
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity
from phinong.workshops import services as workshop_services
from phinong.workshops.models import ActivityEvidence, ActivityRecord, ActivityStatus

router = Router(tags=["activity records"])

BIG = 2_147_483_647


class RecordOut(Schema):
    id: int
    programme: int
    activity: int = Field(..., description="the activity's number in the programme")
    tambon: str
    status: str
    started_on: dt.date | None
    finished_on: dt.date | None
    participants: int
    partners: list[int]
    notes: str
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_programme(obj: ActivityRecord) -> int:
        return obj.activity.programme_id

    @staticmethod
    def resolve_activity(obj: ActivityRecord) -> int:
        return obj.activity.number

    @staticmethod
    def resolve_tambon(obj: ActivityRecord) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_partners(obj: ActivityRecord) -> list[int]:
        return sorted(p.pk for p in obj.partners.all())


class RecordFields(Schema):
    status: ActivityStatus
    started_on: dt.date | None = None
    finished_on: dt.date | None = None
    participants: int = Field(0, ge=0, le=BIG)
    notes: str = Field("", max_length=5000)
    partners: list[Annotated[int, Field(ge=1, le=BIG)]] = Field(
        default_factory=list, max_length=500, description="partners that work in the tambon"
    )


class RecordIn(RecordFields):
    activity: int = Field(..., ge=1, le=100, description="the activity's number")
    tambon: str = Field(
        ..., pattern=TAMBON_PATTERN, description="the tambon's DOPA code", examples=["420102"]
    )


class RecordFilters(Schema):
    area: AreaFilter = None
    activity: int | None = Field(None, ge=1, le=100, description="an activity's number")
    status: ActivityStatus | None = None


def _records() -> QuerySet[ActivityRecord]:
    return ActivityRecord.objects.select_related("activity").prefetch_related("partners")


def _record_for(actor: Any, record_id: int) -> ActivityRecord:
    return get_in_scope(_records(), actor=actor, path="tambon__code", pk=record_id)


@router.get("/programmes/{programme_id}/records", response={200: list[RecordOut], **READ_ERRORS})
@paginate(Page)
def records(request: HttpRequest, programme_id: Id, filters: Query[RecordFilters]) -> Any:
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = scoped(_records(), actor=actor, path="tambon__code").filter(
        in_area(actor, filters.area, "tambon__code"), activity__programme=programme
    )
    if filters.activity is not None:
        rows = rows.filter(activity__number=filters.activity)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return rows.order_by("activity__number", "tambon_id", "pk")


@router.get("/records/{record_id}", response={200: RecordOut, **READ_ERRORS})
def record(request: HttpRequest, record_id: Id, response: HttpResponse) -> ActivityRecord:
    found = _record_for(actor_of(request), record_id)
    response["ETag"] = etag_of(found)
    return found


def _save(
    request: HttpRequest,
    *,
    activity: Activity,
    tambon: Tambon,
    expected_version: int,
    payload: RecordFields,
) -> ActivityRecord:
    partners = partners_of_tambon(tambon.code)
    chosen = set(payload.partners)
    if len(chosen) != partners.filter(pk__in=chosen).count():
        raise ValidationError({"partners": _("Choose partners that work in this tambon.")})
    values = payload.dict(exclude={"partners", "activity", "tambon"})
    return workshop_services.save_record(
        actor=actor_of(request),
        activity=activity,
        tambon=tambon,
        expected_version=expected_version,
        values=values,
        partners=partners.filter(pk__in=chosen),
    )


@router.post("/programmes/{programme_id}/records", response={201: RecordOut, **WRITE_ERRORS})
def create_record(request: HttpRequest, programme_id: Id, payload: RecordIn) -> Status[Any]:
    """Record what a tambon did for an activity; once it exists, update it with PUT."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=payload.tambon)
    require(actor, Action.RECORD_ACTIVITIES)
    activity = Activity.objects.filter(programme=programme, number=payload.activity).first()
    if activity is None:
        raise ValidationError({"activity": _("The programme has no activity with this number.")})
    try:
        saved = _save(
            request, activity=activity, tambon=tambon, expected_version=0, payload=payload
        )
    except ConflictError as exc:
        raise ValidationError(
            {"activity": _("This tambon already has a record of this activity: update it.")}
        ) from exc
    return Status(201, _record_for(actor, saved.pk))


@router.put(
    "/records/{record_id}", response={200: RecordOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_record(
    request: HttpRequest, record_id: Id, payload: RecordFields, response: HttpResponse
) -> ActivityRecord:
    """Change a record; send `If-Match` with the ETag you read."""
    actor = actor_of(request)
    found = _record_for(actor, record_id)
    require(actor, Action.RECORD_ACTIVITIES)
    require_match(request, found)
    with stale_is_412():
        _save(
            request,
            activity=found.activity,
            tambon=found.tambon,
            expected_version=found.version,
            payload=payload,
        )
    saved = _record_for(actor, found.pk)
    response["ETag"] = etag_of(saved)
    return saved


@router.delete(
    "/records/{record_id}", response={204: None, **WRITE_ERRORS}, openapi_extra=if_match()
)
def delete_record(request: HttpRequest, record_id: Id) -> Status[None]:
    """Remove a record (one made by mistake) with its evidence; send `If-Match`."""
    actor = actor_of(request)
    found = _record_for(actor, record_id)
    require(actor, Action.RECORD_ACTIVITIES)
    require_match(request, found)
    with stale_is_412():
        workshop_services.delete_record(actor=actor, record_=found, expected_version=found.version)
    return Status(204, None)


def _evidence_out(evidence: ActivityEvidence) -> dict[str, Any]:
    return evidence_out(evidence, reverse("workshops:activity_evidence", args=(evidence.pk,)))


@router.get("/records/{record_id}/evidence", response={200: list[EvidenceOut], **READ_ERRORS})
@paginate(Page)
def evidence(request: HttpRequest, record_id: Id) -> list[dict[str, Any]]:
    found = _record_for(actor_of(request), record_id)
    return [_evidence_out(e) for e in found.evidence.order_by("uploaded_at", "pk")]


@router.post("/records/{record_id}/evidence", response={201: EvidenceOut, **WRITE_ERRORS})
def add_evidence(
    request: HttpRequest, record_id: Id, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    """Attach a photo (JPEG, PNG) or a PDF (multipart field `file`), checked as on the web."""
    actor = actor_of(request)
    found = _record_for(actor, record_id)
    require(actor, Action.RECORD_ACTIVITIES)
    saved = workshop_services.add_record_evidence(
        actor=actor, record_=found, upload=required_file(file)
    )
    return Status(201, _evidence_out(saved))
