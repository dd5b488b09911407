"""The "waiting for me" list on each role's landing page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, add_leaders, client_for, tambon
from phinong.dashboards.tests.test_views import english, pair_more
from phinong.dashboards.waiting import SHOWN, Waiting, waiting_for
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod, ReportState, ReportTransition, TambonReport
from phinong.workshops import services as workshop_services

BANGKOK = dt.timezone(dt.timedelta(hours=7))
LATE_AUGUST = dt.date(2021, 8, 25)  # period 1 (due 15 Aug) is overdue; activity 2 is due 31 Aug


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def periods(cast: Cast, phase2: Programme) -> list[ReportPeriod]:
    return report_services.periods_from_activities(actor=cast.dept, programme=phase2)


def report(code: str, period: ReportPeriod, state: str, reason: str = "") -> TambonReport:
    when = dt.datetime(2021, 8, 14, 10, 0, tzinfo=BANGKOK)
    made = TambonReport.objects.create(
        period=period, tambon_id=code, state=state, first_submitted_at=when, submitted_at=when
    )
    if reason:
        ReportTransition.objects.create(
            report=made,
            from_state=ReportState.SUBMITTED,
            to_state=state,
            actor_username="prov-a",
            reason=reason,
        )
    return made


def sections(waiting: Waiting) -> dict[str, tuple[int, list[str]]]:
    return {s.key: (s.count, [item.text for item in s.items]) for s in waiting.sections}


# Province -------------------------------------------------------------------------------------


def test_the_province_sees_the_reports_awaiting_approval_with_links(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, periods: list[ReportPeriod]
) -> None:
    submitted = report("420102", periods[0], ReportState.SUBMITTED)
    report("450102", periods[0], ReportState.SUBMITTED)  # Roi Et: not Loei's business

    waiting = waiting_for(actor=cast.prov_a, programme=phase2, today=LATE_AUGUST)

    [section] = [s for s in waiting.sections if s.key == "awaiting_approval"]
    assert section.count == 1
    [item] = section.items
    assert item.text == f"เมือง (district เมืองเลย): {periods[0].name}"
    assert item.url == f"/reports/{phase2.pk}/periods/{periods[0].pk}/tambons/420102/"
    assert item.note == "submitted on 14 Aug 2564 BE"
    assert submitted.tambon_id == "420102"


def test_the_province_sees_the_tambons_overdue_per_period(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    pair_more(cast, phase2, ["420103"], leaders=0)
    report("420103", periods[0], ReportState.APPROVED)

    waiting = waiting_for(actor=cast.prov_a, programme=phase2, today=LATE_AUGUST)

    count, texts = sections(waiting)["overdue"]
    assert count == 1
    assert texts == [f"{periods[0].name} (due 15 Aug 2564 BE): 1 tambon has not reported"]
    [item] = waiting.sections[-1].items
    assert item.note == "เมือง"
    assert item.url == f"/reports/{phase2.pk}/areas/42/?period={periods[0].pk}"


def test_a_province_with_nothing_to_do_has_an_empty_list(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    report("420102", periods[0], ReportState.APPROVED)

    assert waiting_for(actor=cast.prov_a, programme=phase2, today=LATE_AUGUST).empty
    assert waiting_for(actor=cast.prov_b, programme=phase2, today=LATE_AUGUST).empty


def test_no_programme_or_no_area_means_nothing_waits(cast: Cast, phase2: Programme) -> None:
    assert waiting_for(actor=cast.prov_a, programme=None).empty
    cast.prov_a.area_code = "4"  # not a province code: no scope
    assert waiting_for(actor=cast.prov_a, programme=phase2).empty


# District -------------------------------------------------------------------------------------


def test_the_district_sees_returned_reports_with_the_provinces_reason(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    report("420102", periods[0], ReportState.RETURNED, reason="ตัวเลขครัวเรือนไม่ตรงกับทะเบียน")

    waiting = waiting_for(actor=cast.dist_a1, programme=phase2, today=LATE_AUGUST)

    [section] = [s for s in waiting.sections if s.key == "returned"]
    [item] = section.items
    assert item.text == f"เมือง: {periods[0].name}"
    assert item.note == "ตัวเลขครัวเรือนไม่ตรงกับทะเบียน"
    assert item.url == f"/reports/{phase2.pk}/periods/{periods[0].pk}/tambons/420102/"
    # Another district of the same province has nothing returned.
    assert "returned" not in sections(
        waiting_for(actor=cast.dist_a2, programme=phase2, today=LATE_AUGUST)
    )


def test_the_district_sees_what_it_still_has_to_do(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 12)
    workshop_services.save_record(
        actor=cast.dist_a1,
        activity=phase2.activities.get(number=1),
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "done", "participants": 15},
    )

    found = sections(waiting_for(actor=cast.dist_a1, programme=phase2, today=LATE_AUGUST))

    assert found["overdue"] == (1, [f"เมือง: {periods[0].name}"])
    # Activity 1 is done; activity 2 is due on 31 Aug, within 14 days; 3 and 4 are further off.
    assert found["activities"] == (1, ["เมือง: activity 2. กิจกรรมที่ 2"])
    assert found["leaders"] == (1, ["เมือง: 12 of 15 leaders registered"])
    # Loei's quota is 3 and one tambon is paired: two more may be paired.
    assert found["to_pair"] == (2, ["2 more younger tambons may be paired"])


def test_the_district_quota_caps_what_is_left_to_pair(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    programme_services.set_district_quotas(
        actor=cast.prov_a, programme=phase2, quotas={tambon("420102").district: 1}
    )

    found = sections(waiting_for(actor=cast.dist_a1, programme=phase2, today=LATE_AUGUST))

    assert "to_pair" not in found


def test_an_activity_past_its_due_date_is_marked_overdue(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    waiting = waiting_for(actor=cast.dist_a1, programme=phase2, today=dt.date(2021, 9, 20))

    [section] = [s for s in waiting.sections if s.key == "activities"]
    assert [item.note for item in section.items] == [
        "overdue since 15 Aug 2564 BE",
        "overdue since 31 Aug 2564 BE",
        "due on 30 Sep 2564 BE",
        "due on 30 Sep 2564 BE",
    ]
    assert section.items[0].url == (
        f"/workshops/activities/{phase2.activities.get(number=1).pk}/tambons/420102/"
    )


def test_a_long_list_shows_the_first_items_and_links_to_the_rest(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    pair_more(cast, phase2, ["420103", "420104"], leaders=0)

    waiting = waiting_for(actor=cast.dist_a1, programme=phase2, today=dt.date(2021, 9, 20))

    [section] = [s for s in waiting.sections if s.key == "activities"]
    assert section.count == 12  # 4 activities x 3 tambons
    assert len(section.items) == SHOWN
    assert section.more == 12 - SHOWN
    assert section.more_url == f"/workshops/{phase2.pk}/timeline/4201/"


# Department and tambon ------------------------------------------------------------------------


def test_the_department_sees_the_provinces_furthest_behind_first(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair
) -> None:
    add_leaders(cast.dist_b1, phase2, "450102", 15)  # Roi Et: 15 of 30 leaders
    add_leaders(cast.dist_a1, phase2, "420102", 5)  # Loei: 5 of 45 leaders

    for actor in (cast.dept, cast.viewer):
        waiting = waiting_for(actor=actor, programme=phase2, today=LATE_AUGUST)
        [section] = waiting.sections
        assert section.key == "provinces_behind"
        assert [item.text for item in section.items] == [
            "เลย: 1 of 3 tambons selected, 5 of 45 leaders registered",
            "ร้อยเอ็ด: 1 of 2 tambons selected, 15 of 30 leaders registered",
        ]
        assert section.items[0].url == f"/areas/42/?programme={phase2.pk}"


def test_a_tambon_leader_sees_the_activities_of_their_own_tambon(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    found = sections(waiting_for(actor=cast.leader_a1, programme=phase2, today=LATE_AUGUST))

    assert found == {
        "activities": (2, ["เมือง: activity 1. กิจกรรมที่ 1", "เมือง: activity 2. กิจกรรมที่ 2"])
    }


# Queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["prov_a", "dist_a1", "dept"])
def test_the_list_takes_the_same_queries_for_more_tambons(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    periods: list[ReportPeriod],
    who: str,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    actor = getattr(cast, who)
    today = dt.date(2021, 9, 5)  # periods 1 and 2 are due; 420102 reported only the first
    report("420102", periods[0], ReportState.SUBMITTED)
    with CaptureQueriesContext(connection) as small:
        waiting_for(actor=actor, programme=phase2, today=today)
    codes = ["420103", "420104", "420105", "420106", "420107"]
    pair_more(cast, phase2, codes, leaders=2)
    for code in codes[:3]:
        report(code, periods[0], ReportState.SUBMITTED)
    report(codes[3], periods[0], ReportState.RETURNED, reason="แก้ไข")

    with django_assert_max_num_queries(len(small)):
        waiting_for(actor=actor, programme=phase2, today=today)
    assert len(small) <= 15


# The landing pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "landing"),
    [("dept", "/areas/"), ("prov_a", "/areas/42/"), ("dist_a1", "/areas/4201/")],
)
def test_each_landing_page_starts_with_the_list_and_every_link_opens(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    periods: list[ReportPeriod],
    who: str,
    landing: str,
) -> None:
    report("420102", periods[0], ReportState.SUBMITTED)
    client = english(client_for(getattr(cast, who)))

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == landing
    waiting = response.context["waiting"]
    assert not waiting.empty
    assert 'id="waiting"' in response.content.decode()
    assert "Waiting for me" in response.content.decode()
    urls = {item.url for s in waiting.sections for item in s.items}
    urls |= {s.more_url for s in waiting.sections if s.more_url}
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_landing_page_says_when_nothing_waits(cast: Cast, phase2: Programme) -> None:
    # Roi Et has a quota but nothing paired, and no reporting period yet.
    response = english(client_for(cast.prov_b)).get("/areas/45/")

    html = response.content.decode()
    assert 'id="waiting-none"' in html
    assert "Nothing is waiting for you" in html


def test_another_areas_page_has_no_list(cast: Cast, phase2: Programme, pair_a1: Pair) -> None:
    response = client_for(cast.prov_a).get("/areas/4201/")

    assert response.status_code == 200
    assert "waiting" not in response.context
    assert 'id="waiting"' not in response.content.decode()


def test_the_landing_page_of_another_province_is_not_found(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    assert client_for(cast.prov_b).get("/areas/42/").status_code == 404
    assert client_for(cast.dist_b1).get("/areas/4201/").status_code == 404


def test_the_tambon_leaders_landing_page_lists_their_activities(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    response = english(client_for(cast.leader_a1)).get("/areas/420102/")

    waiting = response.context["waiting"]
    assert [s.key for s in waiting.sections] == ["activities"]
    for item in waiting.sections[0].items:
        assert client_for(cast.leader_a1).get(item.url).status_code == 200
    assert timezone.localdate() > dt.date(2021, 9, 30)  # every activity is overdue by now
