"""Importing the register: the rules of the forms, counted across the file, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Cast, add_leaders
from phinong.audit.models import AuditEvent, Channel
from phinong.programmes.models import Pair, Programme
from phinong.register.importer import ImportRefused, ImportResult, checksum_of, import_register
from phinong.register.models import Member
from phinong.register.sheets import read_sheet
from phinong.register.tests.sheetmaker import new_id, row, xlsx

FIRST = 4  # the first data row of sheetmaker's files: a title, a blank row, the header


def run(actor, programme: Programme, rows: list[dict], **options) -> ImportResult:
    data = xlsx(rows)
    return import_register(
        actor=actor,
        programme=programme,
        sheet=read_sheet(data, "register.xlsx"),
        checksum=checksum_of(data),
        filename="register.xlsx",
        **options,
    )


def fifteen(**overrides) -> list[dict]:
    return [row(seq=n, **overrides) for n in range(1, 16)]


def test_a_new_tambon_is_paired_and_its_leaders_registered(cast: Cast, phase2: Programme) -> None:
    result = run(cast.dist_a1, phase2, fifteen())

    assert (result.rows, result.created, result.rejected_rows, result.written) == (15, 15, 0, True)
    assert result.pairs_created == 1
    pair = Pair.objects.get(programme=phase2, younger_id="420103")
    assert pair.elder_id == "420101"
    assert Member.objects.filter(pair=pair, tambon_id="420103").count() == 15
    event = AuditEvent.objects.get(action="register.import")
    assert event.changes["created"] == 15
    # The pair the file made is shown as made by an Excel import, not on a web page.
    assert AuditEvent.objects.get(action="pair.create").channel == Channel.IMPORT
    assert event.changes["sha256"] == result.checksum and len(result.checksum) == 64


def test_the_same_file_again_changes_nothing_and_says_so(cast: Cast, phase2: Programme) -> None:
    rows = fifteen()
    run(cast.dist_a1, phase2, rows)
    versions = sorted(Member.objects.values_list("national_id", "version"))

    again = run(cast.dist_a1, phase2, rows)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert again.changes_nothing
    assert sorted(Member.objects.values_list("national_id", "version")) == versions


def test_a_dry_run_writes_nothing(cast: Cast, phase2: Programme) -> None:
    result = run(cast.dist_a1, phase2, fifteen(), dry_run=True)
    assert (result.created, result.written) == (15, False)
    assert not Member.objects.exists() and not Pair.objects.exists()
    assert not AuditEvent.objects.filter(action="register.import").exists()


def test_one_bad_row_stops_the_whole_file_unless_valid_only(cast: Cast, phase2: Programme) -> None:
    rows = fifteen()
    rows[4]["national_id"] = "9800000000001"  # wrong check digit

    refused = run(cast.dist_a1, phase2, rows)

    assert (refused.written, refused.rejected_rows) == (False, 1)
    assert not Member.objects.exists() and not Pair.objects.exists()
    [problem] = refused.problems
    assert (problem.row, problem.heading) == (FIRST + 4, "เลขประจำตัวประชาชน")
    assert "9800000000001" in problem.value
    assert "เลขตรวจสอบหลักสุดท้ายไม่ตรงกัน" in problem.reason

    partial = run(cast.dist_a1, phase2, rows, valid_only=True)

    assert (partial.written, partial.created, partial.rejected_rows) == (True, 14, 1)
    assert Member.objects.count() == 14
    assert partial.summary()["rejected"][0]["row"] == FIRST + 4


def test_an_id_twice_in_the_file_is_refused_with_the_first_row_named(
    cast: Cast, phase2: Programme
) -> None:
    rows = fifteen()
    rows[9]["national_id"] = rows[2]["national_id"]
    result = run(cast.dist_a1, phase2, rows, dry_run=True)
    [problem] = result.problems
    assert problem.row == FIRST + 9
    assert str(FIRST + 2) in problem.reason.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def test_an_id_registered_outside_the_area_is_refused_without_saying_where(
    cast: Cast, phase2: Programme, pair_b1: Pair
) -> None:
    [elsewhere] = add_leaders(cast.dist_b1, phase2, "450102", 1)
    rows = fifteen()
    rows[0]["national_id"] = elsewhere.national_id
    [problem] = run(cast.dist_a1, phase2, rows, dry_run=True).problems
    assert problem.column == "national_id"
    assert "ร้อยเอ็ด" not in problem.reason and elsewhere.tambon.name_th not in problem.reason


def test_a_tambon_paired_with_another_elder_is_refused(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    rows = [row(younger="เมือง", elder="นาดินดำ")]  # 420102 is paired with 420101 already
    [problem] = run(cast.dist_a1, phase2, rows, dry_run=True).problems
    assert problem.column == "elder"
    assert "กุดป่อง" in problem.reason


def test_a_tambon_outside_the_users_area_is_refused(cast: Cast, phase2: Programme) -> None:
    rows = [row(district="นาด้วง", younger="นาด้วง")]
    [problem] = run(cast.dist_a1, phase2, rows, dry_run=True).problems
    assert (problem.column, problem.value) == ("younger", "นาด้วง")


def test_the_quota_is_counted_across_the_file(cast: Cast, phase2: Programme) -> None:
    # Loei's quota is 3: the file asks for 4 new younger tambons of Mueang Loei.
    rows = [
        row(younger=name, national_id=new_id())
        for name in ("นาอ้อ", "กกดู่", "น้ำหมาน", "เสี้ยว")
        for _ in range(2)
    ]
    result = run(cast.dist_a1, phase2, rows, valid_only=True)
    assert result.pairs_created == 3
    assert {p.row for p in result.problems} == {FIRST + 6, FIRST + 7}
    assert all(p.column == "younger" and "โควตา" in p.reason for p in result.problems)


def test_a_sixteenth_leader_is_refused(cast: Cast, phase2: Programme) -> None:
    rows = [*fifteen(), row()]
    result = run(cast.dist_a1, phase2, rows, dry_run=True)
    assert result.created == 15
    [problem] = result.problems
    assert problem.row == FIRST + 15


def test_a_changed_phone_updates_the_person_and_is_audited(cast: Cast, phase2: Programme) -> None:
    rows = fifteen()
    run(cast.dist_a1, phase2, rows)
    rows[0]["phone"] = "0899999999"

    result = run(cast.dist_a1, phase2, rows)

    assert (result.updated, result.unchanged) == (1, 14)
    member = Member.objects.get(national_id=rows[0]["national_id"])
    assert (member.phone, member.version) == ("0899999999", 2)
    event = AuditEvent.objects.filter(object_id=str(member.pk), action="leader.import").first()
    assert event is not None and event.changes["phone"] == [
        "xxx-xxx-5678",
        "xxx-xxx-9999",
    ]  # masked when written


def test_names_are_found_with_prefixes_and_codes(cast: Cast, phase2: Programme) -> None:
    rows = [
        row(province="จ.เลย", district="อำเภอเมืองเลย", younger="ต.นาอ้อ", elder="420101"),
        row(province="42", district="๔๒๐๑", younger="420103", elder="ตำบลกุดป่อง"),
    ]
    result = run(cast.dist_a1, phase2, rows, dry_run=True)
    assert [p.younger for p in result.plans] == ["420103", "420103"]
    assert [p.elder for p in result.plans] == ["420101", "420101"]
    assert result.rejected_rows == 0


def test_a_role_that_may_not_change_the_register_is_refused(cast: Cast, phase2: Programme) -> None:
    with pytest.raises(ImportRefused):
        run(cast.prov_a, phase2, fifteen(), dry_run=True)


def test_excel_numbers_and_dates_are_read_as_officers_meant_them(
    cast: Cast, phase2: Programme
) -> None:
    rows = [
        row(phone=812345678, age="", birth_date=dt.date(2510, 5, 12)),  # a B.E. year in a date cell
        row(phone="๐๘๑-๒๓๔-๕๖๗๘", age="", birth_date="12/05/1967"),
        row(phone="", age="๔๕", national_id=" ".join(new_id())),
    ]
    result = run(cast.dist_a1, phase2, rows)
    assert result.rejected_rows == 0, result.summary()
    first, second, third = Member.objects.order_by("pk")
    assert first.phone == second.phone == "0812345678"
    assert first.birth_date == second.birth_date == dt.date(1967, 5, 12)
    assert third.age == 45 and len(third.national_id) == 13


def test_a_village_number_makes_the_village_and_a_new_one_moves_the_person(
    cast: Cast, phase2: Programme
) -> None:
    rows = fifteen()
    run(cast.dist_a1, phase2, rows)
    rows[0]["moo"] = "หมู่ ๗"

    result = run(cast.dist_a1, phase2, rows)

    assert (result.updated, result.villages_created) == (1, 1)
    member = Member.objects.get(national_id=rows[0]["national_id"])
    assert member.village_id == "42010307"
    assert run(cast.dist_a1, phase2, rows).changes_nothing


@pytest.mark.parametrize(
    ("column", "heading", "limit"),
    [
        ("first_name", "ชื่อ", 100),
        ("last_name", "นามสกุล", 100),
        ("title", "คำนำหน้า", 30),
        ("position", "ตำแหน่ง", 200),
    ],
)
def test_it_refuses_text_longer_than_the_register_keeps_with_its_row_and_column(
    cast: Cast, phase2: Programme, column: str, heading: str, limit: int
) -> None:
    rows = fifteen()
    rows[2][column] = "ก" * 306
    if column == "title":
        rows[2]["sex"] = "ไม่ระบุ"

    refused = run(cast.dist_a1, phase2, rows)

    assert (refused.written, refused.rejected_rows) == (False, 1)
    [problem] = refused.problems
    assert (problem.row, problem.heading) == (FIRST + 2, heading)
    assert "๓๐๖" in problem.reason
    assert f"{limit:,}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in problem.reason
    assert not Member.objects.exists()


def test_valid_only_keeps_the_other_rows_when_a_name_is_too_long(
    cast: Cast, phase2: Programme
) -> None:
    rows = fifteen()
    rows[0]["first_name"] = "ก" * 306

    result = run(cast.dist_a1, phase2, rows, valid_only=True)

    assert (result.written, result.created, result.rejected_rows) == (True, 14, 1)
    assert Member.objects.count() == 14


def test_a_title_that_disagrees_with_the_sex_is_refused_on_its_row(
    cast: Cast, phase2: Programme
) -> None:
    rows = fifteen()
    rows[3]["sex"] = "หญิง"  # the title is นาย

    refused = run(cast.dist_a1, phase2, rows)

    [problem] = refused.problems
    assert (problem.row, problem.heading) == (FIRST + 3, "เพศ")
    assert "นาย" in problem.reason


def test_an_age_that_disagrees_with_the_birth_date_is_refused_on_its_row(
    cast: Cast, phase2: Programme
) -> None:
    rows = fifteen()
    rows[5]["birth_date"] = "12/05/2510"  # 1967: 50-odd at the programme's start, not 40

    refused = run(cast.dist_a1, phase2, rows)

    [problem] = refused.problems
    assert (problem.row, problem.heading) == (FIRST + 5, "อายุ")
