"""Area scoping, role capabilities and the scoped user lookups."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import Cast, make_user
from phinong.accounts.models import Role, User
from phinong.accounts.permissions import Action, can, require
from phinong.accounts.scoping import (
    NOTHING,
    Scope,
    get_in_scope,
    require_in_scope,
    scope_of,
    scoped,
)
from phinong.accounts.selectors import get_user_for, users_for
from phinong.geo.models import District, Province, Tambon


def tambon_codes(user: User) -> set[str]:
    return set(scoped(Tambon.objects.all(), actor=user, path="code").values_list("code", flat=True))


# Scope ---------------------------------------------------------------------------------------


def test_the_department_scope_is_the_whole_nation(cast: Cast) -> None:
    for user in (cast.dept, cast.viewer):
        scope = scope_of(user)
        assert scope == Scope("")
        assert scope.is_nation
        assert scope.covers("42") and scope.covers("450101")
    assert len(tambon_codes(cast.viewer)) == Tambon.objects.count() == 7436


def test_a_province_scope_covers_its_districts_and_tambons_only(cast: Cast) -> None:
    scope = scope_of(cast.prov_a)

    assert scope == Scope("42")
    assert not scope.is_nation
    assert scope.covers("42") and scope.covers("4201") and scope.covers("420201")
    assert not scope.covers("45") and not scope.covers("4501") and not scope.covers("")
    codes = tambon_codes(cast.prov_a)
    assert codes == set(
        Tambon.objects.filter(district__province_id="42").values_list("code", flat=True)
    )
    assert "420101" in codes and "420201" in codes and "450101" not in codes


def test_a_district_scope_covers_its_tambons_only(cast: Cast) -> None:
    scope = scope_of(cast.dist_a1)

    assert scope == Scope("4201")
    assert scope.covers("420101") and scope.covers("42010101")
    assert not scope.covers("42") and not scope.covers("4202") and not scope.covers("420201")
    assert tambon_codes(cast.dist_a1) == set(
        Tambon.objects.filter(district_id="4201").values_list("code", flat=True)
    )
    assert tambon_codes(cast.dist_b1) == set(
        Tambon.objects.filter(district_id="4501").values_list("code", flat=True)
    )


def test_a_tambon_scope_covers_the_tambon_and_its_villages(cast: Cast) -> None:
    scope = scope_of(cast.leader_a1)

    assert scope == Scope("420102")
    assert scope.covers("420102") and scope.covers("42010203")
    assert not scope.covers("420101") and not scope.covers("4201")
    assert tambon_codes(cast.leader_a1) == {"420102"}


def test_an_area_sees_its_ancestors_as_context_but_does_not_cover_them(cast: Cast) -> None:
    scope = scope_of(cast.dist_a1)

    assert scope.overlaps("42") and scope.overlaps("4201") and scope.overlaps("420101")
    assert not scope.overlaps("4202") and not scope.overlaps("45")
    assert not NOTHING.overlaps("42")
    assert not NOTHING.overlaps("")


@pytest.mark.parametrize(
    ("role", "area_code"),
    [
        ("", ""),  # no role
        ("", "42"),
        ("chief", "42"),  # a role that does not exist
        (Role.PROVINCE, ""),  # the nation for a province role
        (Role.PROVINCE, "4201"),  # a district's code for a province
        (Role.DISTRICT, "42"),
        (Role.DISTRICT, "42O1"),  # a letter O instead of a zero
        (Role.DISTRICT, "42 1"),
        (Role.TAMBON, "4201"),
        (Role.DEPT_ADMIN, "42"),  # the department has no area code
        (Role.DEPT_VIEWER, "4201"),
    ],
)
def test_a_user_with_no_role_or_a_bad_area_code_sees_nothing(
    cast: Cast, role: str, area_code: str
) -> None:
    user = make_user("odd", role, area_code)  # type: ignore[arg-type]

    scope = scope_of(user)

    assert scope == NOTHING
    assert not scope.is_nation
    assert not scope.covers("") and not scope.covers("42") and not scope.covers("420101")
    assert tambon_codes(user) == set()
    assert not scoped(Province.objects.all(), actor=user, path="code").exists()


def test_an_inactive_user_sees_nothing(cast: Cast) -> None:
    cast.prov_a.is_active = False

    assert scope_of(cast.prov_a) == NOTHING
    assert tambon_codes(cast.prov_a) == set()


def test_an_anonymous_visitor_sees_nothing(db: None) -> None:
    assert scope_of(AnonymousUser()) == NOTHING
    assert scope_of(None) == NOTHING


def test_a_superuser_sees_everything_even_without_a_role(cast: Cast) -> None:
    root = User.objects.create_superuser("root", password="x-long-password-1")

    assert scope_of(root) == Scope("")
    assert len(tambon_codes(root)) == 7436
    for action in Action:
        assert can(root, action)


def test_a_superuser_with_a_district_role_still_sees_everything(cast: Cast) -> None:
    root = make_user("root", Role.DISTRICT, "4201")
    root.is_superuser = True

    assert scope_of(root).is_nation


def test_the_scope_filter_follows_a_path_through_relations(cast: Cast) -> None:
    in_scope = scoped(District.objects.all(), actor=cast.prov_a, path="province__code")

    assert set(in_scope.values_list("code", flat=True)) == set(
        District.objects.filter(code__startswith="42").values_list("code", flat=True)
    )


def test_get_in_scope_answers_404_for_a_record_outside_exactly_as_for_none(cast: Cast) -> None:
    tambons = Tambon.objects.all()

    assert get_in_scope(tambons, actor=cast.dist_a1, path="code", pk="420101").code == "420101"
    with pytest.raises(Http404):
        get_in_scope(tambons, actor=cast.dist_a1, path="code", pk="420201")
    with pytest.raises(Http404):
        get_in_scope(tambons, actor=cast.dist_a1, path="code", pk="429999")
    with pytest.raises(Http404):
        get_in_scope(tambons, actor=make_user("x", Role.DISTRICT, ""), path="code", pk="420101")


def test_require_in_scope_raises_404_outside(cast: Cast) -> None:
    require_in_scope(actor=cast.prov_a, area_code="420201")
    require_in_scope(actor=cast.dept, area_code="450101")
    with pytest.raises(Http404):
        require_in_scope(actor=cast.prov_a, area_code="450101")
    with pytest.raises(Http404):
        require_in_scope(actor=cast.dist_a1, area_code="42")


# Capabilities --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("dept", set(Action)),
        ("viewer", set()),
        (
            "prov_a",
            {
                Action.SET_DISTRICT_QUOTAS,
                Action.MANAGE_USERS,
                Action.REVIEW_REPORTS,
                Action.SIGN_CERTIFICATES,
                Action.WRITE_LESSONS,
                Action.PUBLISH_LESSONS,
            },
        ),
        (
            "dist_a1",
            {
                Action.MANAGE_PAIRS,
                Action.MANAGE_LEADERS,
                Action.MANAGE_VILLAGES,
                Action.SEE_PERSONAL_DATA,
                Action.MANAGE_REPORTS,
                Action.MANAGE_CENTRES,
                Action.MANAGE_PARTNERS,
                Action.MANAGE_WORKSHOPS,
                Action.RECORD_ACTIVITIES,
                Action.SIGN_CERTIFICATES,
                Action.WRITE_LESSONS,
            },
        ),
        ("leader_a1", {Action.RECORD_ACTIVITIES, Action.WRITE_LESSONS}),
    ],
)
def test_each_role_may_do_what_the_design_says_and_nothing_more(
    cast: Cast, who: str, allowed: set[Action]
) -> None:
    user = getattr(cast, who)

    assert {action for action in Action if can(user, action)} == allowed
    for action in set(Action) - allowed:
        with pytest.raises(PermissionDenied):
            require(user, action)
    for action in allowed:
        require(user, action)


def test_an_inactive_a_roleless_or_an_anonymous_user_may_do_nothing(cast: Cast) -> None:
    cast.dept.is_active = False
    roleless = make_user("roleless", "", "")  # type: ignore[arg-type]

    for user in (cast.dept, roleless, AnonymousUser()):
        assert not any(can(user, action) for action in Action)


# Users in scope ------------------------------------------------------------------------------


def test_a_province_officer_lists_the_users_of_their_province_only(cast: Cast) -> None:
    names = list(users_for(actor=cast.prov_a).values_list("username", flat=True))

    assert names == ["prov-a", "dist-a1", "leader-a1", "dist-a2"]  # by area code


def test_a_district_officer_lists_the_users_of_their_district_only(cast: Cast) -> None:
    names = set(users_for(actor=cast.dist_a1).values_list("username", flat=True))

    assert names == {"dist-a1", "leader-a1"}


def test_the_department_lists_every_user(cast: Cast) -> None:
    assert users_for(actor=cast.viewer).count() == User.objects.count() == 8


def test_a_user_with_no_scope_lists_no_users(cast: Cast) -> None:
    assert not users_for(actor=make_user("nobody", "", "")).exists()  # type: ignore[arg-type]


def test_a_user_outside_the_area_is_404(cast: Cast) -> None:
    assert get_user_for(actor=cast.prov_a, pk=cast.dist_a2.pk) == cast.dist_a2
    for actor, other in (
        (cast.prov_a, cast.dist_b1),
        (cast.prov_a, cast.dept),
        (cast.dist_a1, cast.dist_a2),
        (cast.dist_a1, cast.prov_a),
        (cast.dist_b1, cast.leader_a1),
    ):
        with pytest.raises(Http404):
            get_user_for(actor=actor, pk=other.pk)
