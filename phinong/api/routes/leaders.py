"""The leaders of a tambon in a programme, listed and added (personal data masked per role, as on
the web)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from phinong.api.conventions import READ_ERRORS, WRITE_ERRORS
from phinong.api.listing import Id, Page, TambonCode, actor_of, shows_personal
from phinong.api.schemas import MemberIn, MemberOut
from phinong.geo import selectors as geo_selectors
from phinong.privacy.access import AccessKind, no_store, record_access
from phinong.programmes import selectors as programme_selectors
from phinong.register import selectors as register_selectors
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

router = Router(tags=["leaders"])


@router.get(
    "/programmes/{programme_id}/tambons/{code}/leaders",
    response={200: list[MemberOut], **READ_ERRORS},
)
@decorate_view(no_store)
@paginate(Page)
def leaders(request: HttpRequest, programme_id: Id, code: TambonCode) -> QuerySet[Member]:
    """The tambon's leaders in the programme, in the order they were registered; national ID and
    phone masked unless your role may see personal data."""
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    record_access(
        request,
        AccessKind.API_LEADERS,
        tambon,
        label=f"{programme.code} {tambon.name_th}",
        shown=shows_personal(actor),
    )
    return register_selectors.leaders_of(programme, tambon.code).order_by("pk")


@router.post(
    "/programmes/{programme_id}/tambons/{code}/leaders",
    response={201: MemberOut, **WRITE_ERRORS},
)
def create_leader(
    request: HttpRequest, programme_id: Id, code: TambonCode, payload: MemberIn
) -> Status[Member]:
    actor = actor_of(request)
    programme = programme_selectors.get_programme_for(actor=actor, pk=programme_id)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    member = register_services.add_member(
        actor=actor, programme=programme, role=MemberRole.LEADER, tambon=tambon, data=payload.dict()
    )
    return Status(201, member)
