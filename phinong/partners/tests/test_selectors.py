"""Reading partners: who sees which, the counts for the tambon report, and the history."""

from __future__ import annotations

import pytest

from conftest import Cast, tambon
from phinong.partners import selectors, services
from phinong.partners.models import Partner, PartnerKind
from phinong.partners.tests.conftest import make_partner


def names(partners: object) -> list[str]:
    return sorted(p.name for p in partners)  # type: ignore[attr-defined]


# The tambon report's figures ------------------------------------------------------------------


def test_partner_count_counts_each_partner_working_in_the_tambon_once(cast: Cast) -> None:
    make_partner(cast.dist_a1, "420102", "420103", name="วัด")
    make_partner(cast.dist_a1, "420102", name="โรงเรียน")
    make_partner(cast.dept, "420102", "450102", name="มูลนิธิ")
    make_partner(cast.dist_a1, name="ยังไม่ได้ผูกตำบล")

    assert selectors.partner_count("420102") == 3
    assert selectors.partner_count("420103") == 1
    assert selectors.partner_count("420104") == 0
    assert names(selectors.partners_of_tambon("420102")) == ["มูลนิธิ", "วัด", "โรงเรียน"]
    assert selectors.partner_counts("4201") == {"420102": 3, "420103": 1}
    assert selectors.partner_counts("") == {"420102": 3, "420103": 1, "450102": 1}


def test_an_unlinked_tambon_no_longer_counts(cast: Cast, partner_a1: Partner) -> None:
    services.unlink_tambon(
        actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420102"), reason="x"
    )
    assert selectors.partner_count("420102") == 0


# Scoping -------------------------------------------------------------------------------------


@pytest.fixture
def spread(cast: Cast) -> None:
    """Partners of two districts, one of the department, and one with no tambon yet."""
    make_partner(cast.dist_a1, "420102", name="a1-420102")
    make_partner(cast.dist_a1, name="a1-none")
    make_partner(cast.dist_a2, "420201", name="a2-420201", kind=PartnerKind.SCHOOL)
    make_partner(cast.dist_b1, "450102", name="b1-450102", kind=PartnerKind.SCHOOL)
    make_partner(cast.dept, "420102", "450102", name="dept-both", kind=PartnerKind.NGO)
    make_partner(cast.dept, name="dept-none", kind=PartnerKind.NGO)


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("dept", ["a1-420102", "a1-none", "a2-420201", "b1-450102", "dept-both", "dept-none"]),
        ("viewer", ["a1-420102", "a1-none", "a2-420201", "b1-450102", "dept-both", "dept-none"]),
        ("prov_a", ["a1-420102", "a1-none", "a2-420201", "dept-both"]),
        ("dist_a1", ["a1-420102", "a1-none", "dept-both"]),
        ("dist_a2", ["a2-420201"]),
        ("prov_b", ["b1-450102", "dept-both"]),
        ("dist_b1", ["b1-450102", "dept-both"]),
        ("leader_a1", ["a1-420102", "dept-both"]),
    ],
)
def test_a_user_sees_the_partners_registered_or_working_in_their_area(
    cast: Cast, spread: None, who: str, seen: list[str]
) -> None:
    assert names(selectors.partners_for(actor=getattr(cast, who))) == seen


def test_an_area_lists_what_it_registered_and_what_works_in_it(cast: Cast, spread: None) -> None:
    def area(who: str, code: str) -> list[str]:
        return names(selectors.partners_in_area(actor=getattr(cast, who), area_code=code))

    assert area("dist_a1", "4201") == ["a1-420102", "a1-none", "dept-both"]
    assert area("dist_a1", "420102") == ["a1-420102", "dept-both"]
    assert area("dist_a1", "420103") == []
    assert area("prov_a", "4202") == ["a2-420201"]
    assert area("dept", "45") == ["b1-450102", "dept-both"]


def test_the_counts_by_type_count_each_partner_once(cast: Cast, spread: None) -> None:
    partners = selectors.partners_in_area(actor=cast.dept, area_code="")
    assert selectors.counts_by_kind(partners) == {"temple": 2, "school": 2, "ngo": 2}
    in_4201 = selectors.partners_in_area(actor=cast.dist_a1, area_code="4201")
    assert selectors.counts_by_kind(in_4201) == {"temple": 2, "ngo": 1}


def test_a_partner_shows_only_its_tambons_inside_the_users_area(cast: Cast) -> None:
    partner = make_partner(cast.dept, "420102", "450102")
    (shown,) = selectors.with_links(selectors.partners_for(actor=cast.dist_a1), actor=cast.dist_a1)
    assert [link.tambon_id for link in shown.visible_links] == ["420102"]  # type: ignore[attr-defined]
    links = selectors.links_for(actor=cast.dist_b1, partner=partner)
    assert [link.tambon_id for link in links] == ["450102"]


def test_the_history_leaves_out_links_outside_the_users_area(cast: Cast) -> None:
    partner = make_partner(cast.dist_a1, "420102")
    services.link_tambon(actor=cast.dept, partner=partner, tambon=tambon("420201"))

    def actions(who: str) -> list[tuple[str, str]]:
        history = selectors.history_for(actor=getattr(cast, who), partner=partner)
        return [(e.action, e.area_code) for e in history]

    assert actions("dept") == [
        ("partner.link", "420201"),
        ("partner.link", "420102"),
        ("partner.create", "4201"),
    ]
    assert actions("dist_a1") == [("partner.link", "420102"), ("partner.create", "4201")]
    assert actions("dist_a2") == [("partner.link", "420201"), ("partner.create", "4201")]


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("dept", True),
        ("dist_a1", True),
        ("dist_a2", False),
        ("viewer", False),
        ("prov_a", False),
        ("leader_a1", False),
    ],
)
def test_only_the_area_that_registered_a_partner_changes_it(
    cast: Cast, partner_a1: Partner, who: str, may: bool
) -> None:
    assert selectors.can_change(actor=getattr(cast, who), partner=partner_a1) is may


def test_a_district_officer_is_offered_only_its_own_tambons(
    cast: Cast, partner_a1: Partner
) -> None:
    offered = selectors.tambons_to_link(actor=cast.dist_a1, district_code="4201")
    assert len(offered) == 14
    assert selectors.tambons_to_link(actor=cast.dist_a1, district_code="4202") == []
    not_yet = selectors.tambons_to_link(
        actor=cast.dist_a1, district_code="4201", partner=partner_a1
    )
    assert "420102" not in {t.code for t in not_yet}
    assert len(not_yet) == 13
