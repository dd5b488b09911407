"""A younger tambon's checklist: its steps, the next one, links inside the area, and query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, add_leaders, client_for, tambon
from phinong.dashboards.checklist import DONE, NOT_DUE, STEPS, TODO, checklists
from phinong.dashboards.tests.test_views import english, pair_more
from phinong.geo import services as geo_services
from phinong.lessons import services as lesson_services
from phinong.programmes.models import Pair, Programme
from phinong.reports import services as report_services
from phinong.reports.models import ReportState, TambonReport
from phinong.workshops import services as workshop_services

AFTER_THE_PROGRAMME = dt.date(2021, 10, 15)


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Labels and figures as the source writes them (Thai digits are the formatter's own test)."""
    with translation.override("en"):
        yield


def states(checklist: object) -> dict[str, str]:
    return {step.key: step.state for step in checklist.steps}  # type: ignore[attr-defined]


def complete_everything(cast: Cast, programme: Programme, code: str) -> None:
    """15 leaders, a village, the workshop attended by all, activities done, reports approved,
    lessons learned published."""
    leaders = add_leaders(cast.dist_a1, programme, code, programme.leaders_per_tambon)
    geo_services.add_village(actor=cast.dist_a1, tambon=tambon(code), moo=1, name_th="บ้านนา")
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=programme,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
        tambons=[tambon(code)],
    )
    for day in (1, 2):
        workshop_services.set_attendance(
            actor=cast.dist_a1, workshop=workshop, day=day, present={m.pk for m in leaders}
        )
    for activity in programme.activities.all():
        workshop_services.save_record(
            actor=cast.dist_a1,
            activity=activity,
            tambon=tambon(code),
            expected_version=0,
            values={"status": "done", "participants": 15},
        )
    for period in report_services.periods_from_activities(actor=cast.dept, programme=programme):
        TambonReport.objects.create(period=period, tambon_id=code, state=ReportState.APPROVED)
    lesson = lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=programme,
        tambon=tambon(code),
        expected_version=0,
        values={"results": "ครัวเรือนลดรายจ่าย"},
    )
    lesson_services.publish(actor=cast.dept, lesson=lesson, expected_version=lesson.version)


def test_a_newly_paired_tambon_is_told_to_register_its_leaders_next(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    found = checklists(actor=cast.dist_a1, programme=phase2, codes=["420102"])

    checklist = found["420102"]
    assert [step.key for step in checklist.steps] == [step.key for step in STEPS]
    assert states(checklist) == {
        "paired": DONE,
        "leaders": TODO,
        "villages": TODO,
        "workshop": TODO,
        "activities": TODO,
        "reports": NOT_DUE,  # no reporting periods yet
        "lessons": NOT_DUE,  # its activities are not done yet
    }
    assert checklist.next_step is not None
    assert checklist.next_step.key == "leaders"
    assert checklist.next_step.detail == "0/15"
    assert checklist.next_step.url == f"/register/{phase2.pk}/tambons/420102/"
    assert (checklist.done_count, checklist.total) == (1, 5)


def test_a_tambon_that_did_everything_has_every_step_ticked(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    complete_everything(cast, phase2, "420102")

    checklist = checklists(
        actor=cast.dist_a1, programme=phase2, codes=["420102"], today=AFTER_THE_PROGRAMME
    )["420102"]

    assert set(states(checklist).values()) == {DONE}
    assert checklist.complete
    assert {step.key: step.detail for step in checklist.steps}["reports"] == "4/4"


def test_a_leader_missing_one_workshop_day_leaves_the_workshop_step_open(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    leaders = add_leaders(cast.dist_a1, phase2, "420102", 2)
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
        tambons=[tambon("420102")],
    )
    workshop_services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=1, present={m.pk for m in leaders}
    )
    workshop_services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=2, present={leaders[0].pk}
    )

    checklist = checklists(actor=cast.dist_a1, programme=phase2, codes=["420102"])["420102"]

    workshop_step = {step.key: step for step in checklist.steps}["workshop"]
    assert (workshop_step.state, workshop_step.detail) == (TODO, "1/2")
    assert workshop_step.url == f"/workshops/w/{workshop.pk}/"


def test_the_next_report_step_opens_the_first_report_not_approved(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    periods = report_services.periods_from_activities(actor=cast.dept, programme=phase2)
    TambonReport.objects.create(period=periods[0], tambon_id="420102", state=ReportState.APPROVED)
    TambonReport.objects.create(period=periods[1], tambon_id="420102", state=ReportState.SUBMITTED)

    checklist = checklists(
        actor=cast.dist_a1, programme=phase2, codes=["420102"], today=dt.date(2021, 9, 5)
    )["420102"]

    reports = {step.key: step for step in checklist.steps}["reports"]
    assert (reports.state, reports.detail) == (TODO, "1/2")  # two periods due by 5 Sep
    assert reports.url == f"/reports/{phase2.pk}/periods/{periods[1].pk}/tambons/420102/"


def test_a_tambon_leader_gets_no_link_to_the_district_pairing_page(
    cast: Cast, phase2: Programme
) -> None:
    for_leader = checklists(actor=cast.leader_a1, programme=phase2, codes=["420102"])["420102"]
    for_district = checklists(actor=cast.dist_a1, programme=phase2, codes=["420102"])["420102"]

    assert for_leader.next_step is not None and for_leader.next_step.key == "paired"
    assert for_leader.next_step.url == ""  # the district's page is outside the leader's area
    assert for_district.next_step is not None
    assert for_district.next_step.url == f"/programmes/{phase2.pk}/districts/4201/"
    # Before the tambon is paired, its later steps link nowhere.
    assert all(step.url == "" for step in for_district.steps[1:])


def test_it_leaves_out_the_tambons_outside_the_actors_area(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair
) -> None:
    found = checklists(actor=cast.dist_b1, programme=phase2, codes=["420102", "450102"])

    assert list(found) == ["450102"]


def test_the_checklists_take_the_same_queries_for_one_tambon_or_many(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    complete_everything(cast, phase2, "420102")

    with CaptureQueriesContext(connection) as one:
        checklists(actor=cast.dist_a1, programme=phase2, codes=["420102"])
    pair_more(cast, phase2, ["420103", "420104", "420105", "420106", "420107"], leaders=3)
    codes = ["420102", "420103", "420104", "420105", "420106", "420107"]
    with django_assert_max_num_queries(len(one)):
        found = checklists(actor=cast.dist_a1, programme=phase2, codes=codes)
    assert len(found) == 6
    assert len(one) <= 10


# The pages ---------------------------------------------------------------------------------------


def test_the_tambon_page_shows_the_checklist_with_words_and_the_next_step(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 3)

    response = english(client_for(cast.dist_a1)).get("/areas/420102/")

    html = response.content.decode()
    assert 'id="checklist"' in html
    assert "✓" in html and "✗" in html
    assert "not done" in html and "done" in html  # words, not colour alone
    assert "15 leaders registered" in html
    assert f'href="/register/{phase2.pk}/tambons/420102/">Register the leaders</a>' in html


def test_the_page_of_a_tambon_outside_the_programme_has_no_checklist(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    response = client_for(cast.dist_a1).get("/areas/420105/")

    assert response.status_code == 200
    assert "checklist" not in response.context or response.context.get("checklist") is None
    assert 'id="checklist"' not in response.content.decode()


def test_the_district_pages_show_a_checklist_column(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = english(client_for(cast.dist_a1))

    for url in ("/areas/4201/", f"/programmes/{phase2.pk}/districts/4201/"):
        html = client.get(url).content.decode()
        assert "<th>Checklist</th>" in html, url
        assert "1 of 5 steps" in html, url
        assert "Next step" in html, url


def test_the_district_pages_answer_in_the_same_queries_for_more_tambons(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(cast.dist_a1)
    urls = ("/areas/4201/", f"/programmes/{phase2.pk}/districts/4201/")
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        before[url] = len(captured)
    pair_more(cast, phase2, ["420103", "420104", "420105", "420106"], leaders=2)
    for url in urls:
        with django_assert_max_num_queries(before[url]):
            assert client.get(url).status_code == 200


def test_the_checklist_pages_of_another_province_are_not_found(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.dist_b1)

    assert client.get("/areas/420102/").status_code == 404
    assert client.get("/areas/4201/").status_code == 404
    assert client.get(f"/programmes/{phase2.pk}/districts/4201/").status_code == 404


def test_an_unpaired_programme_asks_for_the_tambon_to_be_selected(
    cast: Cast, phase1: Programme
) -> None:
    checklist = checklists(actor=cast.dist_a1, programme=phase1, codes=["420101"])["420101"]

    paired = checklist.steps[0]
    assert (paired.key, paired.state, paired.label) == (
        "paired",
        DONE,
        "Selected for the programme",
    )
