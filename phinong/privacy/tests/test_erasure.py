"""Erasure: no trace of the person's ID or phone in any table, and the counts stay right."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import Cast, add_leaders, client_for, person, tambon
from phinong.audit.models import AuditEvent
from phinong.lessons.models import Lesson
from phinong.lib.national_id import with_check_digit
from phinong.privacy.erasure import ERASED_NAME, erase_person, is_erased
from phinong.privacy.models import AccessEvent
from phinong.privacy.traces import id_forms
from phinong.programmes.models import Pair, Programme
from phinong.register import selectors as register_selectors
from phinong.register import services as register_services
from phinong.register.models import Member, MemberRole
from phinong.search.models import SearchEntry
from phinong.workshops import services as workshop_services
from phinong.workshops.certificates import issue_certificates
from phinong.workshops.models import Certificate

pytestmark = pytest.mark.django_db
NID = with_check_digit("370060001234")
PHONE = "0861234599"


def every_row_as_text() -> str:
    """Every row of every table in the database, as text (JSON both as stored and decoded)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    text = str(value)
                    parts.append(text)
                    if text.startswith(("{", "[")):
                        with contextlib.suppress(ValueError):
                            parts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(parts)


def where(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database
            found += [f"{table}: {row}" for row in cursor.fetchall() if needle in str(row)]
    return found


def traces(text: str) -> list[str]:
    return [form for form in [*id_forms(NID), PHONE] if form in text]


@pytest.fixture
def subject(cast: Cast, phase1: Programme, phase2: Programme, pair_a1: Pair) -> Member:
    """A leader of 420102 in phase 2 (also registered in phase 1), with a history and a certificate."""
    register_services.add_member(
        actor=cast.dist_a1,
        programme=phase1,
        role=MemberRole.LEADER,
        tambon=tambon("420101"),
        data=person(national_id=NID, phone=PHONE, first_name="สมปอง", last_name="ลบได้"),
    )
    member = register_services.add_member(
        actor=cast.dist_a1,
        programme=phase2,
        role=MemberRole.LEADER,
        tambon=tambon("420102"),
        data=person(
            national_id=NID,
            phone=PHONE,
            first_name="สมปอง",
            last_name="ลบได้",
            birth_date=dt.date(1970, 5, 1),
            age=None,
        ),
    )
    member = register_services.update_member(
        actor=cast.dist_a1,
        member=member,
        expected_version=member.version,
        data=person(national_id=NID, phone=PHONE, first_name="สมปอง", last_name="ลบได้", age=50),
    )
    add_leaders(cast.dist_a1, phase2, "420102", 2)
    workshop = workshop_services.create_workshop(
        actor=cast.dist_a1,
        programme=phase2,
        values={
            "title": "อบรมผู้นำ",
            "starts_on": dt.date(2021, 8, 30),
            "days": 1,
            "mode": "onsite",
            "activity": phase2.activities.get(number=2),
        },
        tambons=[tambon("420102")],
    )
    workshop_services.set_attendance(
        actor=cast.dist_a1, workshop=workshop, day=1, present={member.pk}
    )
    issue_certificates(actor=cast.dist_a1, workshop=workshop)
    client_for(cast.dist_a1).get(reverse("register:member", args=[member.pk]))
    # An ID typed into free text, the Thai way: a lesson and its search index row.
    lesson = Lesson.objects.create(
        programme=phase2,
        tambon=tambon("420102"),
        background=f"ผู้นำเลขที่ {id_forms(NID)[4]} เป็นผู้ประสานงาน",
    )
    SearchEntry.objects.create(
        kind="lesson", key=str(lesson.pk), area_code="420102", text=f"ผู้นำ {NID}", tokens=NID
    )
    return member


def test_no_trace_of_the_id_or_phone_remains_in_any_table(cast: Cast, subject: Member) -> None:
    assert traces(every_row_as_text())  # the dump finds them before
    count_before = register_selectors.leader_count(subject.programme, "420102")
    certificate = Certificate.objects.get(member=subject)

    erased = erase_person(actor=cast.dept, member=subject, reason="เจ้าของข้อมูลขอลบ")

    assert erased == 2  # phase 1 and phase 2
    assert traces(every_row_as_text()) == [], where(NID)
    assert "ลบได้" not in every_row_as_text()  # the name went from the rows known to be theirs
    assert register_selectors.leader_count(subject.programme, "420102") == count_before
    subject.refresh_from_db()
    assert is_erased(subject) and subject.first_name == ERASED_NAME
    assert (subject.phone, subject.birth_date, subject.village_id) == ("", None, None)
    certificate.refresh_from_db()
    assert certificate.full_name == ""
    assert AccessEvent.objects.get(object_id=str(subject.pk)).label == ERASED_NAME


def test_the_erasure_is_audited_without_the_erased_data(cast: Cast, subject: Member) -> None:
    erase_person(actor=cast.dept, member=subject, reason="เจ้าของข้อมูลขอลบ")
    events = AuditEvent.objects.filter(action="person.erase")
    assert events.count() == 2
    event = events.get(object_id=str(subject.pk))
    assert (event.actor, event.object_label, event.area_code) == (cast.dept, ERASED_NAME, "420102")
    assert event.reason == "เจ้าของข้อมูลขอลบ"
    assert NID not in str(event.changes) and PHONE not in str(event.changes)


def test_the_public_check_says_the_certificate_exists_without_a_name(
    cast: Cast, subject: Member
) -> None:
    certificate = Certificate.objects.get(member=subject)
    erase_person(actor=cast.dept, member=subject, reason="ขอลบ")
    response = client_for(cast.viewer).get(reverse("verify:check", args=[certificate.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="name-erased"' in page and "สมปอง" not in page


def test_only_the_department_admin_erases(cast: Cast, subject: Member) -> None:
    for who in (cast.dist_a1, cast.prov_a, cast.viewer):
        with pytest.raises(PermissionDenied):
            erase_person(actor=who, member=subject, reason="ขอลบ")
    with pytest.raises(ValidationError):
        erase_person(actor=cast.dept, member=subject, reason="  ")
    erase_person(actor=cast.dept, member=subject, reason="ขอลบ")
    subject.refresh_from_db()
    with pytest.raises(ValidationError):
        erase_person(actor=cast.dept, member=subject, reason="ขอลบ")


def test_the_audit_log_never_stores_a_raw_id_phone_or_birth_date(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    data = person(national_id=NID, phone=PHONE, birth_date=dt.date(1970, 5, 1), age=None)
    member = register_services.add_member(
        actor=cast.dist_a1,
        programme=phase2,
        role=MemberRole.LEADER,
        tambon=tambon("420102"),
        data=data,
    )
    register_services.remove_member(actor=cast.dist_a1, member=member, reason="ย้ายออก")
    text = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert NID not in text and PHONE not in text and "1970-05-01" not in text
    removed = AuditEvent.objects.get(action="leader.delete").changes
    assert removed["national_id"] == f"x-xxxx-xxxxx-{NID[10:12]}-{NID[12]}"
    assert removed["phone"] == "xxx-xxx-4599"
    assert removed["first_name"] == "สมศรี"  # the name stays, until the person is erased


def _purge(**options: Any) -> str:
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out, **options)
    return out.getvalue()


def test_the_purge_command_erases_a_programme_before_a_date(
    cast: Cast, phase1: Programme, subject: Member
) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    others = Member.objects.filter(programme=subject.programme).exclude(pk=subject.pk)
    assert _purge(programme="198/2564", before="2000-01-01") == "erased 0 people of 198/2564\n"
    assert "would erase 3" in _purge(programme="198/2564", before=tomorrow, dry_run=True)
    assert not Member.objects.filter(national_id__startswith="ลบ-").exists()

    assert _purge(programme="198/2564", before=tomorrow, username="dept") == (
        "erased 3 people of 198/2564\n"
    )

    assert all(is_erased(m) for m in Member.objects.filter(programme=subject.programme))
    assert others.count() == 2
    kept = Member.objects.get(programme=phase1, national_id=NID)  # another programme: untouched
    assert kept.first_name == "สมปอง"
    assert AuditEvent.objects.filter(action="person.erase", actor=cast.dept).count() == 3


def test_the_purge_command_refuses_bad_input(cast: Cast, phase2: Programme) -> None:
    with pytest.raises(CommandError, match="no programme"):
        _purge(programme="0/0000", before="2024-01-01")
    with pytest.raises(CommandError, match="not a date"):
        _purge(programme="198/2564", before="soon")
    with pytest.raises(CommandError, match="department admin"):
        _purge(programme="198/2564", before="2024-01-01", username="dist-a1")


def test_the_migration_masks_ids_in_rows_written_before(cast: Cast) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("phinong.privacy.migrations.0002_mask_ids_in_old_audit_rows")
    old = AuditEvent.objects.create(
        actor_username="dist-a1",
        origin="10.0.0.1",
        action="leader.delete",
        object_type="register.member",
        object_id="1",
        object_label="นางสมศรี ใจดี",
        area_code="420102",
        changes={"national_id": NID, "phone": PHONE, "birth_date": "1970-05-01", "age": 50},
    )
    partner = AuditEvent.objects.create(
        actor_username="dist-a1",
        origin="10.0.0.1",
        action="partner.create",
        object_type="partners.partner",
        object_id="1",
        object_label="วัด",
        area_code="420102",
        changes={"phone": PHONE},
    )

    migration.mask_old_rows(apps, None)

    old.refresh_from_db()
    partner.refresh_from_db()
    assert old.changes == {
        "national_id": f"x-xxxx-xxxxx-{NID[10:12]}-{NID[12]}",
        "phone": "xxx-xxx-4599",
        "birth_date": "xx/xx/xxxx",
        "age": 50,
    }
    assert partner.changes == {"phone": PHONE}  # an organisation's phone is not a person's
