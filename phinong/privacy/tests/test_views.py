"""The access log page, the erase page and the privacy notice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Cast, add_leaders, client_for
from phinong.privacy.erasure import is_erased
from phinong.privacy.models import AccessEvent
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member

pytestmark = pytest.mark.django_db
LOG = "/privacy/access-log/"


@pytest.fixture
def leaders(cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair) -> list[Member]:
    return add_leaders(cast.dist_a1, phase2, "420102", 2) + add_leaders(
        cast.dist_b1, phase2, "450102", 1
    )


@pytest.fixture
def logged(cast: Cast, leaders: list[Member]) -> list[Member]:
    client_for(cast.dist_a1).get(reverse("register:member", args=[leaders[0].pk]))
    client_for(cast.dist_a1).get(reverse("register:member", args=[leaders[1].pk]))
    client_for(cast.dist_b1).get(reverse("register:member", args=[leaders[2].pk]))
    return leaders


def test_the_department_admin_reads_and_filters_the_log(cast: Cast, logged: list[Member]) -> None:
    client = client_for(cast.dept)
    home = client.get("/accounts/users/").content.decode()
    assert 'id="nav-access-log"' in home
    page = client.get(LOG)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert len(page.context["page"]) == 3
    assert [r.username for r in client.get(LOG, {"user": "dist-b1"}).context["page"]] == ["dist-b1"]
    assert len(client.get(LOG, {"area": "42"}).context["page"]) == 2
    assert len(client.get(LOG, {"kind": "export"}).context["page"]) == 0
    assert len(client.get(LOG, {"since": "1/1/2500", "until": "31/12/2600"}).context["page"]) == 3
    assert len(client.get(LOG, {"until": "1/1/2500"}).context["page"]) == 0


def test_a_bad_filter_is_named_in_thai(cast: Cast, logged: list[Member]) -> None:
    page = client_for(cast.dept).get(LOG, {"area": "4x", "since": "32/13/2567"})
    text = page.content.decode()
    assert "รหัสพื้นที่" in text or "๒, ๔, ๖" in text or page.context["form"].errors["area"]
    assert set(page.context["form"].errors) == {"area", "since"}
    assert len(page.context["page"]) == 3  # bad filters are ignored, not guessed


@pytest.mark.parametrize("who", ["viewer", "prov_a", "dist_a1", "leader_a1"])
def test_other_roles_may_not_read_the_log(cast: Cast, logged: list[Member], who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(LOG).status_code == 403
    assert 'id="nav-access-log"' not in client.get("/accounts/users/").content.decode()


def test_the_department_admin_erases_a_person_after_confirming(
    cast: Cast, leaders: list[Member]
) -> None:
    member = leaders[0]
    client = client_for(cast.dept)
    detail = client.get(reverse("register:member", args=[member.pk])).content.decode()
    url = reverse("privacy:erase", args=[member.pk])
    assert url in detail
    confirm = client.get(url)
    assert confirm.status_code == 200 and 'id="registrations"' in confirm.content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    member.refresh_from_db()
    assert not is_erased(member)

    done = client.post(url, {"reason": "เจ้าของข้อมูลขอลบ"})

    assert done.status_code == 302
    member.refresh_from_db()
    assert is_erased(member)
    again = client.get(url)
    assert again.status_code == 302


@pytest.mark.parametrize(("who", "status"), [("dist_a1", 403), ("prov_a", 403), ("dist_b1", 404)])
def test_others_may_not_erase(cast: Cast, leaders: list[Member], who: str, status: int) -> None:
    client = client_for(getattr(cast, who))
    url = reverse("privacy:erase", args=[leaders[0].pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "ขอลบ"}).status_code == status
    leaders[0].refresh_from_db()
    assert not is_erased(leaders[0])
    detail = client.get(reverse("register:member", args=[leaders[0].pk])).content.decode()
    assert url not in detail


def test_the_privacy_notice_is_public_and_linked_from_the_footer_and_login(
    cast: Cast,
) -> None:
    anonymous = Client()
    login = anonymous.get(reverse("accounts:login")).content.decode()
    assert 'id="login-privacy"' in login and 'id="privacy-link"' in login
    page = anonymous.get(reverse("privacy:notice"))
    text = page.content.decode()
    assert page.status_code == 200
    for section in ("collected", "why", "who", "retention", "rights", "contact"):
        assert f'id="{section}"' in text
    english = anonymous.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert AccessEvent.objects.count() == 0
