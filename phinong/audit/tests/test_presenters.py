"""Histories read as Thai sentences: no action codes, raw field names, enum values, None or True."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation

from conftest import PASSWORD, Cast, add_leaders, person, tambon
from phinong.accounts import services as account_services
from phinong.accounts.models import Role, User
from phinong.audit.models import AuditEvent, Channel
from phinong.audit.presenters import ACTIONS, present
from phinong.audit.selectors import events_for
from phinong.audit.services import record
from phinong.centres.models import MovementKind
from phinong.partners.models import PartnerKind
from phinong.programmes.models import Pair, Programme
from phinong.register import services as register_services
from phinong.register.models import MemberRole
from phinong.reports.workflow import MOVES

SOURCE = Path(__file__).resolve().parents[2]
WRITERS = {"record", "unsaved_event", "event_row"}

# Action codes built with an f-string, and every value each one takes.
EXPANSIONS: dict[str, list[str]] = {
    "{role}.create": [f"{r}.create" for r in MemberRole.values],
    "{member.role}.update": [f"{r}.update" for r in MemberRole.values],
    "{member.role}.delete": [f"{r}.delete" for r in MemberRole.values],
    "report.{step.name}": [f"report.{m.name}" for m in MOVES],
    "stock.{movement.kind}": [f"stock.{k}" for k in MovementKind.values],
}


def _codes(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    if isinstance(node, ast.JoinedStr):
        pattern = ast.unparse(node)[2:-1]
        assert pattern in EXPANSIONS, f"add the values of the action f-string {pattern!r}"
        return EXPANSIONS[pattern]
    raise AssertionError(f"write the audit action as a literal, not {ast.unparse(node)}")


def action_codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if {"tests", "migrations", "audit"} & set(path.parts):  # audit passes `action` along
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in WRITERS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    codes.update(_codes(keyword.value))
    return codes


def test_every_action_written_anywhere_has_a_sentence() -> None:
    codes = action_codes_in_source()
    assert len(codes) > 30  # the collector still finds the writers
    assert codes - ACTIONS.keys() == set()


# -- every audited model, rendered ------------------------------------------------------------


def _events_of_every_kind(cast: Cast, phase2: Programme, pair: Pair) -> list[AuditEvent]:
    """Events of every action: through the real services where they are cheap, else by hand with
    the changes those services write."""
    from phinong.centres import services as centre_services
    from phinong.geo import services as geo_services
    from phinong.lessons.models import Lesson
    from phinong.partners import services as partner_services
    from phinong.programmes.models import DistrictQuota
    from phinong.reports.models import ReportPeriod, TambonReport
    from phinong.workshops.models import (
        ActivityRecord,
        Certificate,
        CertificateEmblem,
        CertificateSignatory,
        Workshop,
    )

    dept, prov, district = cast.dept, cast.prov_a, cast.dist_a1
    younger = tambon("420102")
    leader, leaving = add_leaders(district, phase2, "420102", 2)
    register_services.update_member(
        actor=district,
        member=leader,
        expected_version=leader.version,
        data=person(first_name="สมหญิง", age=46, national_id=leader.national_id),
    )
    user = account_services.create_user(
        actor=dept,
        username="new-officer",
        password=PASSWORD,
        role=Role.DISTRICT,
        area_code="4201",
    )
    account_services.set_user_active(actor=dept, user=user, active=False)
    account_services.set_user_active(actor=dept, user=user, active=True)
    geo_services.add_village(actor=district, tambon=younger, moo=7, name_th="บ้านหนองบัว")
    centre = centre_services.create_centre(
        actor=district, tambon=younger, name="ศูนย์ปันสุขวัดกลาง", operator="อบต.เมือง"
    )
    partner = partner_services.create_partner(
        actor=district,
        data={"name": "มูลนิธิบ้านเรา", "kind": PartnerKind.values[0]},
        tambons=[younger],
    )
    activity = phase2.activities.get(number=1)
    period = ReportPeriod.objects.create(
        programme=phase2,
        number=1,
        name="เดือนสิงหาคม",
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 8, 31),
        due_on=dt.date(2021, 9, 5),
    )
    report = TambonReport.objects.create(period=period, tambon=younger)
    workshop = Workshop.objects.create(
        programme=phase2,
        organiser_code="42",
        title="อบรมผู้นำ",
        starts_on=dt.date(2021, 8, 20),
    )
    certificate = Certificate.objects.create(
        workshop=workshop,
        member=leader,
        number="๖๔/๐๐๑",
        code="A1B2C3",
        full_name="นางสมหญิง",
        issued_on=dt.date(2021, 8, 22),
    )
    record_ = ActivityRecord.objects.create(activity=activity, tambon=younger)
    by_hand: list[tuple[User, str, Model, str, dict[str, Any]]] = [
        (dept, "user.set_password", user, "4201", {}),
        (dept, "user.unlock", user, "4201", {}),
        (dept, "user.password_reset_sent", user, "4201", {"email": "ผู้ใช้@ตัวอย่าง.ไทย"}),
        (user, "api_token.create", user, "4201", {}),
        (user, "api_token.revoke", user, "4201", {}),
        (dept, "period.create", period, "", {}),
        (
            district,
            "report.create",
            report,
            "420102",
            {"households": [0, 60], "narrative": ["", "ครบ"]},
        ),
        (district, "report.update", report, "420102", {"households": [60, 62]}),
        *[
            (district, f"report.{m.name}", report, "420102", {"state": [m.source, m.target]})
            for m in MOVES
        ],
        (district, "report.evidence", report, "420102", {"file": "ภาพ.jpg", "bytes": 48213}),
        (dept, "report.remind", period, "42", {"districts": ["4201", "4202"], "officers": 3}),
        (district, "centre.update", centre, "420102", {"name": ["ศูนย์เดิม", "ศูนย์ใหม่"]}),
        *[
            (
                district,
                f"stock.{kind}",
                centre,
                "420102",
                {
                    "movement": 4,
                    "occurred_on": "2021-08-20",
                    "item": "ข้าวสาร",
                    "unit": "กก.",
                    "quantity": "12.50",
                    "donor": "ร้านค้า",
                    "household_kind": "elderly",
                    "households": 5,
                },
            )
            for kind in MovementKind.values
        ],
        (district, "partner.update", partner, "4201", {"name": ["มูลนิธิ", "มูลนิธิบ้านเรา"]}),
        (district, "partner.unlink", partner, "420102", {"tambon": "เมือง (เมืองเลย)"}),
        (
            district,
            "partner.delete",
            partner,
            "4201",
            {"owner_code": "4201", "tambons": ["420102"]},
        ),
        (
            dept,
            "workshop.create",
            workshop,
            "42",
            {
                "title": "อบรมผู้นำ",
                "starts_on": "2021-08-20",
                "days": 2,
                "mode": "online",
                "activity": activity.pk,
                "tambons": ["420102", "420101"],
            },
        ),
        (
            district,
            "workshop.attendance",
            workshop,
            "4201",
            {
                "day": 1,
                "added": [1, 2, 3],
                "removed": [],
                "source": "zoom",
            },
        ),
        (
            district,
            "certificate.print",
            workshop,
            "4201",
            {
                "certificates": 2,
                "first": "๖๔/๐๐๑",
                "last": "๖๔/๐๐๒",
            },
        ),
        (
            dept,
            "certificate.issue",
            certificate,
            "420102",
            {
                "workshop": workshop.pk,
                "member": leader.pk,
                "issued_on": "2021-08-22",
            },
        ),
        (
            district,
            "certificate.revoke",
            certificate,
            "420102",
            {
                "number": "๖๔/๐๐๑",
                "workshop": workshop.pk,
                "member": leader.pk,
                "issued_on": "2021-08-22",
            },
        ),
        (
            district,
            "activity.record",
            record_,
            "420102",
            {
                "status": ["not_started", "done"],
                "started_on": [None, "2021-08-02"],
                "participants": [0, 15],
            },
        ),
        (district, "activity.evidence", record_, "420102", {"file": "ผล.pdf", "bytes": 2_400_000}),
        (
            district,
            "activity.record.delete",
            record_,
            "420102",
            {"status": "done", "participants": 12, "file": "ผล.pdf, ภาพ.jpg"},
        ),
        (
            dept,
            "activity.create",
            activity,
            "",
            {"number": [None, 5], "due_on": [None, "2021-09-30"]},
        ),
        (dept, "activity.update", activity, "", {"name": ["กิจกรรม", "กิจกรรมที่ ๑"]}),
        (
            dept,
            "activity.delete",
            activity,
            "",
            {"number": 5, "name": "เสริม", "due_on": "2021-09-30"},
        ),
        (
            dept,
            "programme.update",
            phase2,
            "",
            {
                "allow_cross_province_pairs": [False, True],
                "ends_on": ["2021-09-30", "2021-10-31"],
            },
        ),
        (
            district,
            "register.import",
            phase2,
            "4201",
            {
                "file": "ผู้นำ.xlsx",
                "sha256": "12" * 32,
                "rows": 20,
                "created": 15,
                "updated": 3,
                "unchanged": 2,
                "rejected": 0,
                "pairs_created": 1,
                "valid_only": False,
            },
        ),
        (district, "register.export", phase2, "4201", {"rows": 20, "national_ids": "masked"}),
        (dept, "person.erase", leader, "420102", {}),
        (
            district,
            "leader.import",
            leader,
            "420102",
            {
                "first_name": ["สมศรี", "สมหญิง"],
                "village": [None, 7],
                "sha256": "34" * 32,
            },
        ),
        (district, "mentor.create", leader, "420102", {"first_name": "สมชาย", "sex": "M"}),
        (district, "mentor.update", leader, "420102", {"phone": ["0812345678", "0899999999"]}),
        (district, "mentor.delete", leader, "420102", {"first_name": "สมชาย"}),
        (
            district,
            "pair.delete",
            pair,
            "420102",
            {
                "programme": phase2.code,
                "younger": "420102",
                "elder": "420101",
            },
        ),
        (prov, "quota.district", DistrictQuota(pk=1), "4201", {"tambons": [None, 2]}),
        (
            prov,
            "certificate.signatory",
            CertificateSignatory(pk=1),
            "42",
            {
                "name": ["", "นายสมชาย ใจกว้าง"],
                "position": ["", "พัฒนาการจังหวัดเลย"],
            },
        ),
        (
            prov,
            "certificate.signatory.remove",
            CertificateSignatory(pk=1),
            "42",
            {
                "name": "นายสมชาย ใจกว้าง",
                "position": "พัฒนาการจังหวัดเลย",
            },
        ),
        (
            dept,
            "certificate.emblem",
            CertificateEmblem(pk=1),
            "",
            {"file": "ตรา.png", "bytes": 9000},
        ),
        (dept, "certificate.emblem.remove", CertificateEmblem(pk=1), "", {}),
        (
            district,
            "lesson.create",
            Lesson(pk=1),
            "420102",
            {"background": ["", "เริ่มจากธนาคารอาหาร"]},
        ),
        (
            district,
            "lesson.update",
            Lesson(pk=1),
            "420102",
            {"results": ["ลดรายจ่าย", "ลดรายจ่าย ๖๐ บาท"]},
        ),
        (district, "lesson.import", Lesson(pk=1), "420102", {"process": ["", "ประชุมผู้นำ"]}),
        (prov, "lesson.publish", Lesson(pk=1), "420102", {"status": ["draft", "published"]}),
        (prov, "lesson.unpublish", Lesson(pk=1), "420102", {"status": ["published", "draft"]}),
        (district, "lesson.delete", Lesson(pk=1), "420102", {"background": "เริ่มจากธนาคารอาหาร"}),
        (
            district,
            "lesson.photo",
            Lesson(pk=1),
            "420102",
            {"file": "แปลงผัก.jpg", "bytes": 120_000, "caption": "แปลงผักรวม"},
        ),
        (district, "lesson.photo.caption", Lesson(pk=1), "420102", {"caption": ["", "แปลงผัก"]}),
        (
            district,
            "lesson.photo.remove",
            Lesson(pk=1),
            "420102",
            {"caption": "แปลงผัก", "bytes": 9},
        ),
        (
            prov,
            "lessons.import",
            phase2,
            "42",
            {
                "file": "บทเรียน.xlsx",
                "sha256": "0123456789" * 6 + "0123",
                "rows": 3,
                "created": 1,
                "updated": 0,
                "unchanged": 0,
            },
        ),
        (district, "target.create", pair, "420103", {"programme": "PH1/2563", "tambon": "420103"}),
        (district, "target.delete", pair, "420103", {"programme": "PH1/2563", "tambon": "420103"}),
    ]
    for actor, action, obj, area, changes in by_hand:
        record(
            actor=actor,
            action=action,
            obj=obj,
            area_code=area,
            changes=changes,
            reason="ขอแก้",
            label="รายการ",
        )
    register_services.remove_member(actor=district, member=leaving, reason="ขอลาออก")
    return list(AuditEvent.objects.all())


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_the_history_of_every_audited_model_reads_in_thai(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    events = _events_of_every_kind(cast, phase2, pair_a1)
    User.objects.update(first_name="สมปอง", last_name="ขยันดี")
    assert {e.action for e in events} >= set(ACTIONS)
    keys = {key for e in events for key in e.changes}
    with translation.override("th"):
        html = "".join(
            render_to_string("core/audit_log.html", {"events": events_for(obj, actor=cast.dept)})
            for obj in _objects(events)
        )
    text = visible_text(html)
    for forbidden in ("None", "True", "False", *ACTIONS, *keys):
        assert not re.search(rf"(?<![\w.]){re.escape(forbidden)}(?![\w.])", text), forbidden
    # masked values (x-xxxx-xxxxx-34-5, xx/xx/xxxx) are the x's a reader expects
    latin = re.findall(r"[A-Za-z]+", re.sub(r"\bx+(?=[-/])|(?<=[-/])x+\b", "", text))
    # file names, the programme's code (PH1/2563), a username and names of products stay as they are
    allowed = {"xlsx", "jpg", "pdf", "png", "PH", "new", "officer", "Excel", "Zoom", "API"}
    assert set(latin) <= allowed, set(latin) - allowed
    assert "๖๐" in text and "→" in text and "หน้าเว็บ" not in text  # changes read old → new
    assert "คำสั่งระบบ" in text or "นำเข้าจาก Excel" in text


def _objects(events: list[AuditEvent]) -> list[Model]:
    from django.apps import apps

    seen: dict[tuple[str, str], Model] = {}
    for event in events:
        key = (event.object_type, event.object_id)
        if key not in seen:
            model = apps.get_model(event.object_type)
            seen[key] = model(pk=model._meta.pk.to_python(event.object_id))
    return list(seen.values())


@pytest.mark.django_db
def test_a_change_reads_old_then_new_with_labels_choices_and_be_dates(cast: Cast) -> None:
    user = account_services.create_user(
        actor=cast.dept, username="officer", password=PASSWORD, role=Role.DISTRICT, area_code="4201"
    )
    event = record(
        actor=cast.dept,
        action="report.submit",
        obj=user,
        area_code="4201",
        changes={"state": ["draft", "submitted"]},
    )
    event.object_type = "reports.tambonreport"
    leader = record(
        actor=cast.dept,
        action="leader.update",
        obj=user,
        area_code="420102",
        changes={"birth_date": [None, "1975-03-01"], "age": [45, 46]},
    )
    leader.object_type = "register.member"
    with translation.override("th"):
        submitted, changed = present([event, leader])
        made = present([AuditEvent.objects.get(action="user.create")])[0]
    assert submitted.what == "ส่งรายงานให้จังหวัด"
    [state] = submitted.lines
    assert (state.old, state.new) == ("ร่าง", "ส่งแล้ว")
    birth, age = changed.lines
    assert (birth.old, birth.new) == ("–", "๑ มี.ค. ๒๕๑๘")
    assert (age.old, age.new) == ("๔๕", "๔๖")
    # PostgreSQL's jsonb keeps the keys in its own order, so compare the lines as a set
    assert {line.new for line in made.lines} == {"officer", "เจ้าหน้าที่อำเภอ", "เมืองเลย"}
    assert made.source == "คำสั่งระบบ"


@pytest.mark.django_db
def test_the_source_says_web_page_excel_import_api_or_command(
    cast: Cast, phase2: Programme, rf: Any
) -> None:
    from phinong.audit.middleware import RequestOriginMiddleware

    def write(request: Any) -> Any:
        for action in ("programme.update", "register.import"):
            record(actor=cast.dept, action=action, obj=phase2, area_code="")
        return None

    middleware = RequestOriginMiddleware(write)
    middleware(rf.post("/programmes/1/edit/"))
    middleware(rf.post("/api/v1/pairs/"))
    record(actor=cast.dept, action="programme.update", obj=phase2, area_code="")
    channels = list(
        AuditEvent.objects.filter(action__in=("programme.update", "register.import"))
        .order_by("id")
        .values_list("action", "channel")
    )
    assert channels[-5:] == [
        ("programme.update", Channel.WEB),
        ("register.import", Channel.IMPORT),
        ("programme.update", Channel.API),
        ("register.import", Channel.IMPORT),
        ("programme.update", Channel.COMMAND),
    ]
    with translation.override("th"):
        sources = [row.source for row in present(AuditEvent.objects.order_by("id"))[-5:]]
    assert sources == ["หน้าเว็บ", "นำเข้าจาก Excel", "API", "นำเข้าจาก Excel", "คำสั่งระบบ"]
