"""Every form of the site, sent bad input in Thai: no error message may come back in English.

One row per form (and per kind of bad input): who sends it, where, and what. The answer (after any
redirect) must show at least one error, and no error list or message on the page may hold an
English word: a run of three or more Latin letters, other than the few names people use as they
are (Excel, PDF, Zoom...). Django's own messages are in Thai because phinong/core/django_messages.py
puts them in our catalogue; a new form goes into CASES.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import django
import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from conftest import PASSWORD, Cast, add_leaders, client_for, tambon
from phinong.centres import services as centre_services
from phinong.centres.models import SharingCentre
from phinong.core import django_messages
from phinong.core.error_messages import error_messages
from phinong.geo import services as geo_services
from phinong.lessons import services as lesson_services
from phinong.partners import services as partner_services
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod, TambonReport
from phinong.workshops import services as workshop_services
from phinong.workshops.models import Workshop

ALLOWED = {"DOPA", "Excel", "PDF", "JPEG", "PNG", "CSV", "csv", "xlsx", "Zoom", "Google", "Meet"}
ALLOWED |= {"Microsoft", "Teams"}
ENGLISH = re.compile(r"[A-Za-z]{3,}")
LONG = "ก" * 1001


@dataclass
class World:
    cast: Cast
    programme: Programme
    pair: Pair
    member: Member
    partner_pk: int
    centre: SharingCentre
    period: ReportPeriod
    draft_period: ReportPeriod  # no report of 420102 yet
    report: TambonReport
    workshop: Workshop
    activity_pk: int


@dataclass
class Case:
    name: str
    user: str | None  # an attribute of the cast; None sends it without logging in
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def _file(name: str, content: bytes, field: str = "file") -> dict[str, tuple[str, bytes]]:
    return {field: (name, content)}


def _a_lesson_photo(w: World) -> int:
    """The pk of a photo of 420102's write-up (a row only: the caption form never reads the file)."""
    from phinong.lessons.models import Lesson, LessonPhoto

    lesson = Lesson.objects.get(programme=w.programme, tambon_id="420102")
    photo, _created = LessonPhoto.objects.get_or_create(
        lesson=lesson,
        defaults={"image": "lessons/x.jpg", "content_type": "image/jpeg", "width": 1, "height": 1,
                  "size": 1},
    )  # fmt: skip
    return photo.pk


CASES = [
    # privacy
    Case(
        "access log: a bad area code and date (filters read from the query string)",
        "dept",
        lambda w: "/privacy/access-log/?area=4x&since=32/13/2567&until=1/1/2500",
    ),
    Case(
        "erase a person: no reason",
        "dept",
        lambda w: f"/privacy/members/{w.member.pk}/erase/",
        {"reason": ""},
    ),
    # accounts
    Case("login", None, lambda w: "/accounts/login/", {"username": "nobody", "password": "x"}),
    Case(
        "password change: wrong old password, new ones differ",
        "dist_a1",
        lambda w: "/accounts/password/",
        {"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
    ),
    Case(
        "password change: short, common, numeric",
        "dist_a1",
        lambda w: "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    ),
    Case(
        "password change: like the username",
        "dist_a1",
        lambda w: "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "dist-a1x", "new_password2": "dist-a1x"},
    ),
    Case(
        "API token: name too long, expiry out of range",
        "dist_a1",
        lambda w: "/accounts/tokens/",
        {"name": LONG, "expires_in_days": "0"},
    ),
    Case(
        "API token: expiry not a number",
        "dist_a1",
        lambda w: "/accounts/tokens/",
        {"name": "แดชบอร์ด", "expires_in_days": "หนึ่งปี"},
    ),
    Case(
        "new user: empty and wrong",
        "dept",
        lambda w: "/accounts/users/new/",
        {"username": "", "email": "not-an-email", "role": "ผิด", "province": "ผิด"},
    ),
    Case(
        "new user: username too long",
        "dept",
        lambda w: "/accounts/users/new/",
        {
            "username": "u" * 151,
            "role": "district",
            "province": "42",
            "district": "4201",
            "password": "x",
        },
    ),
    Case(
        "new user: username with a space",
        "dept",
        lambda w: "/accounts/users/new/",
        {
            "username": "bad name!",
            "role": "district",
            "province": "42",
            "district": "4201",
            "password": "Nak-Lao-Phu-Ruea-2564",
        },
    ),
    Case(
        "deactivate oneself",
        "dept",
        lambda w: f"/accounts/users/{w.cast.dept.pk}/active/",
        {"active": "0"},
    ),
    # areas
    Case(
        "village: letters and too long",
        "dist_a1",
        lambda w: "/areas/420102/villages/",
        {"moo": "abc", "name_th": "ก" * 101},
    ),
    Case(
        "village: out of range, empty",
        "dist_a1",
        lambda w: "/areas/420102/villages/",
        {"moo": "100", "name_th": ""},
    ),
    # partners
    Case(
        "partner: empty and wrong",
        "dist_a1",
        lambda w: "/partners/areas/420102/new/",
        {"name": "", "kind": "ผิด", "phone": "1" * 31},
    ),
    Case(
        "partner edit: too long",
        "dist_a1",
        lambda w: f"/partners/{w.partner_pk}/edit/",
        {"name": "ก" * 201, "kind": "", "contact_person": "ก" * 201},
    ),
    Case(
        "partner delete: no reason",
        "dist_a1",
        lambda w: f"/partners/{w.partner_pk}/delete/",
        {"reason": ""},
    ),
    # sharing centres
    Case(
        "centre: empty",
        "dist_a1",
        lambda w: "/centres/tambons/420102/",
        {"centre-name": "", "centre-operator": "", "centre-village": "ผิด"},
    ),
    Case(
        "centre edit: too long, bad status",
        "dist_a1",
        lambda w: f"/centres/{w.centre.pk}/edit/",
        {"centre-name": "ก" * 201, "centre-operator": "ก", "centre-status": "ผิด"},
    ),
    Case(
        "donation: bad date and quantity",
        "dist_a1",
        lambda w: f"/centres/{w.centre.pk}/donations/",
        {
            "donation-occurred_on": "99/99/2564",
            "donation-donor": "",
            "donation-item": "ก" * 101,
            "donation-unit": "",
            "donation-quantity": "abc",
        },
    ),
    Case(
        "donation: too many decimals and digits",
        "dist_a1",
        lambda w: f"/centres/{w.centre.pk}/donations/",
        {
            "donation-occurred_on": "1/8/2564",
            "donation-donor": "ก",
            "donation-item": "ข้าว",
            "donation-unit": "กก.",
            "donation-quantity": "1.234",
        },
    ),
    Case(
        "distribution: nothing right",
        "dist_a1",
        lambda w: f"/centres/{w.centre.pk}/distributions/",
        {
            "distribution-occurred_on": "",
            "distribution-stock": "ผิด",
            "distribution-quantity": "12345678901234567",
            "distribution-household_kind": "ผิด",
            "distribution-households": "0",
        },
    ),
    Case(
        "adjustment: no reason, huge",
        "dist_a1",
        lambda w: f"/centres/{w.centre.pk}/adjustments/",
        {
            "adjustment-occurred_on": "1/8/2564",
            "adjustment-item": "ข้าว",
            "adjustment-unit": "กก.",
            "adjustment-quantity": "123456789012345",
            "adjustment-reason": "",
        },
    ),
    # programmes
    Case(
        "programme: empty and wrong",
        "dept",
        lambda w: "/programmes/new/",
        {
            "code": "x" * 31,
            "name": "",
            "fiscal_year": "abc",
            "starts_on": "31/02/2564",
            "ends_on": "",
            "leaders_per_tambon": "0",
            "status": "ผิด",
            "extends": "999999",
        },
    ),
    Case(
        "programme edit: out of range",
        "dept",
        lambda w: f"/programmes/{w.programme.pk}/edit/",
        {
            "code": "",
            "name": "ก",
            "fiscal_year": "3000",
            "starts_on": "1/8/2564",
            "ends_on": "1/7/2564",
            "leaders_per_tambon": "101",
            "status": "active",
            "version": "1",
        },
    ),
    Case(
        "activity: letters, bad date",
        "dept",
        lambda w: f"/programmes/{w.programme.pk}/activities/new/",
        {"number": "x", "name": "", "due_on": "abc", "participants": "ก" * 301},
    ),
    Case(
        "activity: number taken",
        "dept",
        lambda w: f"/programmes/{w.programme.pk}/activities/new/",
        {"number": "1", "name": "ซ้ำ", "due_on": "15/08/2564"},
    ),
    Case(
        "province quotas: letters and negative",
        "dept",
        lambda w: f"/programmes/{w.programme.pk}/quotas/",
        {"quota-42": "abc", "quota-45": "-1"},
    ),
    Case(
        "province quotas: below what is selected",
        "dept",
        lambda w: f"/programmes/{w.programme.pk}/quotas/",
        {"quota-42": "0", "quota-45": "2"},
    ),
    Case(
        "district quotas: too big",
        "prov_a",
        lambda w: f"/programmes/{w.programme.pk}/provinces/42/quotas/",
        {"quota-4201": "10001", "quota-4202": "abc"},
    ),
    Case(
        "district quotas: more than the province's",
        "prov_a",
        lambda w: f"/programmes/{w.programme.pk}/provinces/42/quotas/",
        {"quota-4201": "9"},
    ),
    Case(
        "pair: not a choice",
        "dist_a1",
        lambda w: f"/programmes/{w.programme.pk}/districts/4201/",
        {"younger": "999999", "elder": ""},
    ),
    Case(
        "un-pair: no reason",
        "dist_a1",
        lambda w: f"/programmes/pairs/{w.pair.pk}/remove/",
        {"reason": ""},
    ),
    Case(
        "un-pair: reason too long, people registered",
        "dist_a1",
        lambda w: f"/programmes/pairs/{w.pair.pk}/remove/",
        {"reason": LONG},
    ),
    # register
    Case(
        "leader: everything wrong",
        "dist_a1",
        lambda w: f"/register/{w.programme.pk}/tambons/420102/leaders/new/",
        {
            "title": "",
            "first_name": "ก" * 101,
            "last_name": "",
            "national_id": "12345abc",
            "sex": "X",
            "birth_date": "32/13/2500",
            "age": "abc",
            "leader_type": "ผิด",
            "village": "ผิด",
        },
    ),
    Case(
        "leader: the rules refuse it",
        "dist_a1",
        lambda w: f"/register/{w.programme.pk}/tambons/420102/leaders/new/",
        {
            "title": "นาย",
            "first_name": "สมชาย",
            "last_name": "ใจดี",
            "national_id": "1234567890123",
            "sex": "F",
            "age": "-5",
            "leader_type": "informal",
        },
    ),
    Case(
        "mentor: empty",
        "dist_a1",
        lambda w: f"/register/pairs/{w.pair.pk}/mentors/new/",
        {"title": "", "first_name": "", "national_id": "", "age": "200"},
    ),
    Case(
        "member edit: empty names, far-off birth date",
        "dist_a1",
        lambda w: f"/register/members/{w.member.pk}/",
        lambda w: {
            "title": "นาง",
            "first_name": "",
            "last_name": "ก" * 101,
            "national_id": w.member.national_id,
            "sex": "F",
            "birth_date": "1/1/2600",
            "leader_type": "informal",
            "version": str(w.member.version),
        },
    ),
    Case(
        "member remove: no reason",
        "dist_a1",
        lambda w: f"/register/members/{w.member.pk}/remove/",
        {"reason": ""},
    ),
    Case("import: no file", "dist_a1", lambda w: f"/register/{w.programme.pk}/import/"),
    Case(
        "import: not a spreadsheet",
        "dist_a1",
        lambda w: f"/register/{w.programme.pk}/import/",
        files=_file("leaders.xlsx", b"not a spreadsheet"),
    ),
    # reports
    Case(
        "periods: not a choice",
        "dept",
        lambda w: f"/reports/{w.programme.pk}/periods/",
        {"how": "ผิด"},
    ),
    Case(
        "report: letters, negative, decimals",
        "dist_a1",
        lambda w: f"/reports/{w.programme.pk}/periods/{w.draft_period.pk}/tambons/420102/",
        {
            "households": "abc",
            "villages_covered": "-1",
            "partner_networks": "",
            "expenses_reduced": "1.234",
            "active_centres": "1" * 20,
            "hici_households": "0",
            "food_packs": "0",
            "version": "0",
        },
    ),
    Case(
        "return without a reason",
        "prov_a",
        lambda w: f"/reports/report/{w.report.pk}/move/",
        lambda w: {"move": "return", "version": str(w.report.version), "reason": ""},
    ),
    Case(
        "return with a reason too long",
        "prov_a",
        lambda w: f"/reports/report/{w.report.pk}/move/",
        lambda w: {"move": "return", "version": str(w.report.version), "reason": "ก" * 2001},
    ),
    Case("evidence: no file", "dist_a1", lambda w: f"/reports/report/{w.report.pk}/evidence/"),
    Case(
        "evidence: not a photo",
        "dist_a1",
        lambda w: f"/reports/report/{w.report.pk}/evidence/",
        files=_file("notes.txt", b"just text"),
    ),
    # workshops
    Case(
        "workshop: nothing right",
        "dist_a1",
        lambda w: f"/workshops/{w.programme.pk}/new/",
        {
            "title": "",
            "starts_on": "x",
            "days": "11",
            "days_to_complete": "0",
            "mode": "ผิด",
            "platform": "ก" * 101,
            "tambons": ["999999"],
        },
    ),
    Case(
        "attendance: someone not invited",
        "dist_a1",
        lambda w: f"/workshops/w/{w.workshop.pk}/days/1/",
        {"present": ["999999"]},
    ),
    Case(
        "participant report: no file",
        "dist_a1",
        lambda w: f"/workshops/w/{w.workshop.pk}/days/1/import/",
    ),
    Case(
        "participant report: not a report",
        "dist_a1",
        lambda w: f"/workshops/w/{w.workshop.pk}/days/1/import/",
        files=_file("zoom.csv", b"\x00\x01\x02"),
    ),
    Case(
        "activity record: nothing right",
        "dist_a1",
        lambda w: f"/workshops/activities/{w.activity_pk}/tambons/420102/",
        {
            "status": "ผิด",
            "started_on": "abc",
            "finished_on": "1/1/2400",
            "participants": "-1",
            "partners": ["999"],
            "version": "0",
        },
    ),
    Case(
        "certificate signatory: empty and too long",
        "dist_a1",
        lambda w: f"/workshops/{w.programme.pk}/certificate-settings/",
        {"name": "", "position": LONG},
    ),
    Case(
        "certificate emblem: not a picture",
        "dept",
        lambda w: f"/workshops/{w.programme.pk}/certificate-settings/emblem/",
        files=_file("emblem.png", b"not a picture", field="image"),
    ),
    Case(
        "certificate emblem: no file",
        "dept",
        lambda w: f"/workshops/{w.programme.pk}/certificate-settings/emblem/",
    ),
    Case(
        "activity evidence: no file",
        "dist_a1",
        lambda w: f"/workshops/activities/{w.activity_pk}/tambons/420102/evidence/",
    ),
    # lessons learned
    Case(
        "lessons learned: a heading too long",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/tambons/420102/",
        {"version": "1", "background": "ก" * 20_001},
    ),
    Case(
        "lessons learned: saved by someone else meanwhile",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/tambons/420102/",
        {"version": "0", "background": "อีกฉบับ"},
    ),
    Case(
        "lesson photo: not a photo",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/tambons/420102/photos/",
        {"caption": LONG},
        files=_file("photo.jpg", b"not a photo", field="image"),
    ),
    Case(
        "lesson photo: no file",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/tambons/420102/photos/",
    ),
    Case(
        "lesson photo caption: too long, no version",
        "dist_a1",
        lambda w: f"/lessons/photos/{_a_lesson_photo(w)}/caption/",
        {"caption": LONG},
    ),
    Case(
        "lessons upload: no file",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/areas/4201/upload/",
    ),
    Case(
        "lessons upload: not a sheet",
        "dist_a1",
        lambda w: f"/lessons/{w.programme.pk}/areas/4201/upload/",
        files=_file("lessons.xlsx", b"\x00\x01 not a workbook"),
    ),
    Case(
        "lessons upload: bad rows",
        "prov_a",
        lambda w: f"/lessons/{w.programme.pk}/areas/42/upload/",
        files=_file(
            "lessons.csv",
            "รหัสตำบล,หัวข้อ,เนื้อหา\n4201,Background,\n450102,ผลลัพธ์,ดี\n".encode(),
        ),
    ),
]


@pytest.fixture
def world(cast: Cast, phase2: Programme, pair_a1: Pair) -> World:
    programme_pk = phase2.pk
    member = add_leaders(cast.dist_a1, phase2, "420102", 1)[0]
    partner = partner_services.create_partner(
        actor=cast.dist_a1,
        data={"name": "วัดศรีสุทธาวาส", "kind": "temple"},
        tambons=[tambon("420102")],
    )
    village = geo_services.add_village(
        actor=cast.dist_a1, tambon=tambon("420102"), moo=1, name_th="บ้านนาโป่ง"
    )
    centre = centre_services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420102"), name="ศูนย์", operator="อสม.", village=village
    )
    period, draft_period = report_services.periods_from_activities(
        actor=cast.dept, programme=phase2
    )[:2]
    values = {
        "households": 10,
        "villages_covered": 1,
        "partner_networks": 1,
        "expenses_reduced": 100,
        "active_centres": 1,
        "hici_households": 1,
        "food_packs": 1,
        "narrative": "",
        "warning_comment": "",
    }
    report = report_services.save_report(
        actor=cast.dist_a1,
        period=period,
        tambon=tambon("420102"),
        expected_version=0,
        values=values,
    )
    report = report_services.move(
        actor=cast.dist_a1, report=report, name="submit", expected_version=report.version
    )
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={"title": "อบรม", "starts_on": dt.date(2021, 8, 20), "days": 2, "mode": "online"},
        tambons=[tambon("420102")],
    )
    activity = phase2.activities.order_by("number").first()
    assert activity is not None
    workshop_services.save_record(
        actor=cast.dist_a1,
        activity=activity,
        tambon=tambon("420102"),
        expected_version=0,
        values={"status": "in_progress", "participants": 5},
    )
    lesson_services.save_lesson(
        actor=cast.dist_a1,
        programme=phase2,
        tambon=tambon("420102"),
        expected_version=0,
        values={"background": "ความเป็นมา"},
    )
    return World(
        cast=cast,
        programme=Programme.objects.get(pk=programme_pk),
        pair=pair_a1,
        member=member,
        partner_pk=partner.pk,
        centre=centre,
        period=period,
        draft_period=draft_period,
        report=report,
        workshop=workshop,
        activity_pk=activity.pk,
    )


class _Errors(HTMLParser):
    """The text of every error list and message list on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside an error or message list: how many tags deep
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif tag == "ul" and ({"errorlist", "messages"} & set(classes)):
            self.depth = 1
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts[-1] += data


def errors_on(html: str) -> list[str]:
    parser = _Errors()
    parser.feed(html)
    return [" ".join(t.split()) for t in parser.texts if t.strip()]


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH.findall(text) if w not in ALLOWED]


def _send(case: Case, w: World) -> str:
    client = Client() if case.user is None else client_for(getattr(w.cast, case.user))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    data = case.data(w) if callable(case.data) else dict(case.data)
    data.setdefault("csrfmiddlewaretoken", "sent-by-every-browser")  # so the form is bound
    data |= {k: SimpleUploadedFile(name, content) for k, (name, content) in case.files.items()}
    response = client.post(case.url(w), data, follow=True, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code in (200, 400, 409), f"{case.name}: {response.status_code}"
    return response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_it_answers_bad_input_in_thai(world: World, case: Case) -> None:
    errors = errors_on(_send(case, world))
    assert errors, f"{case.name}: the bad input was not refused, or the refusal was not shown"
    english = {text: english_in(text) for text in errors if english_in(text)}
    assert not english, f"{case.name}: English in the errors: {english}"


def test_every_form_class_has_a_case() -> None:
    """A new form class is a reminder to add its bad input to CASES (by the URL that posts it)."""
    forms = set()
    for path in Path(settings.BASE_DIR, "phinong").rglob("*.py"):
        if "tests" not in path.parts:
            forms |= set(
                re.findall(r"^class (\w+)\((?:forms\.Form|\w+Form)\)", path.read_text(), re.M)
            )
    known = {
        "UserCreateForm", "CentreForm", "CentreEditForm", "_MovementForm", "DonationForm",
        "DistributionForm", "AdjustmentForm", "ReasonForm", "VillageForm", "PartnerForm",
        "ProgrammeForm", "ActivityForm", "QuotaForm", "PairForm", "TargetForm", "MemberForm",
        "UploadForm", "ReportForm", "MoveForm", "EvidenceForm", "PeriodForm", "WorkshopForm",
        "RecordForm", "ReportUploadForm", "SignatoryForm", "EmblemForm", "ApiTokenForm",
        "LessonForm", "LessonPhotoForm", "LessonUploadForm",
        "PhotoCaptionForm",  # the "lesson photo caption" case
        "RemoveMemberForm",  # the "member remove" case
        "AccessLogFilterForm",  # the "access log" case
    }  # fmt: skip
    assert forms <= known, f"forms without a row in CASES: {sorted(forms - known)}"


def _django_msgids() -> set[tuple[str, str]]:
    root = Path(django.__file__).parent
    ids: set[tuple[str, str]] = set()
    for po in (
        root / "conf/locale/en/LC_MESSAGES/django.po",
        root / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    ):
        ids |= {(e.msgid, e.msgid_plural) for e in polib.pofile(str(po))}
    return ids


def test_the_django_messages_we_translate_are_django_s() -> None:
    """After a Django upgrade, a msgid that Django reworded would silently go back to English."""
    ours: set[tuple[str, str]] = set()
    for call in ast.walk(ast.parse(Path(django_messages.__file__).read_text())):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            texts = [str(a.value) for a in call.args if isinstance(a, ast.Constant)]
            if call.func.id == "gettext_noop":
                ours.add((texts[0], ""))
            elif call.func.id == "ngettext_lazy":
                ours.add((texts[0], texts[1]))
    assert len(ours) == len(django_messages.MESSAGES) + len(django_messages.PLURAL_MESSAGES)
    assert ours - _django_msgids() == set()


@pytest.mark.parametrize("message", list(django_messages.MESSAGES))
def test_django_s_message_is_thai(message: str) -> None:
    with translation.override("th"):
        thai = translation.gettext(message)
    assert not english_in(re.sub(r"%\(\w+\)[sdr]", "", thai))


def test_numbers_in_django_s_messages_are_thai_digits() -> None:
    from django import forms

    class Form(forms.Form):
        name = forms.CharField(max_length=5)
        n = forms.IntegerField(max_value=10)

    with translation.override("th"):
        form = Form({"name": "ก" * 7, "n": "12"})
        assert error_messages(form.errors["name"]) == [
            "ข้อความนี้ยาวได้ไม่เกิน ๕ ตัวอักษร (ขณะนี้มี ๗ ตัวอักษร)"
        ]
        assert error_messages(form.errors["n"]) == ["ค่านี้ต้องไม่เกิน ๑๐"]
    with translation.override("en"):
        form = Form({"name": "ก" * 7, "n": "12"})
        assert error_messages(form.errors["n"]) == [
            "Ensure this value is less than or equal to 10."
        ]
