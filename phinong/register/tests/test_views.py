"""The register pages: a tambon's list with its progress, adding, editing and removing leaders and
mentors, masking, the history, and scoping on every URL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import Cast, add_leaders, client_for, person, tambon
from phinong.audit.models import AuditEvent
from phinong.lib.national_id import formatted, masked
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme
from phinong.register import services
from phinong.register.models import Member, MemberRole
from phinong.register.urls import urlpatterns

OFFICE_IP = "203.0.113.7"
NID = "3100600012348"


def english(client: Client) -> Client:
    """Pages in English, so that the tests read the source text and not a translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    """What the member form posts: every field as text, the way a browser sends it."""
    data = person(**overrides)
    return {
        "title": data["title"],
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "national_id": data["national_id"],
        "sex": data["sex"],
        "birth_date": data.get("birth_date", ""),
        "age": str(data.get("age") or ""),
        "phone": data["phone"],
        "position": data["position"],
        "leader_type": data["leader_type"],
        "village": "",
        "version": str(data.get("version", "")),
    }


def form_errors(response: Any, field: str | None = None) -> list[str]:
    form = response.context["form"]
    return list(form.non_field_errors() if field is None else form.errors.get(field, []))


def register_url(programme: Programme, code: str) -> str:
    return f"/register/{programme.pk}/tambons/{code}/"


def leader(actor: Any, programme: Programme, code: str, **data: Any) -> Member:
    return services.add_member(
        actor=actor,
        programme=programme,
        role=MemberRole.LEADER,
        tambon=tambon(code),
        data=person(**data),
    )


def mentor(actor: Any, pair: Pair, **data: Any) -> Member:
    return services.add_member(
        actor=actor,
        programme=pair.programme,
        role=MemberRole.MENTOR,
        pair=pair,
        data=person(**data),
    )


def text(response: Any) -> str:
    return response.content.decode()


# The tambon's register -----------------------------------------------------------------------


def test_the_register_shows_the_leaders_and_the_progress_in_thai_digits(
    cast: Cast, pair_a1: Pair
) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 15)

    response = client_for(cast.dist_a1).get(register_url(pair_a1.programme, "420102"))

    assert response.status_code == 200
    assert 'class="badge done" id="leader-progress">๑๕/๑๕<' in text(response)
    assert len(response.context["leaders"]) == 15
    assert "กุดป่อง" in text(response)  # the elder tambon that coaches it


def test_the_progress_is_partial_and_in_arabic_digits_in_english(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 12)

    response = english(client_for(cast.dist_a1)).get(register_url(pair_a1.programme, "420102"))

    assert 'class="badge partial" id="leader-progress">12/15<' in text(response)


def test_an_empty_register_says_so(cast: Cast, pair_a1: Pair) -> None:
    response = english(client_for(cast.dist_a1)).get(register_url(pair_a1.programme, "420102"))
    assert 'class="badge empty" id="leader-progress">0/15<' in text(response)
    assert "Nobody registered yet." in text(response)


# Adding leaders ------------------------------------------------------------------------------


def test_a_district_officer_adds_a_leader_with_a_thai_digit_id(cast: Cast, pair_a1: Pair) -> None:
    client = client_for(cast.dist_a1)
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        form_data(national_id="๓-๑๐๐๖-๐๐๐๑๒-๓๔-๘", age="๔๕", first_name="บุญเรือน"),
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 302
    assert response["Location"] == register_url(pair_a1.programme, "420102")
    member = Member.objects.get()
    assert member.national_id == NID
    assert member.age == 45
    assert member.first_name == "บุญเรือน"
    event = AuditEvent.objects.get(action="leader.create")
    assert event.origin == OFFICE_IP
    assert event.actor == cast.dist_a1


def test_register_and_add_another_returns_to_the_form(cast: Cast, pair_a1: Pair) -> None:
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"
    response = client_for(cast.dist_a1).post(url, form_data() | {"again": "1"})
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_birth_date_in_be_is_read_from_the_form(cast: Cast, pair_a1: Pair) -> None:
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"
    response = client_for(cast.dist_a1).post(url, form_data(age="", birth_date="๓๑/๐๘/๒๕๑๐"))
    assert response.status_code == 302
    assert Member.objects.get().birth_date == dt.date(1967, 8, 31)


def test_a_bad_check_digit_is_shown_on_the_national_id_field(cast: Cast, pair_a1: Pair) -> None:
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"

    response = english(client_for(cast.dist_a1)).post(url, form_data(national_id="3100600012345"))

    assert response.status_code == 200
    errors = form_errors(response, "national_id")
    assert len(errors) == 1
    assert "3-1006-00012-34-5" in errors[0]
    assert "check digit" in errors[0]
    assert not Member.objects.exists()


def test_the_16th_leader_is_refused_on_the_page(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 15)
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"

    response = english(client_for(cast.dist_a1)).post(url, form_data())

    assert response.status_code == 200
    assert form_errors(response) == [
        "Tambon เมือง already has 15 of 15 leaders; no more can be added."
    ]
    assert Member.objects.filter(tambon_id="420102").count() == 15


def test_the_16th_leader_message_has_thai_digits_in_thai(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 15)
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"

    response = client_for(cast.dist_a1).post(url, form_data())

    (message,) = form_errors(response)
    assert "๑๕" in message
    assert "เมือง" in message
    assert "15" not in message


def test_a_duplicate_in_the_area_names_the_tambon_and_the_person(cast: Cast, pair_a1: Pair) -> None:
    programme = pair_a1.programme
    programme_services.create_pair(
        actor=cast.dist_a1, programme=programme, younger=tambon("420103"), elder=tambon("420101")
    )
    leader(
        cast.dist_a1, programme, "420103", national_id=NID, first_name="พิมพ์ลดา", last_name="วงศ์สวัสดิ์"
    )
    url = f"{register_url(programme, '420102')}leaders/new/"

    response = english(client_for(cast.dist_a1)).post(url, form_data(national_id=NID))

    (message,) = form_errors(response, "national_id")
    assert "already registered" in message
    assert "พิมพ์ลดา วงศ์สวัสดิ์" in message
    assert "tambon นาอ้อ" in message
    assert Member.objects.count() == 1


@pytest.mark.parametrize("language", ["en", "th"])
def test_a_duplicate_outside_the_area_discloses_no_place_and_no_name(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, language: str
) -> None:
    leader(
        cast.dist_b1,
        pair_b1.programme,
        "450102",
        national_id=NID,
        first_name="พิมพ์ลดา",
        last_name="วงศ์สวัสดิ์",
    )
    client = client_for(cast.dist_a1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"

    response = client.post(url, form_data(national_id=NID))

    assert response.status_code == 200
    assert len(form_errors(response, "national_id")) == 1
    page = text(response)
    for secret in ("รอบเมือง", "ร้อยเอ็ด", "4501", "450102", "พิมพ์ลดา", "วงศ์สวัสดิ์"):
        assert secret not in page, secret
    if language == "en":
        assert form_errors(response, "national_id") == [
            "This national ID is already registered in this programme."
        ]
    assert Member.objects.filter(national_id=NID).count() == 1


def test_the_same_id_in_another_programme_is_allowed(
    cast: Cast, phase1: Programme, pair_a1: Pair
) -> None:
    leader(cast.dist_a1, phase1, "420101", national_id=NID)
    url = f"{register_url(pair_a1.programme, '420102')}leaders/new/"

    response = client_for(cast.dist_a1).post(url, form_data(national_id=NID))

    assert response.status_code == 302
    assert Member.objects.filter(national_id=NID).count() == 2


# Mentors -------------------------------------------------------------------------------------


def test_a_mentor_is_added_from_the_elder_tambon(cast: Cast, pair_a1: Pair) -> None:
    client = english(client_for(cast.dist_a1))
    url = f"/register/pairs/{pair_a1.pk}/mentors/new/"
    assert "Add a mentor from elder tambon กุดป่อง" in text(client.get(url))

    response = client.post(url, form_data(first_name="คำแพง"))

    assert response.status_code == 302
    assert response["Location"] == register_url(pair_a1.programme, "420102")
    member = Member.objects.get()
    assert member.role == MemberRole.MENTOR
    assert member.tambon_id == "420101"
    assert member.pair == pair_a1
    page = text(client.get(register_url(pair_a1.programme, "420102")))
    assert "Mentors from elder tambon กุดป่อง" in page
    assert "คำแพง" in page


def test_the_elder_district_sees_a_mentor_but_cannot_change_it(
    cast: Cast, phase2: Programme
) -> None:
    pair = programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420104"), elder=tambon("420201")
    )
    member = mentor(cast.dist_a1, pair)
    client = client_for(cast.dist_a2)

    response = client.get(f"/register/members/{member.pk}/")
    assert response.status_code == 200
    assert not response.context["may_edit"]
    assert 'id="member-form"' not in text(response)
    assert client.post(f"/register/members/{member.pk}/", form_data()).status_code == 403
    assert client.post(f"/register/members/{member.pk}/remove/", {"reason": "x"}).status_code == 403
    assert Member.objects.filter(pk=member.pk).exists()


# Editing -------------------------------------------------------------------------------------


def edit_data(member: Member, **overrides: Any) -> dict[str, Any]:
    values = {
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "national_id": member.national_id,
        "sex": member.sex,
        "age": member.age,
        "phone": member.phone,
        "position": member.position,
        "leader_type": member.leader_type,
        "version": member.version,
    }
    return form_data(**(values | overrides))


def test_a_leader_is_edited_and_the_version_goes_up(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    client = client_for(cast.dist_a1)
    page = client.get(f"/register/members/{member.pk}/")
    assert 'name="version" value="1"' in text(page)

    response = client.post(
        f"/register/members/{member.pk}/",
        edit_data(member, position="ผู้ใหญ่บ้าน", phone="๐๙๘ ๗๖๕ ๔๓๒๑"),
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.phone, member.version) == ("ผู้ใหญ่บ้าน", "0987654321", 2)
    event = AuditEvent.objects.get(action="leader.update")
    assert event.origin == OFFICE_IP
    assert event.changes["position"] == ["อสม.", "ผู้ใหญ่บ้าน"]


def test_an_edit_from_a_stale_page_is_refused_and_shows_the_other_version(
    cast: Cast, pair_a1: Pair
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="สมศรี")
    stale = edit_data(member, first_name="อรุณี")  # opened at version 1
    services.update_member(
        actor=cast.dist_a1,
        member=member,
        expected_version=1,
        data=person(national_id=member.national_id, first_name="มาลี", last_name="มีสุข"),
    )
    client = english(client_for(cast.dist_a1))

    response = client.post(f"/register/members/{member.pk}/", stale)

    assert response.status_code == 200
    assert response.context["conflict"].first_name == "มาลี"
    page = text(response)
    assert "Saved by someone else" in page
    assert "มาลี มีสุข" in page  # the other version
    assert 'value="อรุณี"' in page  # this user's changes are still in the form
    assert any("Someone else saved this person" in e for e in form_errors(response))
    assert 'name="version" value="2"' in page
    member.refresh_from_db()
    assert (member.first_name, member.version) == ("มาลี", 2)

    again = client.post(f"/register/members/{member.pk}/", stale | {"version": "2"})

    assert again.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.version) == ("อรุณี", 3)


def test_an_edit_is_checked_by_the_same_rules(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    response = english(client_for(cast.dist_a1)).post(
        f"/register/members/{member.pk}/", edit_data(member, national_id="3100600012345")
    )
    assert response.status_code == 200
    assert "3-1006-00012-34-5" in form_errors(response, "national_id")[0]
    member.refresh_from_db()
    assert member.version == 1


# Removing ------------------------------------------------------------------------------------


def test_removing_asks_for_a_reason_and_is_audited(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="ทองใบ")
    client = english(client_for(cast.dist_a1))
    url = f"/register/members/{member.pk}/remove/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in text(page)

    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 200
    assert form_errors(no_reason, "reason")
    assert Member.objects.filter(pk=member.pk).exists()

    response = client.post(url, {"reason": "ย้ายภูมิลำเนา"}, REMOTE_ADDR=OFFICE_IP)

    assert response.status_code == 302
    assert response["Location"] == register_url(pair_a1.programme, "420102")
    assert not Member.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action="leader.delete")
    assert (event.actor, event.origin, event.reason) == (cast.dist_a1, OFFICE_IP, "ย้ายภูมิลำเนา")
    assert event.changes["first_name"] == "ทองใบ"


def test_removing_a_mentor_returns_to_the_younger_tambon(cast: Cast, pair_a1: Pair) -> None:
    member = mentor(cast.dist_a1, pair_a1)
    response = client_for(cast.dist_a1).post(
        f"/register/members/{member.pk}/remove/", {"reason": "ไม่สะดวก"}
    )
    assert response["Location"] == register_url(pair_a1.programme, "420102")
    assert AuditEvent.objects.get(action="mentor.delete").reason == "ไม่สะดวก"


# The history ---------------------------------------------------------------------------------


def test_the_member_page_shows_who_did_what_from_where(cast: Cast, pair_a1: Pair) -> None:
    client = english(client_for(cast.dist_a1))
    client.post(
        f"{register_url(pair_a1.programme, '420102')}leaders/new/",
        form_data(national_id=NID),
        REMOTE_ADDR=OFFICE_IP,
    )
    member = Member.objects.get()
    client.post(
        f"/register/members/{member.pk}/",
        edit_data(member, position="กำนัน"),
        REMOTE_ADDR="198.51.100.20",
    )

    response = client.get(f"/register/members/{member.pk}/")

    events = response.context["events"]
    assert [(e.action, e.actor_username, e.origin) for e in events] == [
        ("leader.update", "dist-a1", "198.51.100.20"),
        ("leader.create", "dist-a1", OFFICE_IP),
    ]
    page = text(response)
    assert "History" in page
    for shown in (
        "Changed the leader&#x27;s details",
        "Added the leader",
        "dist-a1",
        "Web page",
        "กำนัน",
    ):
        assert shown in page, shown
    assert "leader.update" not in page and "leader.create" not in page
    html = response.content.decode()
    assert f'title="{OFFICE_IP}"' in html and 'title="198.51.100.20"' in html


# Personal data -------------------------------------------------------------------------------


@pytest.fixture
def known(cast: Cast, pair_a1: Pair) -> Member:
    """A leader with a national ID, phone and birth date, registered from a browser."""
    client_for(cast.dist_a1).post(
        f"{register_url(pair_a1.programme, '420102')}leaders/new/",
        form_data(national_id=NID, phone="0812345678", age="", birth_date="31/08/2510"),
        REMOTE_ADDR=OFFICE_IP,
    )
    return Member.objects.get()


@pytest.mark.parametrize("who", ["dept", "dist_a1"])
def test_roles_that_need_personal_data_see_it_whole(cast: Cast, known: Member, who: str) -> None:
    client = client_for(getattr(cast, who))

    register = text(client.get(register_url(known.programme, "420102")))
    member_page = client.get(f"/register/members/{known.pk}/")
    page = text(member_page)

    for shown in (register, page):
        assert formatted(NID) in shown
        assert "0812345678" in shown
    assert "๓๑ ส.ค. ๒๕๑๐" in page  # the birth date, in B.E.
    events = member_page.context["events"]
    assert events[0].visible_changes["national_id"] == masked(NID)  # masked when written


@pytest.mark.parametrize("who", ["prov_a", "viewer", "leader_a1"])
def test_roles_that_do_not_need_personal_data_see_it_masked(
    cast: Cast, known: Member, who: str
) -> None:
    client = client_for(getattr(cast, who))

    register = text(client.get(register_url(known.programme, "420102")))
    member_page = client.get(f"/register/members/{known.pk}/")
    page = text(member_page)

    assert member_page.status_code == 200
    for shown in (register, page):
        assert "x-xxxx-xxxxx-34-8" in shown
        assert "xxx-xxx-5678" in shown
        for secret in (NID, formatted(NID), "0812345678", "081234", "31/08/2510", "๓๑ ส.ค. ๒๕๑๐"):
            assert secret not in shown, secret
    changes = member_page.context["events"][0].visible_changes
    assert changes["national_id"] == "x-xxxx-xxxxx-34-8"
    assert changes["phone"] == "xxx-xxx-5678"
    assert changes["birth_date"] == "xx/xx/xxxx"
    assert not member_page.context["may_edit"]


# Scoping: 404 outside the area, 403 for a role that only reads --------------------------------


def register_urls(member: Member, pair: Pair) -> list[str]:
    return [
        register_url(member.programme, member.tambon_id),
        f"{register_url(member.programme, member.tambon_id)}leaders/new/",
        f"/register/pairs/{pair.pk}/mentors/new/",
        f"/register/members/{member.pk}/",
        f"/register/members/{member.pk}/remove/",
    ]


def test_the_scoping_tests_cover_every_register_url() -> None:
    """A new register URL must be added to register_urls() so the tests below check it.

    The import and export URLs belong to a programme, not an area: test_sheet_views.py checks that
    an upload is seen only by its uploader, that read-only roles get 403, and that an export holds
    only the user's own area.
    """
    assert {pattern.name for pattern in urlpatterns} == {
        "tambon",
        "leader_create",
        "mentor_create",
        "member",
        "member_remove",
    } | {
        "import",
        "import_preview",
        "import_confirm",
        "import_cancel",
        "import_problems",
        "export",
    }


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_every_register_url_is_404_outside_the_area(cast: Cast, pair_a1: Pair, who: str) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    the_mentor = mentor(cast.dist_a1, pair_a1)
    client = client_for(getattr(cast, who))

    for url in [*register_urls(member, pair_a1), f"/register/members/{the_mentor.pk}/"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data() | {"reason": "x"}).status_code == 404, url
    assert Member.objects.count() == 2
    assert not AuditEvent.objects.filter(
        actor=getattr(cast, who), object_type="register.member"
    ).exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_every_register_write_is_403_for_a_role_that_only_reads(
    cast: Cast, pair_a1: Pair, who: str
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    client = client_for(getattr(cast, who))
    reads, writes = register_urls(member, pair_a1)[:1], register_urls(member, pair_a1)[1:]

    for url in reads:
        assert client.get(url).status_code == 200, url
    for url in writes:
        assert client.post(url, form_data() | {"reason": "x"}).status_code == 403, url
    assert client.get(f"/register/members/{member.pk}/").status_code == 200
    assert Member.objects.count() == 1
    member.refresh_from_db()
    assert member.version == 1


def test_a_record_that_does_not_exist_is_404(cast: Cast, pair_a1: Pair) -> None:
    client = client_for(cast.dept)
    programme = pair_a1.programme
    for url in (
        "/register/members/999999/",
        "/register/members/999999/remove/",
        "/register/pairs/999999/mentors/new/",
        f"/register/{programme.pk}/tambons/999999/",
        f"/register/{programme.pk}/tambons/4201/",  # a district is not a tambon
        "/register/999999/tambons/420102/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_register_needs_a_login(cast: Cast, pair_a1: Pair) -> None:
    response = Client().get(register_url(pair_a1.programme, "420102"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_register_makes_the_same_few_queries_however_many_people(
    cast: Cast, pair_a1: Pair, django_assert_num_queries: Any
) -> None:
    """Session, user, the access log's row, programme, tambon, pair, the leaders and mentors (one
    query); the unread count comes with the user: no query per person."""
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 2)
    mentor(cast.dist_a1, pair_a1)
    client = client_for(cast.dist_a1)
    url = register_url(pair_a1.programme, "420102")
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["leaders"]) == 2 and len(response.context["mentors"]) == 1

    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 10)
    for _ in range(4):
        mentor(cast.dist_a1, pair_a1)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["leaders"]) == 12 and len(response.context["mentors"]) == 5
    assert text(response).count('data-label="ชื่อ"') == 17  # each row labelled, in Thai
