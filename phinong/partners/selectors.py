"""Reads of partners, already scoped to the actor's area.

A partner is visible to a user when the area that registered it (`owner_code`) or any tambon it
works in lies inside the user's area. Only the area that registered it changes it. Of its tambons,
a user sees the ones inside their own area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from phinong.accounts.permissions import Action, can
from phinong.accounts.scoping import get_in_scope, scope_of
from phinong.audit.selectors import events_for
from phinong.geo.models import District, Tambon
from phinong.partners.models import Partner, PartnerTambon

if TYPE_CHECKING:
    from phinong.accounts.models import User
    from phinong.audit.models import AuditEvent


def _visible(actor: User) -> Q:
    scope = scope_of(actor)
    return scope.q("owner_code") | scope.q("tambons__code")


def partners_for(*, actor: User) -> QuerySet[Partner]:
    return Partner.objects.filter(_visible(actor)).distinct()


def partners_in_area(*, actor: User, area_code: str) -> QuerySet[Partner]:
    """The partners an area registered or that work in it, among those the actor sees.

    Give an area inside the actor's own (geo.selectors.get_area_for checks it); "" is the nation.
    """
    in_area = Q(owner_code__startswith=area_code) | Q(tambons__code__startswith=area_code)
    return Partner.objects.filter(_visible(actor) & in_area).distinct()


def counts_by_kind(partners: QuerySet[Partner]) -> dict[str, int]:
    rows = partners.order_by().values("kind").annotate(n=Count("pk", distinct=True))
    return {row["kind"]: row["n"] for row in rows}


def with_links(partners: QuerySet[Partner], *, actor: User) -> QuerySet[Partner]:
    """Each partner with `visible_links`: its tambons inside the actor's area, in one query."""
    links = PartnerTambon.objects.filter(scope_of(actor).q("tambon__code")).select_related("tambon")
    return partners.prefetch_related(Prefetch("links", queryset=links, to_attr="visible_links"))


def get_partner_for(*, actor: User, pk: int) -> Partner:
    """One partner the actor sees, or 404 whether it lies outside their area or does not exist.

    accounts.scoping.get_in_scope filters on one path; a partner has two (its owner and its
    tambons), so this combines the same Scope.q filters, as register.selectors.get_member_for does.
    """
    partner = partners_for(actor=actor).filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


def can_change(*, actor: User, partner: Partner) -> bool:
    """Whether the actor may edit or delete the partner: the area that registered it, or above."""
    return can(actor, Action.MANAGE_PARTNERS) and scope_of(actor).covers(partner.owner_code)


def links_for(*, actor: User, partner: Partner) -> QuerySet[PartnerTambon]:
    return (
        partner.links.filter(scope_of(actor).q("tambon__code"))
        .select_related("tambon__district", "created_by")
        .order_by("tambon")
    )


def get_link_for(*, actor: User, partner: Partner, tambon_code: str) -> PartnerTambon:
    return get_in_scope(
        partner.links.select_related("tambon"),
        actor=actor,
        path="tambon__code",
        tambon__code=tambon_code,
    )


def tambons_to_link(*, actor: User, district_code: str, partner: Partner | None = None) -> list:
    """The tambons of a district that the actor may link the partner to (not yet linked)."""
    tambons = Tambon.objects.filter(district_id=district_code).filter(scope_of(actor).q("code"))
    if partner is not None:
        tambons = tambons.exclude(code__in=partner.links.values("tambon_id"))
    return list(tambons)


def owner_of(partner: Partner) -> District | None:
    """The district that registered the partner; None for the department."""
    return District.objects.filter(code=partner.owner_code).first() if partner.owner_code else None


def history_for(*, actor: User, partner: Partner) -> list[AuditEvent]:
    """The partner's log, leaving out links to tambons outside the actor's area."""
    scope = scope_of(actor)
    return [
        event
        for event in events_for(partner, actor=actor, also_areas=(partner.owner_code,))
        if event.area_code == partner.owner_code or scope.covers(event.area_code)
    ]


# For the tambon report (reports app): unscoped, so call them for a tambon already fetched in the
# actor's area. A partner is linked to a tambon at most once (a unique constraint), so each
# partner appears once.


def partners_of_tambon(tambon_code: str) -> QuerySet[Partner]:
    return Partner.objects.filter(links__tambon_id=tambon_code)


def partner_count(tambon_code: str) -> int:
    """The tambon's partner networks: the partners that work in it."""
    return partners_of_tambon(tambon_code).count()


def partner_counts(area_code: str) -> dict[str, int]:
    """{tambon code: partners} for every tambon inside an area that has any, in one query."""
    rows = (
        PartnerTambon.objects.filter(tambon__code__startswith=area_code)
        .values("tambon_id")
        .annotate(n=Count("partner_id"))
        .order_by()
    )
    return {row["tambon_id"]: row["n"] for row in rows}
