"""/api/v1/: the same reads and writes as the web pages, through the same selectors and services,
so it is scoped exactly like the web UI (404 outside the area, 403 for a role that may not write)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from phinong.accounts.permissions import Action, can
from phinong.api.auth import BearerToken
from phinong.api.schemas import (
    AreaDetailOut,
    ErrorOut,
    MemberIn,
    MemberOut,
    PairIn,
    PairOut,
    ProgrammeOut,
    QuotaOut,
)
from phinong.geo import selectors as geo_selectors
from phinong.geo.models import Area
from phinong.lib import national_id
from phinong.programmes import selectors as programme_selectors
from phinong.programmes import services as programme_services
from phinong.programmes.models import Programme
from phinong.register import selectors as register_selectors
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

api = NinjaAPI(
    title="Phinong API",
    version="1",
    description="Elder/younger tambon change-leaders programme. Bearer-token auth; "
    "every answer is scoped to the token owner's area.",
    auth=BearerToken(),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "errors": errors}, status=400
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "not found"}, status=404)


def _area_out(area: Area) -> dict[str, str]:
    return {
        "code": area.code,
        "name_th": area.name_th,
        "name_en": getattr(area, "name_en", ""),
        "level": str(area.level),
    }


@api.get("/areas/{code}", response={200: AreaDetailOut, 404: ErrorOut})
def area(request: HttpRequest, code: str) -> dict[str, Any]:
    found = geo_selectors.get_area_for(actor=request.user, code=code)  # type: ignore[arg-type]
    children = [
        {
            "code": c.code,
            "name_th": c.name_th,
            "name_en": getattr(c, "name_en", ""),
            "level": str(c.level),
        }
        for c in geo_selectors.children_of(found)
    ]
    return {**_area_out(found), "children": children}


def _programme_out(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "fiscal_year": p.fiscal_year,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "leaders_per_tambon": p.leaders_per_tambon,
        "status": p.status,
        "extends": p.extends.code if p.extends else None,
        "activities": [
            {"number": a.number, "name": a.name, "due_on": a.due_on} for a in p.activities.all()
        ],
    }


@api.get("/programmes", response=list[ProgrammeOut])
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    rows = programme_selectors.programmes_for(actor=request.user)  # type: ignore[arg-type]
    return [_programme_out(p) for p in rows.prefetch_related("activities")]


@api.get("/programmes/{pk}", response={200: ProgrammeOut, 404: ErrorOut})
def programme(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _programme_out(programme_selectors.get_programme_for(actor=request.user, pk=pk))  # type: ignore[arg-type]


@api.get("/programmes/{pk}/quotas/{code}", response={200: QuotaOut, 404: ErrorOut})
def quota(request: HttpRequest, pk: int, code: str) -> dict[str, Any]:
    actor: Any = request.user
    found = geo_selectors.get_area_for(actor=actor, code=code)
    programme = programme_selectors.get_programme_for(actor=actor, pk=pk)
    q = programme_selectors.quota_for(programme, found.code)
    if q is None:
        raise Http404
    return {"area_code": found.code, "limit": q.limit, "used": q.used, "left": q.left}


@api.get("/programmes/{pk}/pairs", response={200: list[PairOut], 404: ErrorOut})
def pairs(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=pk)
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


@api.post(
    "/programmes/{pk}/pairs", response={201: PairOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def create_pair(request: HttpRequest, pk: int, payload: PairIn) -> tuple[int, dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=pk)
    younger = geo_selectors.tambon_for(actor=actor, code=payload.younger)
    elder = geo_selectors.lookup_tambon(payload.elder)
    if elder is None:
        raise ValidationError(
            {"elder": _("There is no area with code %(code)s.") % {"code": payload.elder}}
        )
    pair = programme_services.create_pair(
        actor=actor, programme=programme, younger=younger, elder=elder
    )
    return 201, {
        "id": pair.pk,
        "younger": younger.code,
        "younger_name": younger.name_th,
        "elder": elder.code,
        "elder_name": elder.name_th,
        "leaders": 0,
    }


def _member_out(m: Member, show: bool) -> dict[str, Any]:
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


@api.get("/programmes/{pk}/tambons/{code}/leaders", response={200: list[MemberOut], 404: ErrorOut})
def leaders(request: HttpRequest, pk: int, code: str) -> list[dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=pk)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    show = can(actor, Action.SEE_PERSONAL_DATA)
    return [_member_out(m, show) for m in register_selectors.leaders_of(programme, tambon.code)]


@api.post(
    "/programmes/{pk}/tambons/{code}/leaders",
    response={201: MemberOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def create_leader(
    request: HttpRequest, pk: int, code: str, payload: MemberIn
) -> tuple[int, dict[str, Any]]:
    actor: Any = request.user
    programme = programme_selectors.get_programme_for(actor=actor, pk=pk)
    tambon = geo_selectors.tambon_for(actor=actor, code=code)
    member = register_services.add_member(
        actor=actor, programme=programme, role=MemberRole.LEADER, tambon=tambon, data=payload.dict()
    )
    return 201, _member_out(member, can(actor, Action.SEE_PERSONAL_DATA))
