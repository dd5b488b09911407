"""Workshops, attendance and the activity timeline: rules, scoping and lost updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import Cast, client_for, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.workshops import selectors, services
from phinong.workshops.models import ActivityRecord, Attendance, Workshop


def test_a_workshop_invites_only_tambons_of_the_programme_in_the_district(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    values = {"title": "x", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"}
    with pytest.raises(ValidationError):
        services.create_workshop(
            actor=cast.dist_a1, programme=phase2, values=values, tambons=[tambon("420105")]
        )
    with pytest.raises(Exception):  # noqa: B017 - 404 for another district's tambon
        services.create_workshop(
            actor=cast.dist_a1, programme=phase2, values=values, tambons=[tambon("450102")]
        )
    with pytest.raises(PermissionDenied):
        services.create_workshop(
            actor=cast.prov_a, programme=phase2, values=values, tambons=[tambon("420102")]
        )


def test_ticking_attendance_adds_and_removes_and_completion_needs_every_day(
    cast: Cast, workshop: Workshop, leaders: list[Member]
) -> None:
    everyone = {m.pk for m in leaders}
    assert services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=1, present=everyone
    ) == (15, 0)
    day2 = everyone - {leaders[0].pk}
    assert services.set_attendance(actor=cast.dist_a1, workshop=workshop, day=2, present=day2) == (
        14,
        0,
    )
    assert services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=2, present=day2 - {leaders[1].pk}
    ) == (0, 1)

    attended = selectors.days_attended(workshop)
    completed = [m for m in leaders if len(attended[m.pk]) >= workshop.required_days]
    assert len(completed) == 13
    assert AuditEvent.objects.filter(action="workshop.attendance").count() == 3

    workshop.days_to_complete = 1
    assert workshop.required_days == 1


def test_attendance_refuses_people_outside_the_workshop(
    cast: Cast, workshop: Workshop, phase2: Programme, pair_b1: Pair
) -> None:
    from conftest import add_leaders

    [stranger] = add_leaders(cast.dist_b1, phase2, "450102", 1)
    with pytest.raises(ValidationError):
        services.set_attendance(actor=cast.dist_a1, workshop=workshop, day=1, present={stranger.pk})
    with pytest.raises(ValidationError):
        services.set_attendance(actor=cast.dist_a1, workshop=workshop, day=3, present=set())
    assert not Attendance.objects.exists()


def test_the_timeline_shows_each_status_and_what_is_overdue(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    first = phase2.activities.get(number=1)
    services.save_record(
        actor=cast.dist_a1,
        activity=first,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "done", "participants": 15},
    )
    _activities, rows = selectors.timeline(phase2, "4201", today=dt.date(2021, 9, 1))
    [(code, cells)] = rows
    assert code == "420102"
    assert [(c.status, c.overdue) for c in cells] == [
        ("done", False),
        ("not_started", True),  # activity 2 was due on 31 Aug
        ("not_started", False),
        ("not_started", False),
    ]


def test_a_record_saved_meanwhile_is_a_conflict(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    activity = phase2.activities.get(number=1)
    record = services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "in_progress", "participants": 5},
    )
    services.save_record(
        actor=cast.leader_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=record.version,
        values={"status": "done", "participants": 15},
    )
    with pytest.raises(ConflictError):
        services.save_record(
            actor=cast.dist_a1,
            activity=activity,
            tambon=tambon("420102"),
            expected_version=record.version,
            values={"status": "in_progress", "participants": 6},
        )
    assert ActivityRecord.objects.get().participants == 15


def test_the_bulk_tick_page_saves_a_day(
    cast: Cast, workshop: Workshop, leaders: list[Member]
) -> None:
    client = client_for(cast.dist_a1)
    url = reverse("workshops:attendance", args=[workshop.pk, 1])
    page = client.get(url).content.decode()
    assert page.count('name="present"') == 15
    client.post(url, {"present": [m.pk for m in leaders[:12]]})
    assert Attendance.objects.filter(day=1).count() == 12


def urls(workshop: Workshop, phase2: Programme) -> list[str]:
    activity = phase2.activities.get(number=1)
    return [
        reverse("workshops:detail", args=[workshop.pk]),
        reverse("workshops:attendance", args=[workshop.pk, 1]),
        reverse("workshops:import", args=[workshop.pk, 1]),
        reverse("workshops:timeline", args=[phase2.pk, "4201"]),
        reverse("workshops:record", args=[activity.pk, "420102"]),
    ]


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_every_workshop_url_is_404_outside_the_area(
    cast: Cast, workshop: Workshop, phase2: Programme, who: str
) -> None:
    client = client_for(getattr(cast, who))
    for url in urls(workshop, phase2):
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"present": [], "status": "done", "participants": "1"}).status_code
            == 404
        ), url
    assert not Attendance.objects.exists() and not ActivityRecord.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a"])
def test_every_workshop_write_is_403_for_a_role_that_only_reads(
    cast: Cast, workshop: Workshop, phase2: Programme, leaders: list[Member], who: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 200
    assert (
        client.post(
            reverse("workshops:attendance", args=[workshop.pk, 1]), {"present": [leaders[0].pk]}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("workshops:import", args=[workshop.pk, 1]), {"apply": "1"}).status_code
        == 403
    )
    activity = phase2.activities.get(number=1)
    assert (
        client.post(
            reverse("workshops:record", args=[activity.pk, "420102"]),
            {"status": "done", "participants": "1"},
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("workshops:create", args=[phase2.pk]), {"title": "x"}).status_code
        == 403
    )
    assert not Attendance.objects.exists() and not ActivityRecord.objects.exists()


def test_a_tambon_leader_records_their_own_tambons_activity(
    cast: Cast, phase2: Programme, pair_a1: Pair, settings: Any
) -> None:
    activity = phase2.activities.get(number=1)
    url = reverse("workshops:record", args=[activity.pk, "420102"])
    response = client_for(cast.leader_a1).post(
        url,
        {
            "status": "done",
            "participants": "๑๕",
            "started_on": "10/08/2564",
            "finished_on": "12/08/2564",
            "version": "0",
        },
    )
    assert response.status_code == 302
    record = ActivityRecord.objects.get()
    assert (record.participants, record.started_on) == (15, dt.date(2021, 8, 10))


def test_a_zoom_report_is_matched_then_confirmed_by_the_district(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import person
    from phinong.register import services as register

    names = [("นาย", "สมชาย", "ใจดี"), ("นาง", "บุญเรือน", "แก้วมณี"), ("นาย", "สมชาย", "ใจงาม")]
    people = [
        register.add_member(
            actor=cast.dist_a1,
            programme=phase2,
            role="leader",
            tambon=tambon("420102"),
            data=person(title=t, first_name=f, last_name=last, sex="M" if t == "นาย" else "F"),
        )
        for t, f, last in names
    ]
    workshop = services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        tambons=[tambon("420102")],
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
    )
    report = (
        "\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"
        "นายสมชาย ใจดี (แดง) ต.เมือง,,08/20/2021 09:00:00 AM,08/20/2021 12:00:00 PM,180,Yes\r\n"
        "บุญเรือน แกวมณี,,08/20/2021 09:00:00 AM,08/20/2021 12:00:00 PM,180,Yes\r\n"
        "สมชาย,,08/20/2021 09:00:00 AM,08/20/2021 12:00:00 PM,180,Yes\r\n"
        "Host CDD,,08/20/2021 09:00:00 AM,08/20/2021 12:00:00 PM,180,No\r\n"
    ).encode()
    client = client_for(cast.dist_a1)
    url = reverse("workshops:import", args=[workshop.pk, 1])

    page = client.post(url, {"file": SimpleUploadedFile("participants.csv", report)})

    matching = page.context["matching"]
    assert {(a.name, leader.id) for a, leader, _s in matching.matched} == {
        ("นายสมชาย ใจดี (แดง) ต.เมือง", people[0].pk),
        ("บุญเรือน แกวมณี", people[1].pk),
    }
    assert [(a.name, sorted(c.id for c in cands)) for a, cands in matching.ambiguous] == [
        ("สมชาย", sorted([people[0].pk, people[2].pk]))
    ]
    assert [a.name for a in matching.unmatched] == ["Host CDD"]
    assert not Attendance.objects.exists()  # nothing until the district confirms

    client.post(
        url,
        {
            "apply": "1",
            "platform": "zoom",
            "who-m1": people[0].pk,
            "who-m2": people[1].pk,
            "who-a1": "",
        },
    )
    assert set(Attendance.objects.values_list("member_id", "day", "source")) == {
        (people[0].pk, 1, "zoom"),
        (people[1].pk, 1, "zoom"),
    }


# Dates far outside the programme --------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2057, 8, 20), dt.date(1957, 8, 20), dt.date(2020, 7, 31)])
def test_it_refuses_a_workshop_far_outside_the_programmes_period(
    cast: Cast, phase2: Programme, pair_a1: Pair, day: dt.date
) -> None:
    values = {"title": "x", "starts_on": day, "days": 2, "mode": "online"}
    with pytest.raises(ValidationError) as refused:
        services.create_workshop(
            actor=cast.dist_a1, programme=phase2, values=values, tambons=[tambon("420102")]
        )
    message = refused.value.message_dict["starts_on"][0]
    assert "๒๕๖๓" in message and "๒๕๖๕" in message  # 1 Aug 2020 to 30 Sep 2022, in B.E.
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2020, 8, 1), dt.date(2022, 9, 30)])
def test_a_workshop_a_year_either_side_of_the_programme_is_accepted(
    cast: Cast, phase2: Programme, pair_a1: Pair, day: dt.date
) -> None:
    values = {"title": "x", "starts_on": day, "days": 2, "mode": "online"}
    services.create_workshop(
        actor=cast.dist_a1, programme=phase2, values=values, tambons=[tambon("420102")]
    )
    assert Workshop.objects.get().starts_on == day


def test_it_refuses_an_activity_record_dated_far_outside_the_programme(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_record(
            actor=cast.dist_a1,
            activity=phase2.activities.get(number=1),
            tambon=tambon("420102"),
            expected_version=0,
            values={
                "status": "done",
                "participants": 5,
                "started_on": dt.date(2021, 8, 10),
                "finished_on": dt.date(2057, 8, 12),
            },
        )
    assert set(refused.value.message_dict) == {"finished_on"}
    assert not ActivityRecord.objects.exists()


def test_the_record_form_says_which_dates_are_allowed_and_keeps_the_typing(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    activity = phase2.activities.get(number=1)
    url = reverse("workshops:record", args=[activity.pk, "420102"])
    response = client_for(cast.dist_a1).post(
        url,
        {"status": "done", "participants": "15", "started_on": "10/08/2600", "version": "0"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["started_on"]
    assert any("๒๕๖๓" in e and "๒๕๖๕" in e for e in errors)
    assert "10/08/2600" in response.content.decode()
    assert not ActivityRecord.objects.exists()


# Queries: the pages of deadline day read each thing once ------------------------------------


def test_the_attendance_page_makes_the_same_few_queries_however_many_leaders(
    cast: Cast, workshop: Workshop, leaders: list[Member], django_assert_num_queries: Any
) -> None:
    """Session, user (with its unread count), workshop, and the participants with whether
    each attended that day."""
    from conftest import add_leaders
    from phinong.geo.models import Province
    from phinong.programmes import services as programme_services

    client = client_for(cast.dist_a1)
    services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=1, present={m.pk for m in leaders[:3]}
    )
    services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=2, present={m.pk for m in leaders}
    )
    with django_assert_num_queries(4):
        page = client.get(reverse("workshops:attendance", args=[workshop.pk, 1])).content
    assert page.decode().count('name="present"') == 15
    assert page.decode().count(" checked>") == 3  # day 2's ticks are not day 1's

    programme = workshop.programme
    programme_services.set_province_quota(
        actor=cast.dept, programme=programme, province=Province.objects.get(code="42"), tambons=4
    )
    programme_services.create_pair(
        actor=cast.dist_a1, programme=programme, younger=tambon("420103"), elder=tambon("420101")
    )
    more = add_leaders(cast.dist_a1, programme, "420103", 15)
    bigger = services.create_workshop(
        actor=cast.dist_a1,
        programme=programme,
        values={"title": "ทบทวน", "starts_on": dt.date(2021, 9, 1), "days": 1, "mode": "online"},
        tambons=[tambon("420102"), tambon("420103")],
    )
    services.set_attendance(
        actor=cast.dist_a1, workshop=bigger, day=1, present={m.pk for m in more[:7]}
    )
    with django_assert_num_queries(4):
        page = client.get(reverse("workshops:attendance", args=[bigger.pk, 1])).content
    assert page.decode().count('name="present"') == 30
    assert page.decode().count(" checked>") == 7


def test_the_activity_record_makes_the_same_few_queries_however_many_partners(
    cast: Cast, phase2: Programme, pair_a1: Pair, django_assert_num_queries: Any
) -> None:
    """Session, user (with its unread count), the activity with its programme (in the actor's
    reach), tambon, partners (marking those the record names), record, evidence and history."""
    from phinong.partners import services as partner_services

    def partner(name: str) -> Any:
        return partner_services.create_partner(
            actor=cast.dist_a1, data={"name": name, "kind": "temple"}, tambons=[tambon("420102")]
        )

    activity = phase2.activities.get(number=1)
    first = partner("วัดศรีสุทธาวาส")
    services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "in_progress", "participants": 5},
        partners=[first],
    )
    client = client_for(cast.dist_a1)
    url = reverse("workshops:record", args=[activity.pk, "420102"])
    with django_assert_num_queries(8):
        page = client.get(url)
    assert len(page.context["form"].fields["partners"].choices) == 1

    for name in ("วัดป่า", "โรงเรียนบ้านนาโป่ง", "ร้านค้าชุมชน"):
        partner(name)
    with django_assert_num_queries(8):
        page = client.get(url)
    assert len(page.context["form"].fields["partners"].choices) == 4
    assert page.context["form"].initial["partners"] == [str(first.pk)]


def test_ticking_attendance_on_the_page_refreshes_the_tally_once_in_few_queries(
    cast: Cast, workshop: Workshop, leaders: list[Member], django_assert_max_num_queries: Any
) -> None:
    """Session, user, workshop, participants, the day's attendance, the rows ticked and
    unticked, the tally's workshop figure (read, updated), the pages' version and the audit;
    whatever the number of rows unticked (each used to refresh the whole tally)."""
    from phinong.dashboards.models import TambonTally

    client = client_for(cast.dist_a1)
    url = reverse("workshops:attendance", args=[workshop.pk, 1])
    for day in (1, 2):
        services.set_attendance(
            actor=cast.dist_a1, workshop=workshop, day=day, present={m.pk for m in leaders}
        )
    assert TambonTally.objects.get(tambon_id="420102").workshop_done == 15

    with django_assert_max_num_queries(15):  # PostgreSQL: and the tambon's lock
        response = client.post(url, {"present": [str(m.pk) for m in leaders[5:]]})
    assert response.status_code == 302
    assert set(selectors.present_on(workshop, 1)) == {m.pk for m in leaders[5:]}
    assert TambonTally.objects.get(tambon_id="420102").workshop_done == 10


def test_saving_an_activity_record_on_the_page_makes_few_queries(
    cast: Cast, phase2: Programme, pair_a1: Pair, django_assert_max_num_queries: Any
) -> None:
    """Session, user, activity, tambon, partners, the programme's tambons, the locked record,
    its update and reread, its partners, the tally's activity bits (read, updated), the pages'
    version and the audit, in a savepoint: the page is not read again before the redirect."""
    from phinong.dashboards.models import TambonTally

    activity = phase2.activities.get(number=1)
    saved = services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "in_progress", "participants": 5},
    )
    client = client_for(cast.dist_a1)
    url = reverse("workshops:record", args=[activity.pk, "420102"])
    posted = {"status": "done", "participants": "15", "version": str(saved.version)}
    with django_assert_max_num_queries(19):  # PostgreSQL: and the tambon's lock
        response = client.post(url, posted)
    assert response.status_code == 302
    assert TambonTally.objects.get(tambon_id="420102").activities_done == 1 << 1
    event = AuditEvent.objects.filter(action="activity.record").latest("pk")
    assert event.object_label == str(ActivityRecord.objects.get())


def test_the_activity_record_of_a_draft_programme_is_404_outside_the_department(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    from phinong.programmes.models import ProgrammeStatus

    url = reverse("workshops:record", args=[phase2.activities.get(number=1).pk, "420102"])
    assert client_for(cast.dist_a1).get(url).status_code == 200
    phase2.status = ProgrammeStatus.DRAFT
    phase2.save(update_fields=["status"])
    assert client_for(cast.dist_a1).get(url).status_code == 404
    assert client_for(cast.dept).get(url).status_code == 200
