"""Mentors of a pair, and any registered person (leader or mentor) by number: read, change, remove.

National IDs and phones are masked unless the role may see personal data, as on the web. A mentor is
read by both districts of the pair, and changed only by the younger tambon's (register.selectors).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS, etag_of, if_match, require_match
from phinong.api.listing import (
    TEXT_PATTERN,
    Id,
    Page,
    actor_of,
    shown_id,
    shown_phone,
    shows_personal,
    stale_is_412,
)
from phinong.api.schemas import MemberIn
from phinong.privacy.access import AccessKind, no_store, record_access
from phinong.programmes import selectors as programme_selectors
from phinong.register import selectors as register_selectors
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

router = Router(tags=["members"])


class PersonOut(Schema):
    id: int
    programme: int
    role: str
    tambon: str
    pair: int | None
    title: str
    first_name: str
    last_name: str
    national_id: str
    sex: str
    birth_date: str | None
    age: int | None
    phone: str
    position: str
    leader_type: str
    village: str | None
    version: int

    @staticmethod
    def resolve_programme(obj: Member) -> int:
        return obj.programme_id

    @staticmethod
    def resolve_tambon(obj: Member) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_pair(obj: Member) -> int | None:
        return obj.pair_id

    @staticmethod
    def resolve_village(obj: Member) -> str | None:
        return obj.village_id

    @staticmethod
    def resolve_birth_date(obj: Member) -> str | None:
        return obj.birth_date.isoformat() if obj.birth_date else None

    @staticmethod
    def resolve_national_id(obj: Member, context: Any) -> str:
        return shown_id(obj.national_id, shows_personal(context["request"].user))

    @staticmethod
    def resolve_phone(obj: Member, context: Any) -> str:
        return shown_phone(obj.phone, shows_personal(context["request"].user))


class ReasonQuery(Schema):
    reason: str = Field(
        ..., max_length=2000, pattern=TEXT_PATTERN, description="why (kept in the history)"
    )


class RemoveQuery(ReasonQuery):
    revoke_certificates: bool = Field(
        False, description="revoke the person's certificates first (each is kept in the history)"
    )


@router.get("/pairs/{pair_id}/mentors", response={200: list[PersonOut], **READ_ERRORS})
@decorate_view(no_store)
@paginate(Page)
def mentors(request: HttpRequest, pair_id: Id) -> Any:
    """The mentors from the pair's elder tambon."""
    pair = programme_selectors.get_pair_for(actor=actor_of(request), pk=pair_id)
    record_access(
        request,
        AccessKind.API_MENTORS,
        pair,
        area_code=pair.younger_id,
        shown=shows_personal(actor_of(request)),
    )
    return register_selectors.mentors_of(pair).order_by("pk")


@router.post("/pairs/{pair_id}/mentors", response={201: PersonOut, **WRITE_ERRORS})
def create_mentor(request: HttpRequest, pair_id: Id, payload: MemberIn) -> Status[Member]:
    actor = actor_of(request)
    pair = programme_selectors.get_pair_for(actor=actor, pk=pair_id)
    member = register_services.add_member(
        actor=actor,
        programme=pair.programme,
        role=MemberRole.MENTOR,
        pair=pair,
        data=payload.dict(),
    )
    return Status(201, member)


@router.get("/members/{member_id}", response={200: PersonOut, **READ_ERRORS})
@decorate_view(no_store)
def member(request: HttpRequest, member_id: Id, response: HttpResponse) -> Member:
    """A leader or a mentor."""
    found = register_selectors.get_member_for(actor=actor_of(request), pk=member_id)
    record_access(request, AccessKind.API_MEMBER, found, shown=shows_personal(actor_of(request)))
    response["ETag"] = etag_of(found)
    return found


def _changeable(request: HttpRequest, member_id: int) -> Member:
    """The person, in the area (404), whom the actor may change (403), as last read (412/428)."""
    actor = actor_of(request)
    found = register_selectors.get_member_for(actor=actor, pk=member_id)
    if not register_selectors.can_change(actor=actor, member=found):
        raise PermissionDenied
    require_match(request, found)
    return found


@router.put(
    "/members/{member_id}", response={200: PersonOut, **WRITE_ERRORS}, openapi_extra=if_match()
)
def update_member(
    request: HttpRequest, member_id: Id, payload: MemberIn, response: HttpResponse
) -> Member:
    """Change a person's details; send `If-Match` with the ETag you read."""
    found = _changeable(request, member_id)
    with stale_is_412():
        saved = register_services.update_member(
            actor=actor_of(request),
            member=found,
            expected_version=found.version,
            data=payload.dict(),
        )
    response["ETag"] = etag_of(saved)
    return saved


@router.delete(
    "/members/{member_id}", response={204: None, **WRITE_ERRORS}, openapi_extra=if_match()
)
def remove_member(request: HttpRequest, member_id: Id, query: Query[RemoveQuery]) -> Status[None]:
    """Remove a person from the register, with the reason; send `If-Match`. A person who holds a
    certificate is refused (400, naming it) unless `revoke_certificates=true` revokes it first,
    on purpose and in the history, as the web's remove page offers."""
    found = _changeable(request, member_id)
    register_services.remove_member(
        actor=actor_of(request),
        member=found,
        reason=query.reason,
        revoke_certificates=query.revoke_certificates,
    )
    return Status(204, None)
