"""Login throttling (django-axes): per account and per address, on the login page and the admin's,
with a Thai lockout page, lifted by an administrator or by the cool-off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from axes.utils import reset  # type: ignore[import-untyped]
from django.test import Client, RequestFactory
from django.utils import translation

from conftest import PASSWORD, Cast, client_for
from phinong.accounts.throttle import login_address
from phinong.audit.models import AuditEvent

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _no_attempts(db: None) -> Iterator[None]:
    reset()
    yield
    reset()


def attempt(client: Client, username: str, password: str, url: str = LOGIN) -> Any:
    return client.post(url, {"username": username, "password": password})


def fail(client: Client, username: str, times: int, url: str = LOGIN) -> list[int]:
    return [attempt(client, username, "wrong-password", url).status_code for _ in range(times)]


def test_the_fifth_wrong_password_locks_the_account(cast: Cast) -> None:
    client = Client()

    codes = fail(client, "dist-a1", 6)

    assert codes == [200, 200, 200, 200, 429, 429]
    locked = attempt(client, "dist-a1", "wrong-password")
    page = locked.content.decode()
    assert 'id="locked-out"' in page and 'name="password"' not in page  # not the form again
    assert locked["Retry-After"] == str(15 * 60)


def test_the_right_password_is_refused_while_locked(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)
    client = Client(REMOTE_ADDR="10.9.8.7")  # another address: the account itself is locked

    response = attempt(client, "dist-a1", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/areas/4201/").status_code == 302  # still not logged in


def test_the_lockout_page_is_thai(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)

    page = attempt(Client(), "dist-a1", PASSWORD).content.decode()

    with translation.override("th"):
        assert translation.gettext("Logging in is paused") in page
    assert "๑๕" in page  # the cool-off, in Thai digits


def test_an_administrator_lifts_the_lockout(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)
    admin = client_for(cast.dept)
    page = admin.get(f"/accounts/users/{cast.dist_a1.pk}/")
    assert page.context["lockout"] is not None and page.context["lockout"].failures == 5
    assert f"/accounts/users/{cast.dist_a1.pk}/unlock/" in page.content.decode()

    response = admin.post(f"/accounts/users/{cast.dist_a1.pk}/unlock/")

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="dist-a1").exists()
    assert AuditEvent.objects.filter(action="user.unlock", object_id=str(cast.dist_a1.pk)).exists()
    assert attempt(Client(), "dist-a1", PASSWORD).status_code == 302  # logged in
    assert admin.get(f"/accounts/users/{cast.dist_a1.pk}/").context["lockout"] is None


def test_a_province_lifts_the_lockout_of_its_district_officer(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)

    response = client_for(cast.prov_a).post(f"/accounts/users/{cast.dist_a1.pk}/unlock/")

    assert response.status_code == 302
    assert attempt(Client(), "dist-a1", PASSWORD).status_code == 302


def test_outside_the_area_nobody_lifts_a_lockout(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)

    assert (
        client_for(cast.prov_b).post(f"/accounts/users/{cast.dist_a1.pk}/unlock/").status_code
        == 404
    )
    assert (
        client_for(cast.dist_a2).post(f"/accounts/users/{cast.dist_a1.pk}/unlock/").status_code
        == 404
    )
    assert (
        client_for(cast.viewer).post(f"/accounts/users/{cast.dist_a1.pk}/unlock/").status_code
        == 403
    )
    assert AccessAttempt.objects.filter(username="dist-a1").exists()


def test_the_lockout_ends_after_the_cool_off(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))

    assert attempt(Client(), "dist-a1", PASSWORD).status_code == 302


def test_an_address_that_tries_many_accounts_is_locked(cast: Cast, settings: Any) -> None:
    settings.PHINONG_LOGIN_FAILURES_PER_ADDRESS = 6
    office = Client(REMOTE_ADDR="10.1.1.1")
    for name in ("a", "b", "c"):
        fail(office, f"nobody-{name}", 2)  # 6 failures, none of the accounts near its own limit

    assert attempt(office, "prov-a", PASSWORD).status_code == 429
    assert attempt(Client(REMOTE_ADDR="10.2.2.2"), "prov-a", PASSWORD).status_code == 302


def test_an_office_s_few_mistakes_do_not_lock_the_address(cast: Cast) -> None:
    office = Client(REMOTE_ADDR="10.1.1.1")
    for name in ("dist-a2", "prov-a", "prov-b"):
        fail(office, name, 3)  # 9 mistakes from one office, under the address limit (20)

    assert attempt(office, "dist-a1", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(cast: Cast) -> None:
    cast.dept.is_staff = True
    cast.dept.save(update_fields=["is_staff"])
    client = Client()

    codes = fail(client, "dept", 5, url="/admin/login/")

    assert codes[-1] == 429
    assert attempt(client, "dept", PASSWORD, url="/admin/login/").status_code == 429


def test_the_password_is_not_kept_with_the_attempt(cast: Cast) -> None:
    attempt(Client(), "dist-a1", "my-secret-guess-123")

    row = AccessAttempt.objects.get(username="dist-a1")
    assert "my-secret-guess-123" not in row.post_data


def test_the_api_token_auth_is_not_throttled_by_logins(cast: Cast) -> None:
    from phinong.api.auth import issue_token

    token = issue_token(cast.dist_a1)
    fail(Client(), "dist-a1", 5)

    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/programmes")

    assert response.status_code == 200


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(settings: Any) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert login_address(request) == "203.0.113.9"
    garbage = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x<y")
    assert login_address(garbage) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = None
    assert login_address(request) == "10.0.0.2"  # not behind a proxy: the header is the client's


def test_the_admin_lists_lockouts_and_deleting_one_lifts_it(cast: Cast) -> None:
    fail(Client(), "dist-a1", 5)
    cast.dept.is_staff = cast.dept.is_superuser = True
    cast.dept.save(update_fields=["is_staff", "is_superuser"])
    admin = client_for(cast.dept)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "dist-a1" in listing.content.decode()
    row = AccessAttempt.objects.get(username="dist-a1")

    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert attempt(Client(), "dist-a1", PASSWORD).status_code == 302
