"""Elder/younger tambon pairs of a programme."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.listing import AreaFilter, Id, Page, actor_of, in_area
from phinong.api.schemas import PairIn, PairOut
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair
from phinong.register.models import MemberRole

router = Router(tags=["pairs"])


class PairFilters(Schema):
    area: AreaFilter = None


@router.get("/programmes/{programme_id}/pairs", response={200: list[PairOut], **READ_ERRORS})
@paginate(Page)
def pairs(request: HttpRequest, programme_id: Id, filters: Query[PairFilters]) -> QuerySet[Pair]:
    """The pairs whose younger tambon is in your area, by younger tambon; `?area=` narrows it."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = programme_selectors.pairs_for(actor=actor, programme=programme).filter(
        in_area(actor, filters.area, "younger__code")
    )
    return rows.annotate(
        n_leaders=Count("members", filter=Q(members__role=MemberRole.LEADER))
    ).order_by("younger__code", "elder__code", "pk")


@router.post("/programmes/{programme_id}/pairs", response={201: PairOut, **WRITE_ERRORS})
def create_pair(request: HttpRequest, programme_id: Id, payload: PairIn) -> Status[Pair]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    younger = geo_selectors.tambon_for(actor=actor, code=payload.younger)
    elder = geo_selectors.lookup_tambon(payload.elder)
    if elder is None:
        raise ValidationError(
            {"elder": _("There is no area with code %(code)s.") % {"code": payload.elder}}
        )
    pair = programme_services.create_pair(
        actor=actor, programme=programme, younger=younger, elder=elder
    )
    return Status(201, pair)  # a new pair has no leaders yet
