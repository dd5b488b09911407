"""Passwords are hashed with Argon2id; old PBKDF2 hashes still work and are re-made as Argon2 at
login, without ending the owner's API tokens. A changed password does end them, whichever way it
was changed: on the password page, by the emailed link, or by an administrator."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client

from conftest import PASSWORD, Cast, client_for
from phinong.accounts.models import ApiToken
from phinong.api.auth import issue_token

NEW_PASSWORD = "another-long-password-91"
REAL_HASHERS = django_settings.PASSWORD_HASHERS  # the suite itself hashes with MD5, for speed


def works(token: str) -> bool:
    client = Client(headers={"Authorization": f"Bearer {token}"})
    return client.get("/api/v1/programmes").status_code == 200


@pytest.fixture
def real_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = REAL_HASHERS


def test_new_passwords_are_hashed_with_argon2id(cast: Cast, real_hashing: None) -> None:
    cast.dist_a1.set_password(NEW_PASSWORD)
    assert cast.dist_a1.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in cast.dist_a1.password
    assert cast.dist_a1.check_password(NEW_PASSWORD)


def test_an_old_pbkdf2_hash_logs_in_and_becomes_argon2(cast: Cast, real_hashing: None) -> None:
    user = cast.dist_a1
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    token = issue_token(user)

    response = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert works(token)  # the same password: its tokens keep working


def test_a_wrong_password_does_not_upgrade_the_hash(cast: Cast, real_hashing: None) -> None:
    user = cast.dist_a1
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    Client().post("/accounts/login/", {"username": user.username, "password": "wrong-one"})

    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")


def test_changing_one_s_password_ends_one_s_tokens(cast: Cast) -> None:
    token = issue_token(cast.dist_a1)
    other = issue_token(cast.dist_a2)

    response = client_for(cast.dist_a1).post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not works(token)
    assert works(other)
    cast.dist_a1.refresh_from_db()
    page = client_for(cast.dist_a1).get("/accounts/tokens/")
    assert [row.usable for row in page.context["tokens"]] == [False]


def test_a_new_password_by_the_emailed_link_ends_the_tokens(cast: Cast) -> None:
    cast.dist_a1.email = "somchai@example.go.th"
    cast.dist_a1.save(update_fields=["email"])
    token = issue_token(cast.dist_a1)
    client = Client()
    client.post("/accounts/password/forgot/", {"email": "somchai@example.go.th"})
    link = re.search(r"/accounts/password/reset/\S+/\S+/", str(mail.outbox[0].body))
    assert link is not None
    form = client.get(link.group(0), follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert not works(token)


def test_a_password_set_by_an_administrator_ends_the_tokens(cast: Cast) -> None:
    token = issue_token(cast.dist_a1)

    response = client_for(cast.dept).post(
        f"/accounts/users/{cast.dist_a1.pk}/password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert not works(token)
    assert ApiToken.objects.filter(user=cast.dist_a1).exists()  # listed, as no longer working
