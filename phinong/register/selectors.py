from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import scope_of
from phinong.geo.codes import code_range
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member, MemberRole

if TYPE_CHECKING:
    from phinong.accounts.models import User


def _member_scope(actor: User) -> Q:
    """A member is the business of their tambon's area and, for a mentor, of the younger tambon's."""
    scope = scope_of(actor)
    return scope.q("tambon__code") | scope.q("pair__younger__code")


def can_change(*, actor: User, member: Member) -> bool:
    """Whether the actor may edit or remove this person: the district that runs the record.

    A mentor is visible to the elder tambon's district too, but only the younger tambon's changes it.
    """
    return can(actor, Action.MANAGE_LEADERS) and scope_of(actor).covers(member.scope_code)


def members_for(*, actor: User, programme: Programme) -> QuerySet[Member]:
    return (
        Member.objects.filter(programme=programme)
        .filter(_member_scope(actor))
        .select_related("tambon", "village")
    )


def get_member_for(*, actor: User, pk: int) -> Member:
    member = (
        Member.objects.filter(_member_scope(actor))
        .select_related("programme", "tambon__district__province", "pair__younger", "village")
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise Http404
    return member


def leaders_of(programme: Programme, tambon_code: str) -> QuerySet[Member]:
    return Member.objects.filter(
        programme=programme, tambon_id=tambon_code, role=MemberRole.LEADER
    ).select_related("village")


def register_of(
    programme: Programme, tambon_code: str, pair: Pair | None
) -> tuple[list[Member], list[Member]]:
    """(the tambon's leaders, the mentors of its pair) in one query, each in the order of
    `leaders_of` and `mentors_of`: by tambon, role and id (programme and tambon are ordered by
    their codes, so their ids order the same, with no join to read them)."""
    wanted = Q(programme=programme, tambon_id=tambon_code, role=MemberRole.LEADER)
    if pair is not None:
        wanted |= Q(pair=pair, role=MemberRole.MENTOR)
    people = list(
        Member.objects.filter(wanted).select_related("village").order_by("tambon_id", "role", "pk")
    )
    leaders = [m for m in people if m.role == MemberRole.LEADER]
    mentors = [m for m in people if m.role == MemberRole.MENTOR]
    return leaders, mentors


def mentors_of(pair: Pair) -> QuerySet[Member]:
    return Member.objects.filter(pair=pair, role=MemberRole.MENTOR).select_related(
        "village", "tambon"
    )


def leaders_by_child(programme: Programme, area_code: str) -> dict[str, int]:
    """{child code: leaders registered} for the children of an area ('' = the provinces)."""
    # A range on the member's own tambon column (geo.codes.code_range), and no ordering: no join
    # to the tambons or programmes, and the (programme, tambon, role) index serves it.
    in_area = Q()
    if area_code:
        lower, upper = code_range(area_code)
        in_area = Q(tambon_id__gte=lower, tambon_id__lt=upper)
    rows = (
        Member.objects.filter(in_area, programme=programme, role=MemberRole.LEADER)
        .annotate(child=Substr("tambon_id", 1, len(area_code) + 2))
        .values("child")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["child"]: row["n"] for row in rows}


def leader_count(programme: Programme, area_code: str) -> int:
    return Member.objects.filter(
        programme=programme, role=MemberRole.LEADER, tambon__code__startswith=area_code
    ).count()
