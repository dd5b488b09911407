"""The standard cast and programmes every test builds on (STYLE.md §7).

Geography is loaded once per test database. Programmes, pairs and leaders are made through the real
services, so tests exercise the same paths as users.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from phinong.accounts.models import Role, User
from phinong.geo.models import Province, Tambon
from phinong.geo.services import load_geography
from phinong.lib.national_id import with_check_digit
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop beside live_server
PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_fragments() -> None:
    """Each test starts with no cached page parts: its database starts over, and so may versions."""
    caches["fragments"].clear()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for a module of browser tests (see phinong/core/tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from phinong.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def geography(db: None) -> None:
    """Every province, district and tambon (loaded again only after a transactional test flushed)."""
    if not Province.objects.filter(code="42").exists():
        load_geography()


@dataclass
class Cast:
    dept: User  # department admin
    viewer: User  # department viewer (read only)
    prov_a: User  # province officer, Loei (42)
    dist_a1: User  # district officer, Mueang Loei (4201)
    dist_a2: User  # district officer, Na Duang (4202), same province
    prov_b: User  # province officer, Roi Et (45)
    dist_b1: User  # district officer, Mueang Roi Et (4501), another province
    leader_a1: User  # tambon leader, Mueang (420102)


def make_user(username: str, role: Role, area_code: str) -> User:
    user = User(username=username, role=role, area_code=area_code)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def cast(geography: None) -> Cast:
    return Cast(
        dept=make_user("dept", Role.DEPT_ADMIN, ""),
        viewer=make_user("viewer", Role.DEPT_VIEWER, ""),
        prov_a=make_user("prov-a", Role.PROVINCE, "42"),
        dist_a1=make_user("dist-a1", Role.DISTRICT, "4201"),
        dist_a2=make_user("dist-a2", Role.DISTRICT, "4202"),
        prov_b=make_user("prov-b", Role.PROVINCE, "45"),
        dist_b1=make_user("dist-b1", Role.DISTRICT, "4501"),
        leader_a1=make_user("leader-a1", Role.TAMBON, "420102"),
    )


def settings_with(
    env: dict[str, str], show: str, *, tmp_path: Any
) -> subprocess.CompletedProcess[str]:
    """Load phinong.settings in a fresh Python with these environment variables and print `show`,
    an expression of the module `s` (a setting read at start-up cannot be overridden in a test)."""
    return subprocess.run(  # noqa: S603 - our own settings module, run by the tests
        [sys.executable, "-c", f"from phinong import settings as s; print({show})"],
        env={**os.environ, "PHINONG_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def tambon(code: str) -> Tambon:
    return Tambon.objects.select_related("district__province").get(code=code)


@pytest.fixture
def phase1(cast: Cast) -> Programme:
    """Not run in pairs: tambons 420101, 420201 (Loei) and 450101 (Roi Et) took part."""
    programme = programme_services.create_programme(
        actor=cast.dept,
        code="PH1/2563",
        name="ระยะที่ ๑",
        fiscal_year=2563,
        starts_on=dt.date(2020, 6, 1),
        ends_on=dt.date(2020, 9, 30),
    )
    for code, quota in (("42", 2), ("45", 1)):
        programme_services.set_province_quota(
            actor=cast.dept,
            programme=programme,
            province=Province.objects.get(code=code),
            tambons=quota,
        )
    for actor, code in (
        (cast.dist_a1, "420101"),
        (cast.dist_a2, "420201"),
        (cast.dist_b1, "450101"),
    ):
        programme_services.add_target(actor=actor, programme=programme, tambon=tambon(code))
    return programme


@pytest.fixture
def phase2(cast: Cast, phase1: Programme) -> Programme:
    """Extends phase 1; Loei's quota is 3 younger tambons, Roi Et's 2; 4 activities."""
    programme = programme_services.create_programme(
        actor=cast.dept,
        code="198/2564",
        name="ขยายผลบ้านพี่เมืองน้อง",
        fiscal_year=2564,
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 9, 30),
        extends=phase1,
    )
    for number, due in (
        (1, dt.date(2021, 8, 15)),
        (2, dt.date(2021, 8, 31)),
        (3, dt.date(2021, 9, 30)),
        (4, dt.date(2021, 9, 30)),
    ):
        programme_services.save_activity(
            actor=cast.dept,
            programme=programme,
            number=number,
            name=f"กิจกรรมที่ {number}",
            due_on=due,
        )
    for code, quota in (("42", 3), ("45", 2)):
        programme_services.set_province_quota(
            actor=cast.dept,
            programme=programme,
            province=Province.objects.get(code=code),
            tambons=quota,
        )
    return programme


@pytest.fixture
def pair_a1(cast: Cast, phase2: Programme) -> Pair:
    """Younger 420102 (Mueang, Mueang Loei) coached by elder 420101 (Kut Pong)."""
    return programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420102"), elder=tambon("420101")
    )


@pytest.fixture
def pair_b1(cast: Cast, phase2: Programme) -> Pair:
    """Younger 450102 in Roi Et, coached by 450101."""
    return programme_services.create_pair(
        actor=cast.dist_b1, programme=phase2, younger=tambon("450102"), elder=tambon("450101")
    )


_seq = iter(range(1, 10**9))


def person(**overrides: Any) -> dict[str, Any]:
    """Valid data for one synthetic leader; every call gets a new valid national ID."""
    data = {
        "title": "นาง",
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "national_id": with_check_digit(f"11{next(_seq):010d}"),
        "sex": "F",
        "age": 45,
        "phone": "0812345678",
        "position": "อสม.",
        "leader_type": "informal",
    }
    return data | overrides


def add_leaders(actor: User, programme: Programme, code: str, count: int) -> list[Member]:
    return [
        register_services.add_member(
            actor=actor,
            programme=programme,
            role=MemberRole.LEADER,
            tambon=tambon(code),
            data=person(),
        )
        for _ in range(count)
    ]
