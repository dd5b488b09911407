"""Elder/younger tambon pairs of a programme."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.schemas import PairIn, PairOut
from phinong.geo import selectors as geo_selectors
from phinong.programmes import selectors as programme_selectors
from phinong.programmes import services as programme_services
from phinong.register.models import MemberRole

router = Router(tags=["pairs"])


@router.get("/programmes/{programme_id}/pairs", response={200: list[PairOut], **READ_ERRORS})
def pairs(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    rows = programme_selectors.pairs_for(actor=actor, programme=programme).annotate(
        n_leaders=Count("members", filter=Q(members__role=MemberRole.LEADER))
    )
    return [
        {
            "id": p.pk,
            "younger": p.younger_id,
            "younger_name": p.younger.name_th,
            "elder": p.elder_id,
            "elder_name": p.elder.name_th,
            "leaders": p.n_leaders,
        }
        for p in rows
    ]


@router.post("/programmes/{programme_id}/pairs", response={201: PairOut, **WRITE_ERRORS})
def create_pair(request: HttpRequest, programme_id: int, payload: PairIn) -> Status[dict[str, Any]]:
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
    return Status(
        201,
        {
            "id": pair.pk,
            "younger": younger.code,
            "younger_name": younger.name_th,
            "elder": elder.code,
            "elder_name": elder.name_th,
            "leaders": 0,
        },
    )
