"""Whose history a user reads: only the events about their own area, with personal data masked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import Cast, add_leaders, client_for
from phinong.accounts.models import User
from phinong.audit.selectors import events_for
from phinong.audit.services import record
from phinong.programmes.models import Programme

IMPORTS = {"4201": "เมืองเลย.xlsx", "4202": "นาด้วง.xlsx", "4501": "ร้อยเอ็ด.xlsx"}


def _imports(cast: Cast, programme: Programme) -> None:
    actors = {"4201": cast.dist_a1, "4202": cast.dist_a2, "4501": cast.dist_b1}
    for code, name in IMPORTS.items():
        record(
            actor=actors[code],
            action="register.import",
            obj=programme,
            area_code=code,
            changes={"file": name, "rows": 15},
        )
    record(actor=cast.prov_a, action="register.export", obj=programme, area_code="42")


def _files(actor: User, programme: Programme) -> set[str]:
    return {e.changes["file"] for e in events_for(programme, actor=actor) if "file" in e.changes}


@pytest.mark.django_db
def test_a_tambon_leader_reads_only_the_history_of_their_own_area(
    cast: Cast, phase2: Programme
) -> None:
    _imports(cast, phase2)
    actions = {e.action for e in events_for(phase2, actor=cast.leader_a1)}
    assert _files(cast.leader_a1, phase2) == {"เมืองเลย.xlsx"}  # their district's import only
    assert {"programme.create", "register.export"} <= actions  # the programme's, their province's


@pytest.mark.django_db
def test_it_refuses_the_history_of_other_areas_to_every_area_role(
    cast: Cast, phase2: Programme
) -> None:
    _imports(cast, phase2)
    assert _files(cast.dept, phase2) == set(IMPORTS.values())
    assert _files(cast.viewer, phase2) == set(IMPORTS.values())
    assert _files(cast.prov_a, phase2) == {"เมืองเลย.xlsx", "นาด้วง.xlsx"}
    assert _files(cast.dist_a2, phase2) == {"นาด้วง.xlsx"}
    assert _files(cast.prov_b, phase2) == {"ร้อยเอ็ด.xlsx"}
    outside = {e.action for e in events_for(phase2, actor=cast.prov_b)}
    assert "register.export" not in outside  # Loei's export is not Roi Et's business


@pytest.mark.django_db
def test_the_programme_page_shows_a_tambon_leader_no_other_districts_files(
    cast: Cast, phase2: Programme
) -> None:
    _imports(cast, phase2)
    response = client_for(cast.leader_a1).get(reverse("programmes:detail", args=[phase2.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "เมืองเลย.xlsx" in html
    assert "นาด้วง.xlsx" not in html and "ร้อยเอ็ด.xlsx" not in html


@pytest.mark.django_db
def test_personal_data_stays_masked_for_a_role_that_may_not_see_it(
    cast: Cast, phase2: Programme, pair_a1: Any
) -> None:
    [leader] = add_leaders(cast.dist_a1, phase2, "420102", 1)
    [created] = events_for(leader, actor=cast.viewer)
    lines = created.display.lines  # type: ignore[attr-defined]
    national_id = next(line for line in lines if line.new.startswith("x-"))
    assert national_id.new == f"x-xxxx-xxxxx-{leader.national_id[10:12]}-{leader.national_id[12]}"
    assert leader.national_id not in str([line.new for line in lines])


@pytest.mark.django_db
def test_a_long_history_is_read_in_a_few_queries(
    cast: Cast, phase2: Programme, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        record(
            actor=cast.dist_a1,
            action="workshop.create",
            obj=phase2,
            area_code="4201",
            changes={"tambons": ["420101", "420102"], "activity": n, "starts_on": "2021-08-20"},
        )
    with django_assert_max_num_queries(4):
        events = events_for(phase2, actor=cast.prov_a)
    assert len(events) > 30
