"""Change leaders of a tambon in a programme (personal data masked per role, as on the web)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from phinong.accounts.permissions import Action, can
from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.schemas import MemberIn, MemberOut
from phinong.geo import selectors as geo_selectors
from phinong.lib import national_id
from phinong.programmes import selectors as programme_selectors
from phinong.register import selectors as register_selectors
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

router = Router(tags=["leaders"])


def member_out(m: Member, show: bool) -> dict[str, Any]:
    """A leader or mentor; national ID and phone masked unless the role may see personal data."""
    return {
        "id": m.pk,
        "role": m.role,
        "tambon": m.tambon_id,
        "title": m.title,
        "first_name": m.first_name,
        "last_name": m.last_name,
        "national_id": m.national_id if show else national_id.masked(m.national_id),
        "sex": m.sex,
        "age": m.age,
        "phone": m.phone if show else national_id.masked_phone(m.phone) if m.phone else "",
        "position": m.position,
        "leader_type": m.leader_type,
        "village": m.village_id,
    }


@router.get(
    "/programmes/{programme_id}/tambons/{code}/leaders",
    response={200: list[MemberOut], **READ_ERRORS},
)
def leaders(request: HttpRequest, programme_id: int, code: str) -> list[dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    show = can(actor, Action.SEE_PERSONAL_DATA)
    return [member_out(m, show) for m in register_selectors.leaders_of(programme, tambon.code)]


@router.post(
    "/programmes/{programme_id}/tambons/{code}/leaders",
    response={201: MemberOut, **WRITE_ERRORS},
)
def create_leader(
    request: HttpRequest, programme_id: int, code: str, payload: MemberIn
) -> Status[dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    member = register_services.add_member(
        actor=actor, programme=programme, role=MemberRole.LEADER, tambon=tambon, data=payload.dict()
    )
    return Status(201, member_out(member, can(actor, Action.SEE_PERSONAL_DATA)))
