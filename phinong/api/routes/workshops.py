"""Workshops of a programme and their attendance, one day at a time.

A workshop is seen by its organiser's area and by the areas of the tambons it invites; of its
participants, a reader sees the leaders inside their own area, and a district sets the attendance
of its own leaders only (workshops.services.set_attendance).

The attendance of a day has its own ETag (the day and who was present, among the participants the
reader sees): read it with GET …/attendance/{day}, and send it back in `If-Match` to set the day.
"""

import datetime as dt
import hashlib
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from phinong.accounts.permissions import Action, require
from phinong.api.conventions import (
    READ_ERRORS,
    WRITE_ERRORS,
    PreconditionFailed,
    PreconditionRequired,
    etag_of,
    if_match,
)
from phinong.api.listing import (
    TAMBON_PATTERN,
    TEXT_PATTERN,
    AreaFilter,
    Id,
    Page,
    actor_of,
    in_area,
)
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import Activity
from phinong.workshops import selectors as workshop_selectors
from phinong.workshops import services as workshop_services
from phinong.workshops.models import Attendance, Workshop, WorkshopMode

router = Router(tags=["workshops"])

Day = Annotated[int, Path(ge=1, le=10, description="the day of the workshop, from 1")]


class WorkshopOut(Schema):
    id: int
    programme: int
    activity: int | None = Field(None, description="the activity's number in the programme")
    title: str
    starts_on: dt.date
    days: int
    days_to_complete: int | None
    required_days: int
    mode: str
    platform: str
    link_or_venue: str
    organiser: str
    tambons: list[str]
    version: int

    @staticmethod
    def resolve_programme(obj: Workshop) -> int:
        return obj.programme_id

    @staticmethod
    def resolve_activity(obj: Workshop) -> int | None:
        return obj.activity.number if obj.activity else None

    @staticmethod
    def resolve_organiser(obj: Workshop) -> str:
        return obj.organiser_code

    @staticmethod
    def resolve_tambons(obj: Workshop) -> list[str]:
        return sorted(t.code for t in obj.tambons.all())


class ParticipantOut(Schema):
    member: int
    tambon: str
    name: str
    days: list[int]
    completed: bool


class DayOut(Schema):
    workshop: int
    day: int
    present: list[int] = Field(..., description="members present that day, among those you see")


class DayIn(Schema):
    present: list[Annotated[int, Field(ge=1, le=2_147_483_647)]] = Field(
        ..., max_length=5000, description="every member present that day (others are absent)"
    )


class WorkshopIn(Schema):
    """A workshop organised by your area, as the web form has it (workshops.forms.WorkshopForm)."""

    title: str = Field(..., max_length=300, pattern=TEXT_PATTERN)
    activity: int | None = Field(None, ge=1, le=100, description="the activity's number")
    starts_on: dt.date
    days: int = Field(2, ge=1, le=10)
    days_to_complete: int | None = Field(
        None, ge=1, le=10, description="days a leader must attend to complete it; none: every day"
    )
    mode: WorkshopMode
    platform: str = Field("", max_length=100, description="Zoom, Google Meet, Teams")
    link_or_venue: str = Field("", max_length=500)
    tambons: list[Annotated[str, Field(pattern=TAMBON_PATTERN)]] = Field(
        ..., min_length=1, max_length=1000, description="the invited tambons' DOPA codes"
    )


@router.get(
    "/programmes/{programme_id}/workshops", response={200: list[WorkshopOut], **READ_ERRORS}
)
@paginate(Page)
def workshops(request: HttpRequest, programme_id: Id, area: AreaFilter = None) -> Any:
    """Newest first; `?area=` keeps those organised in the area or inviting its tambons."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = workshop_selectors.workshops_for(actor=actor, programme=programme)
    if area:
        in_area(actor, area, "organiser_code")  # 404 outside the actor's area
        inside = Workshop.objects.filter(
            Q(organiser_code__startswith=area) | Q(tambons__code__startswith=area)
        )
        rows = rows.filter(pk__in=inside.values("pk"))
    return rows.prefetch_related("tambons").order_by("-starts_on", "pk")


@router.post("/programmes/{programme_id}/workshops", response={201: WorkshopOut, **WRITE_ERRORS})
def create_workshop(
    request: HttpRequest, programme_id: Id, payload: WorkshopIn
) -> Status[Workshop]:
    """Plan a workshop for tambons of the programme in your area; then set its attendance."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambons = [geo_selectors.tambon_for(actor=actor, code=code) for code in set(payload.tambons)]
    require(actor, Action.MANAGE_WORKSHOPS)
    values = payload.dict(exclude={"tambons", "activity"})
    values["mode"] = str(payload.mode)
    values["activity"] = None
    if payload.activity is not None:
        values["activity"] = Activity.objects.filter(
            programme=programme, number=payload.activity
        ).first()
        if values["activity"] is None:
            raise ValidationError(
                {"activity": _("The programme has no activity with this number.")}
            )
    saved = workshop_services.create_workshop(
        actor=actor, programme=programme, values=values, tambons=tambons
    )
    found = workshop_selectors.get_workshop_for(actor=actor, pk=saved.pk)
    return Status(201, found)


@router.get("/workshops/{workshop_id}", response={200: WorkshopOut, **READ_ERRORS})
def workshop(request: HttpRequest, workshop_id: Id, response: HttpResponse) -> Workshop:
    found = workshop_selectors.get_workshop_for(actor=actor_of(request), pk=workshop_id)
    response["ETag"] = etag_of(found)
    return found


@router.get(
    "/workshops/{workshop_id}/participants", response={200: list[ParticipantOut], **READ_ERRORS}
)
@paginate(Page)
def participants(request: HttpRequest, workshop_id: Id) -> list[dict[str, Any]]:
    """The invited leaders you see, the days each attended, and whether they completed it."""
    actor = actor_of(request)
    found = workshop_selectors.get_workshop_for(actor=actor, pk=workshop_id)
    attended = workshop_selectors.days_attended(found)
    return [
        {
            "member": m.pk,
            "tambon": m.tambon_id,
            "name": m.full_name,
            "days": sorted(attended.get(m.pk, ())),
            "completed": len(attended.get(m.pk, ())) >= found.required_days,
        }
        for m in workshop_selectors.participants(found, actor=actor).order_by(
            "tambon_id", "first_name", "last_name", "pk"
        )
    ]


def _day(request: HttpRequest, workshop_id: int, day: int) -> tuple[Workshop, list[int], str]:
    """The workshop (404 outside the area or past its last day), who was present, and its ETag."""
    actor = actor_of(request)
    found = workshop_selectors.get_workshop_for(actor=actor, pk=workshop_id)
    if not 1 <= day <= found.days:
        raise Http404
    seen = workshop_selectors.participants(found, actor=actor).values("pk")
    present = sorted(
        Attendance.objects.filter(workshop=found, day=day, member__in=seen).values_list(
            "member_id", flat=True
        )
    )
    digest = hashlib.sha256(f"{found.pk}:{day}:{present}".encode()).hexdigest()[:32]
    return found, present, f'"attendance-{digest}"'


@router.get("/workshops/{workshop_id}/attendance/{day}", response={200: DayOut, **READ_ERRORS})
def attendance(
    request: HttpRequest, workshop_id: Id, day: Day, response: HttpResponse
) -> dict[str, Any]:
    found, present, etag = _day(request, workshop_id, day)
    response["ETag"] = etag
    return {"workshop": found.pk, "day": day, "present": present}


@router.put(
    "/workshops/{workshop_id}/attendance/{day}",
    response={200: DayOut, **WRITE_ERRORS},
    openapi_extra=if_match(),
)
def set_attendance(
    request: HttpRequest, workshop_id: Id, day: Day, payload: DayIn, response: HttpResponse
) -> dict[str, Any]:
    """Set who was present on a day; send `If-Match` with the ETag of GET …/attendance/{day}."""
    actor = actor_of(request)
    found, _present, etag = _day(request, workshop_id, day)
    require(actor, Action.MANAGE_WORKSHOPS)
    sent = request.headers.get("If-Match")
    if not sent:
        raise PreconditionRequired
    if etag not in {tag.strip() for tag in sent.split(",")} and sent.strip() != "*":
        raise PreconditionFailed
    workshop_services.set_attendance(
        actor=actor, workshop=found, day=day, present=set(payload.present)
    )
    found, present, etag = _day(request, workshop_id, day)
    response["ETag"] = etag
    return {"workshop": found.pk, "day": day, "present": present}
