"""Logging in and out, the password, the home redirect, and the users of an area."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD, Cast, client_for, make_user
from phinong.accounts.models import Role, User
from phinong.audit.models import AuditEvent

NEW_PASSWORD = "another-long-password-43"


def english(client: Client) -> Client:
    """Pages in English, so that the tests read the source text and not a translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def user_form(**overrides: str) -> dict[str, str]:
    return {
        "username": "somchai",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "email": "",
        "role": "district",
        "province": "42",
        "district": "4203",
        "password": "tambon-leaders-2564",
    } | overrides


# Logging in and out --------------------------------------------------------------------------


def test_the_login_page_answers_an_anonymous_visitor(db: None) -> None:
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/login.html"


def test_a_user_logs_in_and_lands_on_their_own_area(cast: Cast) -> None:
    client = Client()

    response = client.post("/accounts/login/", {"username": "dist-a1", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/areas/4201/"
    assert client.get("/areas/4201/").status_code == 200


def test_a_login_goes_back_to_the_page_asked_for(cast: Cast) -> None:
    client = Client()
    response = client.get("/areas/42/")
    assert response["Location"] == "/accounts/login/?next=/areas/42/"

    response = client.post(
        "/accounts/login/?next=/areas/42/",
        {"username": "prov-a", "password": PASSWORD, "next": "/areas/42/"},
    )

    assert response["Location"] == "/areas/42/"


def test_a_wrong_password_does_not_log_in(cast: Cast) -> None:
    client = Client()

    response = client.post("/accounts/login/", {"username": "dist-a1", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get("/areas/4201/").status_code == 302


def test_a_deactivated_user_cannot_log_in(cast: Cast) -> None:
    cast.dist_a1.is_active = False
    cast.dist_a1.save(update_fields=["is_active"])

    response = Client().post("/accounts/login/", {"username": "dist-a1", "password": PASSWORD})

    assert response.status_code == 200


def test_a_logged_in_user_is_sent_on_from_the_login_page(cast: Cast) -> None:
    response = client_for(cast.prov_a).get("/accounts/login/")

    assert response.status_code == 302


def test_logging_out_ends_the_session(cast: Cast) -> None:
    client = client_for(cast.dist_a1)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.get("/areas/4201/")["Location"].startswith("/accounts/login/")


# Password ------------------------------------------------------------------------------------


def test_a_user_changes_their_password_and_logs_in_with_the_new_one(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    assert client.get("/accounts/password/").status_code == 200

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert client.get("/accounts/password/done/").status_code == 200
    assert client.get("/areas/4201/").status_code == 200  # still logged in
    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.check_password(NEW_PASSWORD)
    fresh = Client()
    assert fresh.login(username="dist-a1", password=NEW_PASSWORD)
    assert not Client().login(username="dist-a1", password=PASSWORD)


def test_a_password_change_needs_the_old_password(cast: Cast) -> None:
    response = client_for(cast.dist_a1).post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.check_password(PASSWORD)


def test_the_password_pages_need_a_login(db: None) -> None:
    assert Client().get("/accounts/password/")["Location"].startswith("/accounts/login/")


# Home ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "home"),
    [
        ("dept", "/areas/"),
        ("viewer", "/areas/"),
        ("prov_a", "/areas/42/"),
        ("prov_b", "/areas/45/"),
        ("dist_a1", "/areas/4201/"),
        ("dist_b1", "/areas/4501/"),
        ("leader_a1", "/areas/420102/"),
    ],
)
def test_home_redirects_to_your_own_area(cast: Cast, who: str, home: str) -> None:
    response = client_for(getattr(cast, who)).get("/")

    assert response.status_code == 302
    assert response["Location"] == home


def test_home_sends_a_user_with_no_area_to_a_page_that_says_so(cast: Cast) -> None:
    client = english(client_for(make_user("nobody", "", "")))  # type: ignore[arg-type]

    response = client.get("/")

    assert response["Location"] == "/accounts/no-area/"
    page = client.get("/accounts/no-area/")
    assert page.status_code == 200
    assert "Your account has no area yet" in page.content.decode()


def test_home_asks_an_anonymous_visitor_to_log_in(db: None) -> None:
    assert Client().get("/")["Location"] == "/accounts/login/?next=/"


# The users list ------------------------------------------------------------------------------


def test_a_province_officer_lists_only_the_users_of_their_province(cast: Cast) -> None:
    response = client_for(cast.prov_a).get("/accounts/users/")

    assert response.status_code == 200
    names = [u.username for u in response.context["users"]]
    assert set(names) == {"prov-a", "dist-a1", "dist-a2", "leader-a1"}
    content = response.content.decode()
    assert "dist-b1" not in content and "prov-b" not in content
    assert response.context["can_manage"] is True


def test_a_district_officer_lists_only_their_district_and_may_not_add(cast: Cast) -> None:
    response = client_for(cast.dist_a1).get("/accounts/users/")

    assert {u.username for u in response.context["users"]} == {"dist-a1", "leader-a1"}
    assert response.context["can_manage"] is False
    assert "/accounts/users/new/" not in response.content.decode()


def test_a_user_with_no_area_lists_nobody(cast: Cast) -> None:
    response = client_for(make_user("nobody", "", "")).get("/accounts/users/")  # type: ignore[arg-type]

    assert list(response.context["users"]) == []


# One user ------------------------------------------------------------------------------------


def test_a_province_officer_opens_a_district_officer_of_their_province(cast: Cast) -> None:
    response = client_for(cast.prov_a).get(f"/accounts/users/{cast.dist_a1.pk}/")

    assert response.status_code == 200
    assert response.context["subject"] == cast.dist_a1


@pytest.mark.parametrize(
    ("who", "other"),
    [
        ("prov_a", "dist_b1"),
        ("prov_a", "prov_b"),
        ("prov_a", "dept"),
        ("dist_a1", "dist_a2"),
        ("dist_a1", "prov_a"),
        ("dist_b1", "leader_a1"),
        ("leader_a1", "dist_a1"),
    ],
)
def test_a_user_outside_your_area_is_404(cast: Cast, who: str, other: str) -> None:
    client = client_for(getattr(cast, who))
    pk = getattr(cast, other).pk

    assert client.get(f"/accounts/users/{pk}/").status_code == 404
    assert client.post(f"/accounts/users/{pk}/active/", {"active": "0"}).status_code == 404
    assert User.objects.get(pk=pk).is_active


def test_a_user_that_does_not_exist_is_404(cast: Cast) -> None:
    assert client_for(cast.dept).get("/accounts/users/999999/").status_code == 404


def test_a_province_officer_deactivates_a_district_officer_through_the_page(cast: Cast) -> None:
    client = client_for(cast.prov_a)

    response = client.post(f"/accounts/users/{cast.dist_a1.pk}/active/", {"active": "0"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{cast.dist_a1.pk}/"
    cast.dist_a1.refresh_from_db()
    assert not cast.dist_a1.is_active
    event = AuditEvent.objects.get(action="user.deactivate")
    assert (event.actor, event.origin, event.area_code) == (cast.prov_a, "127.0.0.1", "4201")
    page = client.get(f"/accounts/users/{cast.dist_a1.pk}/")
    assert [e.action for e in page.context["events"]] == ["user.deactivate"]

    client.post(f"/accounts/users/{cast.dist_a1.pk}/active/", {"active": "1"})

    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.is_active


@pytest.mark.parametrize("who", ["viewer", "dist_a1"])
def test_a_role_that_may_not_manage_users_gets_403_deactivating(cast: Cast, who: str) -> None:
    response = client_for(getattr(cast, who)).post(
        f"/accounts/users/{cast.leader_a1.pk}/active/", {"active": "0"}
    )

    assert response.status_code == 403
    cast.leader_a1.refresh_from_db()
    assert cast.leader_a1.is_active


def test_deactivating_yourself_shows_a_message_and_changes_nothing(cast: Cast) -> None:
    client = english(client_for(cast.dept))

    response = client.post(f"/accounts/users/{cast.dept.pk}/active/", {"active": "0"}, follow=True)

    assert response.status_code == 200
    assert "You cannot deactivate yourself." in response.content.decode()
    cast.dept.refresh_from_db()
    assert cast.dept.is_active


def test_the_active_switch_answers_only_a_post(cast: Cast) -> None:
    response = client_for(cast.dept).get(f"/accounts/users/{cast.dist_a1.pk}/active/")

    assert response.status_code == 405


# Creating users ------------------------------------------------------------------------------


def test_the_department_creates_a_province_officer_through_the_form(cast: Cast) -> None:
    client = client_for(cast.dept)
    assert client.get("/accounts/users/new/").status_code == 200

    response = client.post(
        "/accounts/users/new/",
        user_form(username="p43", role="province", province="43", district=""),
    )

    user = User.objects.get(username="p43")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{user.pk}/"
    assert (user.role, user.area_code) == ("province", "43")
    event = AuditEvent.objects.get(action="user.create")
    assert (event.actor, event.origin, event.area_code) == (cast.dept, "127.0.0.1", "43")


def test_a_province_officer_creates_a_district_officer_in_their_area(cast: Cast) -> None:
    client = client_for(cast.prov_a)
    form = client.get("/accounts/users/new/").context["form"]
    assert [value for value, _label in form.fields["role"].choices] == ["district", "tambon"]

    response = client.post("/accounts/users/new/", user_form())

    assert response.status_code == 302
    user = User.objects.get(username="somchai")
    assert (user.role, user.area_code) == ("district", "4203")
    assert user.check_password("tambon-leaders-2564")
    assert Client().login(username="somchai", password="tambon-leaders-2564")


def test_a_province_officer_cannot_create_a_user_outside_their_area(cast: Cast) -> None:
    response = english(client_for(cast.prov_a)).post(
        "/accounts/users/new/", user_form(province="45", district="4501")
    )

    assert response.status_code == 200
    assert "district" in response.context["form"].errors  # not one of the lists' choices
    assert not User.objects.filter(username="somchai").exists()


def test_a_province_officer_cannot_pick_a_province_role(cast: Cast) -> None:
    response = client_for(cast.prov_a).post(
        "/accounts/users/new/", user_form(role="province", district="")
    )

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="somchai").exists()


def test_the_user_form_shows_every_problem_on_its_field(cast: Cast) -> None:
    response = english(client_for(cast.dept)).post(
        "/accounts/users/new/", user_form(username="dist-a1", password="1")
    )

    errors = response.context["form"].errors
    assert errors["username"] == ["That username is taken."]
    assert errors["password"]
    response = english(client_for(cast.dept)).post("/accounts/users/new/", user_form(district=""))
    errors = response.context["form"].errors
    assert errors["district"] == [
        "This role works in a district: choose the province, then the district."
    ]


@pytest.mark.parametrize("who", ["viewer", "dist_a1", "leader_a1"])
def test_a_role_that_may_not_manage_users_gets_403_on_the_user_form(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))

    assert client.get("/accounts/users/new/").status_code == 403
    assert client.post("/accounts/users/new/", user_form()).status_code == 403
    assert not User.objects.filter(username="somchai").exists()


@pytest.mark.parametrize(
    "url", ["/accounts/users/", "/accounts/users/new/", "/accounts/no-area/", "/accounts/users/1/"]
)
def test_the_users_pages_need_a_login(db: None, url: str) -> None:
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_province_officer_gets_403_deactivating_a_fellow_province_officer(cast: Cast) -> None:
    colleague = make_user("prov-a-2", Role.PROVINCE, "42")
    client = client_for(cast.prov_a)
    assert client.get(f"/accounts/users/{colleague.pk}/").status_code == 200  # may read

    response = client.post(f"/accounts/users/{colleague.pk}/active/", {"active": "0"})

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active


def test_a_login_never_sends_you_to_another_site(cast: Cast) -> None:
    response = Client().post(
        "/accounts/login/",
        {"username": "dist-a1", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


# Picking the area from lists -----------------------------------------------------------------


def choices(response: Any, name: str) -> list[str]:
    return [value for value, _label in response.context["form"].fields[name].choices if value]


def test_the_department_picks_among_the_cdd_provinces_without_bangkok(cast: Cast) -> None:
    response = client_for(cast.dept).get("/accounts/users/new/")

    provinces = choices(response, "province")
    assert "42" in provinces and "45" in provinces
    assert "10" not in provinces  # Bangkok: the CDD does not work there
    assert choices(response, "district") == [] and choices(response, "tambon") == []
    assert 'data-area="province"' in response.content.decode()


def test_a_province_officer_picks_only_inside_their_province(cast: Cast) -> None:
    client = client_for(cast.prov_a)

    response = client.get("/accounts/users/new/")

    assert choices(response, "province") == ["42"]
    districts = choices(response, "district")
    assert "4201" in districts and all(code.startswith("42") for code in districts)
    response = client.get("/accounts/users/new/", {"province": "45", "district": "4501"})
    assert choices(response, "province") == ["42"]
    assert "4501" not in choices(response, "district") and choices(response, "tambon") == []


def test_showing_the_next_list_keeps_what_was_typed_and_creates_nobody(cast: Cast) -> None:
    response = client_for(cast.dept).post(
        "/accounts/users/new/",
        user_form(role="tambon", province="42", district="4201", refresh="1"),
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="somchai").exists()
    form = response.context["form"]
    assert not form.is_bound  # no complaints about what is still missing
    assert form.initial["username"] == "somchai" and "password" not in form.initial
    assert "420102" in choices(response, "tambon")
    assert all(code.startswith("4201") for code in choices(response, "tambon"))


def test_a_province_officer_creates_a_tambon_leader_from_the_lists(cast: Cast) -> None:
    response = client_for(cast.prov_a).post(
        "/accounts/users/new/",
        user_form(username="leader-nao", role="tambon", district="4201", tambon="420103"),
    )

    assert response.status_code == 302
    user = User.objects.get(username="leader-nao")
    assert (user.role, user.area_code) == ("tambon", "420103")


def test_a_missing_area_is_refused_in_thai(cast: Cast) -> None:
    response = client_for(cast.prov_a).post(
        "/accounts/users/new/", user_form(role="tambon", district="4201")
    )

    assert response.context["form"].errors["tambon"] == [
        "บทบาทนี้ปฏิบัติงานระดับตำบล กรุณาเลือกจังหวัด อำเภอ แล้วเลือกตำบล"
    ]
    assert not User.objects.filter(username="somchai").exists()


def test_the_users_list_names_each_area(cast: Cast) -> None:
    response = english(client_for(cast.prov_a)).get("/accounts/users/")

    content = response.content.decode()
    assert "T. เมือง A. เมืองเลย Ch. เลย" in content
    assert "A. นาด้วง Ch. เลย" in content


# Forgot password -----------------------------------------------------------------------------


def reset_link(body: str) -> str:
    match = re.search(r"https?://testserver(/accounts/password/reset/\S+/)", body)
    assert match, body
    return match.group(1)


def test_a_user_who_forgot_their_password_sets_a_new_one_from_the_email(
    cast: Cast, mailoutbox: list[Any]
) -> None:
    cast.dist_a1.email = "somchai@example.org"
    cast.dist_a1.save(update_fields=["email"])
    client = Client()
    assert "/accounts/password/forgot/" in client.get("/accounts/login/").content.decode()

    response = client.post("/accounts/password/forgot/", {"email": "SOMCHAI@example.org"})

    assert response["Location"] == "/accounts/password/forgot/sent/"
    assert client.get(response["Location"]).status_code == 200
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["somchai@example.org"]
    assert "พี่น้อง" in message.subject
    assert "dist-a1" in message.body
    page = client.get(reset_link(message.body), follow=True)
    assert page.context["validlink"]
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/accounts/password/reset/done/"
    assert Client().login(username="dist-a1", password=NEW_PASSWORD)
    assert client.get(reset_link(message.body), follow=True).context["validlink"] is False


def test_forgot_password_says_nothing_about_unknown_addresses(
    cast: Cast, mailoutbox: list[Any]
) -> None:
    response = Client().post("/accounts/password/forgot/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/password/forgot/sent/"
    assert mailoutbox == []


def test_the_forgot_password_pages_are_in_thai_in_the_site_layout(db: None) -> None:
    content = Client().get("/accounts/password/forgot/").content.decode()

    assert "ลืมรหัสผ่าน?" in content
    assert '<header class="top">' in content


# An administrator resets a password ----------------------------------------------------------


def test_a_province_officer_sets_a_new_password_for_a_district_officer(cast: Cast) -> None:
    client = client_for(cast.prov_a)
    assert client.get(f"/accounts/users/{cast.dist_a1.pk}/").context["may_reset"]

    response = client.post(
        f"/accounts/users/{cast.dist_a1.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == f"/accounts/users/{cast.dist_a1.pk}/"
    assert Client().login(username="dist-a1", password=NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.set_password")
    assert (event.actor, event.area_code) == (cast.prov_a, "4201")
    assert NEW_PASSWORD not in str(event.changes)


def test_a_new_password_that_does_not_match_is_refused_on_the_page(cast: Cast) -> None:
    response = client_for(cast.dept).post(
        f"/accounts/users/{cast.dist_a1.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": "something-else-entirely"},
    )

    assert response.status_code == 200
    assert "new_password2" in response.context["password_form"].errors
    cast.dist_a1.refresh_from_db()
    assert cast.dist_a1.check_password(PASSWORD)


def test_the_department_emails_a_reset_link_and_it_is_audited(
    cast: Cast, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    cast.leader_a1.email = "leader@example.org"
    cast.leader_a1.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.dept).post(
            f"/accounts/users/{cast.leader_a1.pk}/password-email/"
        )

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["leader@example.org"]]
    assert "/accounts/password/reset/" in mailoutbox[0].body
    assert AuditEvent.objects.get(action="user.password_reset_sent").actor == cast.dept


def test_a_reset_email_to_a_user_without_an_address_says_so(
    cast: Cast, mailoutbox: list[Any]
) -> None:
    response = english(client_for(cast.dept)).post(
        f"/accounts/users/{cast.leader_a1.pk}/password-email/", follow=True
    )

    assert "This user has no email address." in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("who", "other", "status"),
    [
        ("prov_a", "dist_b1", 404),  # outside the province
        ("prov_b", "leader_a1", 404),
        ("dist_a1", "leader_a1", 403),  # a district may not manage users
        ("viewer", "dist_a1", 403),
        ("leader_a1", "leader_a1", 403),
    ],
)
def test_resetting_a_password_is_refused_outside_the_area_or_the_role(
    cast: Cast, who: str, other: str, status: int, mailoutbox: list[Any]
) -> None:
    subject = getattr(cast, other)
    subject.email = "someone@example.org"
    subject.save(update_fields=["email"])
    client = client_for(getattr(cast, who))
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    assert client.post(f"/accounts/users/{subject.pk}/password/", data).status_code == status
    assert client.post(f"/accounts/users/{subject.pk}/password-email/").status_code == status
    subject.refresh_from_db()
    assert subject.check_password(PASSWORD)
    assert mailoutbox == []


def test_a_province_officer_may_not_reset_a_fellow_province_officer(cast: Cast) -> None:
    colleague = make_user("prov-a-2", Role.PROVINCE, "42")
    client = client_for(cast.prov_a)
    assert not client.get(f"/accounts/users/{colleague.pk}/").context["may_reset"]

    response = client.post(
        f"/accounts/users/{colleague.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)


# A tambon leader's landing page --------------------------------------------------------------


def test_a_tambon_leader_lands_on_their_tambons_activity_records(
    cast: Cast, pair_a1: Any, pair_b1: Any
) -> None:
    client = client_for(cast.leader_a1)
    programme = pair_a1.programme

    response = client.get("/")

    assert response["Location"] == f"/workshops/{programme.pk}/timeline/420102/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [code for code, _name, _cells in page.context["rows"]] == ["420102"]
    content = page.content.decode()
    for activity in programme.activities.all():
        assert f"/workshops/activities/{activity.pk}/tambons/420102/" in content
    assert "/tambons/450102/" not in content
    assert client.get(f"/workshops/{programme.pk}/timeline/450102/").status_code == 404
    assert client.get(f"/workshops/{programme.pk}/timeline/4201/").status_code == 404
