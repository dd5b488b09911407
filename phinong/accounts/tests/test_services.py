"""Creating users in your own area, and switching them off and on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from conftest import Cast, make_user
from phinong.accounts.models import Role, User
from phinong.accounts.services import (
    create_user,
    may_reset_password,
    roles_creatable_by,
    send_password_reset,
    set_user_active,
    set_user_password,
)
from phinong.audit.models import AuditEvent

GOOD_PASSWORD = "tambon-leaders-2564"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check the English source text, whatever translations exist."""
    with translation.override("en"):
        yield


def new_user(actor: User, **overrides: Any) -> User:
    fields: dict[str, Any] = {
        "username": "somchai",
        "password": GOOD_PASSWORD,
        "role": Role.DISTRICT,
        "area_code": "4201",
    }
    return create_user(actor=actor, **(fields | overrides))


def errors_of(actor: User, **overrides: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        new_user(actor, **overrides)
    return caught.value.message_dict


# Who may create which role -------------------------------------------------------------------


def test_the_department_may_create_every_role(cast: Cast) -> None:
    assert roles_creatable_by(cast.dept) == list(Role)


def test_a_province_officer_may_create_district_officers_and_tambon_leaders(
    cast: Cast,
) -> None:
    assert roles_creatable_by(cast.prov_a) == [Role.DISTRICT, Role.TAMBON]


@pytest.mark.parametrize("who", ["dist_a1", "leader_a1"])
def test_a_district_officer_or_a_leader_may_create_no_role(cast: Cast, who: str) -> None:
    assert roles_creatable_by(getattr(cast, who)) == []


# Creating ------------------------------------------------------------------------------------


def test_the_department_creates_a_province_officer_and_it_is_audited(cast: Cast) -> None:
    user = new_user(
        cast.dept,
        username="p43",
        role=Role.PROVINCE,
        area_code=" 43 ",
        first_name="สมชาย",
        last_name="ใจดี",
        email="p43@example.org",
    )

    user.refresh_from_db()
    assert (user.role, user.area_code, user.first_name) == (Role.PROVINCE, "43", "สมชาย")
    assert user.check_password(GOOD_PASSWORD)
    assert user.is_active and not user.is_staff and not user.is_superuser
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == cast.dept
    assert event.origin == "system"
    assert event.area_code == "43"
    assert event.object_id == str(user.pk)
    assert event.changes == {"username": "p43", "role": "province", "area_code": "43"}
    assert GOOD_PASSWORD not in str(event.changes)


def test_the_department_creates_a_department_viewer_with_no_area(cast: Cast) -> None:
    user = new_user(cast.dept, username="viewer2", role=Role.DEPT_VIEWER, area_code="")

    assert user.area_code == ""


def test_a_province_officer_creates_a_district_officer_in_their_province(cast: Cast) -> None:
    user = new_user(cast.prov_a, area_code="4203")

    assert (user.role, user.area_code) == (Role.DISTRICT, "4203")
    assert AuditEvent.objects.get(action="user.create").actor == cast.prov_a


def test_a_province_officer_creates_a_tambon_leader_in_their_province(cast: Cast) -> None:
    user = new_user(cast.prov_a, role=Role.TAMBON, area_code="420201")

    assert user.area_code == "420201"


def test_a_province_officer_cannot_create_a_user_in_another_province(cast: Cast) -> None:
    assert errors_of(cast.prov_a, area_code="4501") == {
        "area_code": ["The area is outside your own."]
    }
    assert not User.objects.filter(username="somchai").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.DEPT_ADMIN, Role.DEPT_VIEWER])
def test_a_province_officer_cannot_create_a_role_at_or_above_their_own(
    cast: Cast, role: Role
) -> None:
    area = {Role.PROVINCE: "42"}.get(role, "")

    errors = errors_of(cast.prov_a, role=role, area_code=area)

    assert errors["role"] == ["You cannot create users with this role."]


@pytest.mark.parametrize("who", ["dist_a1", "viewer", "leader_a1"])
def test_a_role_that_may_not_manage_users_is_refused(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        new_user(getattr(cast, who))
    assert not User.objects.filter(username="somchai").exists()


@pytest.mark.parametrize(
    ("role", "area_code", "message"),
    [
        (Role.DISTRICT, "42", "This role needs a 4-digit DOPA area code."),
        (Role.PROVINCE, "4201", "This role needs a 2-digit DOPA area code."),
        (Role.TAMBON, "4201", "This role needs a 6-digit DOPA area code."),
        (Role.DEPT_ADMIN, "42", "A department user has no area code."),
        (Role.DISTRICT, "4299", "There is no area with code 4299."),
        (Role.PROVINCE, "99", "There is no area with code 99."),
        (Role.TAMBON, "429999", "There is no area with code 429999."),
    ],
)
def test_it_refuses_an_area_code_that_does_not_fit_the_role(
    cast: Cast, role: Role, area_code: str, message: str
) -> None:
    assert errors_of(cast.dept, role=role, area_code=area_code) == {"area_code": [message]}


def test_it_refuses_a_username_that_is_taken_in_any_case(cast: Cast) -> None:
    assert errors_of(cast.dept, username="DIST-A1") == {"username": ["That username is taken."]}


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123"])
def test_it_refuses_a_weak_password(cast: Cast, password: str) -> None:
    errors = errors_of(cast.dept, password=password)

    assert list(errors) == ["password"]
    assert errors["password"][0]


def test_it_reports_every_problem_at_once(cast: Cast) -> None:
    errors = errors_of(
        cast.prov_a, username="dist-a1", role=Role.PROVINCE, area_code="45", password="1"
    )

    assert set(errors) == {"role", "area_code", "username", "password"}


# Switching off and on ------------------------------------------------------------------------


def test_a_province_officer_deactivates_a_district_officer_and_it_is_audited(
    cast: Cast,
) -> None:
    set_user_active(actor=cast.prov_a, user=cast.dist_a1, active=False)

    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.is_active is False
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.area_code) == ("user.deactivate", cast.prov_a, "4201")
    assert event.changes == {"is_active": False}

    set_user_active(actor=cast.prov_a, user=cast.dist_a1, active=True)

    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.is_active is True
    assert AuditEvent.objects.filter(action="user.activate").count() == 1


def test_switching_a_user_to_the_state_they_are_in_writes_nothing(cast: Cast) -> None:
    set_user_active(actor=cast.dept, user=cast.dist_a1, active=True)

    assert not AuditEvent.objects.exists()


def test_nobody_can_deactivate_themselves(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        set_user_active(actor=cast.prov_a, user=cast.prov_a, active=False)

    assert caught.value.messages == ["You cannot deactivate yourself."]
    cast.prov_a.refresh_from_db()
    assert cast.prov_a.is_active


@pytest.mark.parametrize("who", ["dist_a1", "viewer"])
def test_a_role_that_may_not_manage_users_cannot_deactivate_anyone(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        set_user_active(actor=getattr(cast, who), user=cast.leader_a1, active=False)
    cast.leader_a1.refresh_from_db()
    assert cast.leader_a1.is_active


def test_a_province_officer_cannot_deactivate_a_fellow_province_officer(cast: Cast) -> None:
    colleague = make_user("prov-a-2", Role.PROVINCE, "42")

    with pytest.raises(PermissionDenied):
        set_user_active(actor=cast.prov_a, user=colleague, active=False)

    colleague.refresh_from_db()
    assert colleague.is_active
    assert not AuditEvent.objects.exists()


def test_the_department_may_deactivate_any_user(cast: Cast) -> None:
    for user in (cast.prov_b, cast.viewer, cast.leader_a1):
        set_user_active(actor=cast.dept, user=user, active=False)
        user.refresh_from_db()
        assert not user.is_active


def test_a_province_officer_cannot_deactivate_a_user_in_another_province(cast: Cast) -> None:
    with pytest.raises(Http404):
        set_user_active(actor=cast.prov_a, user=cast.dist_b1, active=False)

    cast.dist_b1.refresh_from_db()
    assert cast.dist_b1.is_active


# Areas the department does not work in ------------------------------------------------------


def test_a_user_in_bangkok_is_refused(cast: Cast) -> None:
    assert errors_of(cast.dept, role=Role.PROVINCE, area_code="10") == {
        "area_code": ["The Community Development Department does not work in this area."]
    }


# Resetting a password -----------------------------------------------------------------------


def test_the_department_sets_a_password_and_it_is_audited_without_the_password(
    cast: Cast,
) -> None:
    set_user_password(actor=cast.dept, user=cast.prov_a, password=GOOD_PASSWORD)

    cast.prov_a.refresh_from_db()
    assert cast.prov_a.check_password(GOOD_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert (event.actor, event.area_code, event.changes) == (cast.dept, "42", {})


def test_a_weak_new_password_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        set_user_password(actor=cast.dept, user=cast.prov_a, password="1234")

    assert "new_password1" in caught.value.message_dict
    assert not AuditEvent.objects.filter(action="user.set_password").exists()


def test_nobody_resets_their_own_password_here(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        set_user_password(actor=cast.dept, user=cast.dept, password=GOOD_PASSWORD)
    assert not may_reset_password(cast.dept, cast.dept)


@pytest.mark.parametrize(
    ("who", "other", "error"),
    [
        ("prov_a", "dist_b1", Http404),
        ("prov_a", "dept", Http404),
        ("dist_a1", "leader_a1", PermissionDenied),
        ("viewer", "prov_a", PermissionDenied),
    ],
)
def test_a_password_reset_outside_the_area_or_role_is_refused(
    cast: Cast, who: str, other: str, error: type[Exception]
) -> None:
    actor, user = getattr(cast, who), getattr(cast, other)
    user.email = "someone@example.org"
    user.save(update_fields=["email"])

    with pytest.raises(error):
        set_user_password(actor=actor, user=user, password=GOOD_PASSWORD)
    with pytest.raises(error):
        send_password_reset(actor=actor, user=user, domain="testserver", use_https=False)
    assert not may_reset_password(actor, user)


def test_a_reset_email_needs_an_address(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        send_password_reset(actor=cast.prov_a, user=cast.dist_a1, domain="x", use_https=True)
