"""The cached parts of the area pages (fragments.py): reused until a write under the area commits,
never shared between readers who see different links, right the moment a report is approved."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Cast, client_for, make_user, person, settings_with, tambon
from phinong.accounts.models import Role
from phinong.dashboards import stamps
from phinong.dashboards.tests.data import FIGURES, report
from phinong.geo import services as geo_services
from phinong.lessons import services as lesson_services
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme, ProvinceQuota
from phinong.register import services as register_services
from phinong.register.models import MemberRole
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod


@pytest.fixture
def periods(cast: Cast, phase2: Programme) -> list[ReportPeriod]:
    return report_services.periods_from_activities(actor=cast.dept, programme=phase2)


def read(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def households(html: str) -> str:
    """The households figure of the page's approved totals."""
    found = re.search(r'id="totals">\s*<div class="stat"><b>([^<]*)</b>', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(("who", "url"), [("prov_a", "/areas/42/"), ("dept", "/areas/")])
def test_a_second_read_reuses_the_part_and_an_approval_shows_on_the_next(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod], who: str, url: str
) -> None:
    client = client_for(getattr(cast, who))
    url = f"{url}?programme={phase2.pk}"
    first, rendered = read(client, url)
    again, reused = read(client, url)
    assert without_tokens(again) == without_tokens(first)
    assert reused < rendered - 3  # the figures' queries are not made again
    assert households(first) == "๐"

    report(cast.dist_a1, cast.prov_a, periods[0], "420102")  # saved, submitted, approved

    after, queries = read(client, url)
    assert households(after) == "๔๐"
    assert queries == rendered  # the part was drawn again, once


def test_a_write_elsewhere_leaves_a_district_part_cached(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, periods: list[ReportPeriod]
) -> None:
    mueang_loei, mueang_roi_et = stamps.version("4201"), stamps.version("4501")
    loei, nation = stamps.version("42"), stamps.version("")

    report(cast.dist_b1, cast.prov_b, periods[0], "450102")

    assert stamps.version("4201") == mueang_loei
    assert stamps.version("420102") == mueang_loei  # a tambon's page follows its district
    assert stamps.version("42") == loei
    assert stamps.version("4501") > mueang_roi_et
    assert stamps.version("") > nation


def test_readers_who_see_different_links_get_their_own_part(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    """Links inside the part depend on the reader's area and role ({% arealink %}, the checklist's
    next step): a reader of another area or role never gets a part drawn for someone else."""
    url = f"/areas/420102/?programme={phase2.pk}"
    _, drawn = read(client_for(cast.dist_a1), url)
    colleague = make_user("dist-a1-colleague", Role.DISTRICT, "4201")
    _, shared = read(client_for(colleague), url)
    _, leader = read(client_for(cast.leader_a1), url)
    assert shared < drawn - 3  # the same area and role: the same part
    assert leader > shared + 3  # the tambon's leader: a part of their own


def test_each_kind_of_write_the_pages_show_moves_the_version(
    cast: Cast, phase2: Programme, pair_a1: Pair, settings: object, tmp_path: object
) -> None:
    def moves(code: str, write: object) -> bool:
        before = stamps.version(code)
        write()  # type: ignore[operator]
        return stamps.version(code) > before

    quota = ProvinceQuota.objects.get(programme=phase2, province_id="42")

    def change_quota() -> None:
        quota.tambons += 1
        quota.save()

    def rename_programme() -> None:
        programme_services.update_programme(
            actor=cast.dept, programme=phase2, expected_version=phase2.version, name="ชื่อใหม่"
        )

    def village() -> None:
        geo_services.add_village(actor=cast.dist_a1, tambon=tambon("420102"), moo=9, name_th="ใหม่")

    def lesson_published() -> None:
        lesson = lesson_services.save_lesson(
            actor=cast.dist_a1,
            programme=phase2,
            tambon=tambon("420102"),
            expected_version=0,
            values={"background": "ปลูกผัก"},
        )
        lesson_services.publish(actor=cast.prov_a, lesson=lesson, expected_version=lesson.version)

    assert moves("4201", change_quota)
    assert moves("4201", rename_programme)
    assert moves("4201", village)
    assert moves("4201", lesson_published)
    # The elder tambon's page names the younger one it coaches: a pair moves both districts.
    younger, elder = stamps.version("4201"), stamps.version("4202")
    Pair.objects.create(
        programme=phase2, younger=tambon("420103"), elder=tambon("420201"), created_by=cast.dist_a1
    )
    assert stamps.version("4201") > younger
    assert stamps.version("4202") > elder


def test_thai_and_english_pages_keep_their_own_part(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.prov_a)
    url = f"/areas/42/?programme={phase2.pk}"
    thai, _ = read(client, url)
    client.cookies["django_language"] = "en"
    english, _ = read(client, url)
    assert "Where we stand" in english
    assert "Where we stand" not in thai


def test_a_report_returned_shows_in_the_districts_list_on_its_next_load(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    client = client_for(cast.dist_a1)
    submitted = report(cast.dist_a1, cast.prov_a, periods[0], "420102", approve=False)
    before, _ = read(client, "/areas/4201/")
    assert 'id="waiting-returned"' not in before

    report_services.move(
        actor=cast.prov_a,
        report=submitted,
        name="return",
        expected_version=submitted.version,
        reason="ตัวเลขครัวเรือนไม่ตรง",
    )

    after, _ = read(client, "/areas/4201/")
    assert 'id="waiting-returned"' in after
    assert "ตัวเลขครัวเรือนไม่ตรง" in after


def test_only_a_write_that_shows_moves_the_version(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    """A draft saved again changes no figure, so every cached page stays; submitting, returning
    and submitting again each change what the pages show (the waiting lists, the figures)."""

    def moves(write: object) -> bool:
        before = stamps.version("4201")
        write()  # type: ignore[operator]
        return stamps.version("4201") > before

    saved = report_services.save_report(
        actor=cast.dist_a1, period=periods[0], tambon=tambon("420102"), expected_version=0,
        values=FIGURES,
    )  # fmt: skip

    def save_again() -> None:
        nonlocal saved
        saved = report_services.save_report(
            actor=cast.dist_a1, period=periods[0], tambon=tambon("420102"),
            expected_version=saved.version, values={**FIGURES, "narrative": "แก้ถ้อยคำ"},
        )  # fmt: skip

    def move(actor: object, name: str) -> None:
        nonlocal saved
        saved = report_services.move(
            actor=actor, report=saved, name=name, expected_version=saved.version,  # type: ignore[arg-type]
            reason="ขอข้อมูลเพิ่ม" if name == "return" else "",
        )  # fmt: skip

    assert not moves(save_again)
    assert moves(lambda: move(cast.dist_a1, "submit"))
    assert moves(lambda: move(cast.prov_a, "return"))
    assert not moves(save_again)
    assert moves(lambda: move(cast.dist_a1, "resubmit"))
    assert moves(lambda: move(cast.prov_a, "approve"))


def test_a_mentor_added_moves_the_version(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    before = stamps.version("420102")
    register_services.add_member(
        actor=cast.dist_a1,
        programme=phase2,
        role=MemberRole.MENTOR,
        pair=pair_a1,
        data=person(),
    )
    assert stamps.version("420102") > before


def test_the_workers_of_one_machine_can_share_the_parts_in_files(
    cast: Cast, phase2: Programme, pair_a1: Pair, settings: Any, tmp_path: Path
) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "fragments"),
        },
    }
    client = client_for(cast.prov_a)
    url = f"/areas/42/?programme={phase2.pk}"
    first, drawn = read(client, url)
    again, reused = read(client, url)

    assert without_tokens(again) == without_tokens(first)
    assert reused < drawn - 3
    assert list((tmp_path / "fragments").glob("*.djcache"))


@pytest.mark.parametrize(("value", "backend"), [("files", "FileBasedCache"), ("", "LocMemCache")])
def test_phinong_fragments_chooses_the_store(value: str, backend: str, tmp_path: Path) -> None:
    shown = settings_with({"PHINONG_FRAGMENTS": value}, STORE, tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert backend in shown.stdout


def test_a_wrong_phinong_fragments_is_refused(tmp_path: Path) -> None:
    shown = settings_with({"PHINONG_FRAGMENTS": "redis"}, STORE, tmp_path=tmp_path)
    assert shown.returncode != 0
    assert "PHINONG_FRAGMENTS must be memory or files" in shown.stderr


STORE = "s.CACHES['fragments']['BACKEND']"
