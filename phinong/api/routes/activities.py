"""The activities of a programme: read by everyone who sees the programme, added by the department."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.listing import Id, Page, actor_of
from phinong.programmes import selectors as programme_selectors
from phinong.programmes import services as programme_services
from phinong.programmes.models import Activity

router = Router(tags=["activities"])


class ActivityDetailOut(Schema):
    id: int
    number: int
    name: str
    due_on: dt.date
    participants: str


class ActivityIn(Schema):
    number: int = Field(..., ge=1, le=100)
    name: str = Field(..., min_length=1, max_length=300)
    due_on: dt.date
    participants: str = Field("", max_length=300)


@router.get(
    "/programmes/{programme_id}/activities", response={200: list[ActivityDetailOut], **READ_ERRORS}
)
@paginate(Page)
def activities(request: HttpRequest, programme_id: Id) -> QuerySet[Activity]:
    programme = programme_selectors.get_programme_for(actor=actor_of(request), pk=programme_id)
    return Activity.objects.filter(programme=programme).order_by("number", "pk")


@router.post(
    "/programmes/{programme_id}/activities", response={201: ActivityDetailOut, **WRITE_ERRORS}
)
def create_activity(
    request: HttpRequest, programme_id: Id, payload: ActivityIn
) -> Status[Activity]:
    """Add an activity (the department only; the same rules as the programme page)."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    activity = programme_services.save_activity(
        actor=actor,
        programme=programme,
        number=payload.number,
        name=payload.name,
        due_on=payload.due_on,
        participants=payload.participants,
    )
    return Status(201, activity)
