"""The register's writes: adding, editing and removing leaders and mentors, with their rules,
their messages and their audit rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from conftest import Cast, add_leaders, person, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.geo.services import add_village
from phinong.lib.national_id import masked
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme, ProgrammeStatus
from phinong.register.models import Member, MemberRole
from phinong.register.services import add_member, remove_member, update_member


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check the English source text, whatever translations exist."""
    with translation.override("en"):
        yield


def refused(call: Callable[..., Any], **kwargs: Any) -> dict[str, list[str]] | list[str]:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def leader(actor: Any, programme: Programme, code: str, **data: Any) -> Member:
    return add_member(
        actor=actor,
        programme=programme,
        role=MemberRole.LEADER,
        tambon=tambon(code),
        data=person(**data),
    )


def mentor(actor: Any, pair: Pair, **data: Any) -> Member:
    return add_member(
        actor=actor,
        programme=pair.programme,
        role=MemberRole.MENTOR,
        pair=pair,
        data=person(**data),
    )


def set_leaders_per_tambon(actor: Any, programme: Programme, n: int) -> Programme:
    return programme_services.update_programme(
        actor=actor, programme=programme, expected_version=programme.version, leaders_per_tambon=n
    )


# Adding --------------------------------------------------------------------------------------


def test_a_district_officer_registers_a_leader_and_it_is_audited(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="บุญมี")

    assert member.tambon_id == "420102"
    assert member.pair == pair_a1
    assert member.role == MemberRole.LEADER
    assert member.version == 1
    event = AuditEvent.objects.get(action="leader.create", object_id=str(member.pk))
    assert event.actor == cast.dist_a1
    assert event.actor_username == "dist-a1"
    assert event.area_code == "420102"
    assert event.changes["first_name"] == "บุญมี"
    assert event.changes["national_id"] == masked(member.national_id)  # never stored in full


def test_a_thai_digit_national_id_with_dashes_is_stored_normalised(
    cast: Cast, pair_a1: Pair
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", national_id="๓-๑๐๐๖-๐๐๐๑๒-๓๔-๘")
    member.refresh_from_db()
    assert member.national_id == "3100600012348"


def test_it_rejects_a_bad_national_id_and_writes_nothing(cast: Cast, pair_a1: Pair) -> None:
    errors = refused(
        leader,
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        code="420102",
        national_id="3100600012345",
    )

    assert isinstance(errors, dict)
    assert list(errors) == ["national_id"]
    assert "3-1006-00012-34-5" in errors["national_id"][0]
    assert not Member.objects.exists()
    assert not AuditEvent.objects.filter(action="leader.create").exists()


def test_a_leader_needs_a_paired_younger_tambon(cast: Cast, pair_a1: Pair) -> None:
    errors = refused(leader, actor=cast.dist_a1, programme=pair_a1.programme, code="420103")
    assert "not a younger tambon of this programme" in str(errors)


def test_a_leader_of_phase_1_needs_a_selected_tambon(cast: Cast, phase1: Programme) -> None:
    assert leader(cast.dist_a1, phase1, "420101").pair is None
    errors = refused(leader, actor=cast.dist_a1, programme=phase1, code="420102")
    assert "is not selected in this programme" in str(errors)


def test_the_16th_leader_of_a_tambon_is_refused(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 15)

    errors = refused(leader, actor=cast.dist_a1, programme=pair_a1.programme, code="420102")

    assert errors == ["Tambon เมือง already has 15 of 15 leaders; no more can be added."]
    assert Member.objects.filter(tambon_id="420102").count() == 15


def test_the_leader_cap_is_the_programmes_leaders_per_tambon(cast: Cast, pair_a1: Pair) -> None:
    programme = set_leaders_per_tambon(cast.dept, pair_a1.programme, 3)
    add_leaders(cast.dist_a1, programme, "420102", 3)

    errors = refused(leader, actor=cast.dist_a1, programme=programme, code="420102")

    assert "3 of 3 leaders" in str(errors)


def test_the_cap_counts_per_tambon(cast: Cast, pair_a1: Pair) -> None:
    programme = set_leaders_per_tambon(cast.dept, pair_a1.programme, 2)
    add_leaders(cast.dist_a1, programme, "420102", 2)
    programme_services.create_pair(
        actor=cast.dist_a1, programme=programme, younger=tambon("420103"), elder=tambon("420101")
    )
    assert len(add_leaders(cast.dist_a1, programme, "420103", 2)) == 2


def test_the_cap_message_has_thai_digits_in_thai(cast: Cast, pair_a1: Pair) -> None:
    programme = set_leaders_per_tambon(cast.dept, pair_a1.programme, 15)
    add_leaders(cast.dist_a1, programme, "420102", 15)
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        leader(cast.dist_a1, programme, "420102")
    assert "๑๕" in caught.value.messages[0]
    assert "15" not in caught.value.messages[0]


# Duplicates ----------------------------------------------------------------------------------


def test_a_duplicate_in_the_actors_area_names_where_it_is_registered(
    cast: Cast, pair_a1: Pair
) -> None:
    first = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="ประนอม", last_name="ศรีสุข")

    errors = refused(
        leader,
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        code="420102",
        national_id=first.national_id,
    )

    assert isinstance(errors, dict)
    message = errors["national_id"][0]
    assert "already registered" in message
    assert "ประนอม ศรีสุข" in message
    assert "tambon เมือง" in message
    assert "district เมืองเลย" in message
    assert "province เลย" in message
    assert Member.objects.count() == 1


def test_the_department_is_told_where_a_duplicate_is_anywhere(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    first = leader(cast.dist_b1, pair_b1.programme, "450102", first_name="วันเพ็ญ")

    errors = refused(
        leader,
        actor=cast.dept,
        programme=pair_a1.programme,
        code="420102",
        national_id=first.national_id,
    )

    message = str(errors)
    assert "วันเพ็ญ" in message
    assert "รอบเมือง" in message
    assert "ร้อยเอ็ด" in message


@pytest.mark.parametrize("elsewhere", ["dist_b1", "dist_a2"])
def test_a_duplicate_outside_the_actors_area_reveals_nothing(
    cast: Cast, pair_a1: Pair, pair_b1: Pair, elsewhere: str
) -> None:
    programme = pair_a1.programme
    if elsewhere == "dist_a2":
        programme_services.create_pair(
            actor=cast.dist_a2,
            programme=programme,
            younger=tambon("420202"),
            elder=tambon("420201"),
        )
    code = {"dist_b1": "450102", "dist_a2": "420202"}[elsewhere]
    first = leader(
        getattr(cast, elsewhere), programme, code, first_name="จันทร์เพ็ญ", last_name="แก้วมณี"
    )

    errors = refused(
        leader,
        actor=cast.dist_a1,
        programme=programme,
        code="420102",
        national_id=first.national_id,
    )

    assert errors == {"national_id": ["This national ID is already registered in this programme."]}


def test_the_same_id_may_be_registered_in_another_programme(
    cast: Cast, phase1: Programme, pair_a1: Pair
) -> None:
    in_phase1 = leader(cast.dist_a1, phase1, "420101")

    in_phase2 = leader(cast.dist_a1, pair_a1.programme, "420102", national_id=in_phase1.national_id)

    assert in_phase2.national_id == in_phase1.national_id
    assert Member.objects.filter(national_id=in_phase1.national_id).count() == 2


def test_a_mentors_id_clashes_with_a_leaders_in_the_same_programme(
    cast: Cast, pair_a1: Pair
) -> None:
    first = leader(cast.dist_a1, pair_a1.programme, "420102")
    errors = refused(mentor, actor=cast.dist_a1, pair=pair_a1, national_id=first.national_id)
    assert "already registered" in str(errors)


# Mentors -------------------------------------------------------------------------------------


def test_a_mentor_belongs_to_the_elder_tambon_and_is_registered_on_the_pair(
    cast: Cast, pair_a1: Pair
) -> None:
    member = mentor(cast.dist_a1, pair_a1)

    assert member.role == MemberRole.MENTOR
    assert member.tambon_id == "420101"  # the elder
    assert member.pair == pair_a1
    assert member.scope_code == "420102"  # run by the younger tambon's district
    event = AuditEvent.objects.get(action="mentor.create")
    assert event.area_code == "420102"


def test_mentors_are_capped_per_pair(cast: Cast, pair_a1: Pair) -> None:
    set_leaders_per_tambon(cast.dept, pair_a1.programme, 2)
    pair_a1.refresh_from_db()
    mentor(cast.dist_a1, pair_a1)
    mentor(cast.dist_a1, pair_a1)

    errors = refused(mentor, actor=cast.dist_a1, pair=pair_a1)

    assert errors == ["This pair already has 2 of 2 mentors; no more can be added."]


def test_mentors_do_not_count_against_the_leaders_cap(cast: Cast, pair_a1: Pair) -> None:
    programme = set_leaders_per_tambon(cast.dept, pair_a1.programme, 1)
    pair_a1.refresh_from_db()
    mentor(cast.dist_a1, pair_a1)
    assert len(add_leaders(cast.dist_a1, programme, "420102", 1)) == 1


def test_a_mentor_of_another_programmes_pair_is_refused(
    cast: Cast, phase1: Programme, pair_a1: Pair
) -> None:
    errors = refused(
        add_member,
        actor=cast.dist_a1,
        programme=phase1,
        role=MemberRole.MENTOR,
        pair=pair_a1,
        data=person(),
    )
    assert "registered on a pair of this programme" in str(errors)


def test_the_elder_district_cannot_register_a_mentor_on_anothers_pair(
    cast: Cast, phase2: Programme
) -> None:
    pair = programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420104"), elder=tambon("420201")
    )
    with pytest.raises(Http404):
        mentor(cast.dist_a2, pair)


# Who may write -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_roles_that_only_read_get_permission_denied(cast: Cast, pair_a1: Pair, who: str) -> None:
    with pytest.raises(PermissionDenied):
        leader(getattr(cast, who), pair_a1.programme, "420102")
    assert not Member.objects.exists()


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1"])
def test_another_district_gets_not_found(cast: Cast, pair_a1: Pair, who: str) -> None:
    with pytest.raises(Http404):
        leader(getattr(cast, who), pair_a1.programme, "420102")
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    with pytest.raises(Http404):
        update_member(
            actor=getattr(cast, who),
            member=member,
            expected_version=1,
            data=person(national_id=member.national_id),
        )
    with pytest.raises(Http404):
        remove_member(actor=getattr(cast, who), member=member, reason="ทดสอบ")
    assert Member.objects.filter(pk=member.pk).exists()


def test_the_department_admin_may_register_anywhere(cast: Cast, pair_b1: Pair) -> None:
    assert leader(cast.dept, pair_b1.programme, "450102").tambon_id == "450102"


def test_a_closed_programme_cannot_change_its_register(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    programme_services.update_programme(
        actor=cast.dept,
        programme=pair_a1.programme,
        expected_version=pair_a1.programme.version,
        status=ProgrammeStatus.CLOSED,
    )
    member.refresh_from_db()

    assert "not active" in str(
        refused(leader, actor=cast.dist_a1, programme=member.programme, code="420102")
    )
    assert "not active" in str(
        refused(
            update_member,
            actor=cast.dist_a1,
            member=member,
            expected_version=member.version,
            data=person(national_id=member.national_id),
        )
    )
    assert "not active" in str(
        refused(remove_member, actor=cast.dist_a1, member=member, reason="x")
    )


# Villages ------------------------------------------------------------------------------------


def test_a_leader_may_name_a_village_of_their_tambon(cast: Cast, pair_a1: Pair) -> None:
    village = add_village(actor=cast.dist_a1, tambon=tambon("420102"), moo=3, name_th="บ้านนาโป่ง")
    member = leader(cast.dist_a1, pair_a1.programme, "420102", village=village.code)
    assert member.village == village


def test_a_village_of_another_tambon_is_refused(cast: Cast, pair_a1: Pair) -> None:
    village = add_village(actor=cast.dist_a1, tambon=tambon("420101"), moo=1, name_th="บ้านกุดป่อง")
    errors = refused(
        leader, actor=cast.dist_a1, programme=pair_a1.programme, code="420102", village=village.code
    )
    assert errors == {"village": ["The village is not in tambon เมือง."]}


# Editing -------------------------------------------------------------------------------------


def test_an_edit_saves_bumps_the_version_and_audits_the_difference(
    cast: Cast, pair_a1: Pair
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", phone="0812345678")

    updated = update_member(
        actor=cast.dist_a1,
        member=member,
        expected_version=1,
        data=person(national_id=member.national_id, phone="๐๙๘-๗๖๕-๔๓๒๑", age="50"),
    )

    assert updated.version == 2
    assert updated.phone == "0987654321"
    assert updated.age == 50
    event = AuditEvent.objects.get(action="leader.update")
    assert event.changes["phone"] == ["xxx-xxx-5678", "xxx-xxx-4321"]  # masked when written
    assert event.changes["age"] == [45, 50]
    assert "first_name" not in event.changes
    assert event.actor == cast.dist_a1


def test_an_edit_that_changes_nothing_writes_no_audit_row(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    data = {f: getattr(member, f) for f in ("title", "first_name", "last_name", "national_id")}
    update_member(actor=cast.dist_a1, member=member, expected_version=1, data=person(**data))
    assert not AuditEvent.objects.filter(action="leader.update").exists()


def test_an_edit_at_a_stale_version_is_refused_and_keeps_the_other_save(
    cast: Cast, pair_a1: Pair
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="สมศรี")
    stale = Member.objects.get(pk=member.pk)
    update_member(
        actor=cast.dist_a1,
        member=member,
        expected_version=1,
        data=person(national_id=member.national_id, first_name="มาลี"),
    )

    with pytest.raises(ConflictError) as caught:
        update_member(
            actor=cast.dist_a1,
            member=stale,
            expected_version=1,
            data=person(national_id=member.national_id, first_name="อรุณี"),
        )

    assert caught.value.current.first_name == "มาลี"
    assert caught.value.current.version == 2
    member.refresh_from_db()
    assert member.first_name == "มาลี"
    assert AuditEvent.objects.filter(action="leader.update").count() == 1


def test_an_edit_to_an_id_already_in_the_programme_is_refused(cast: Cast, pair_a1: Pair) -> None:
    one, two = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 2)
    errors = refused(
        update_member,
        actor=cast.dist_a1,
        member=two,
        expected_version=two.version,
        data=person(national_id=one.national_id),
    )
    assert "already registered" in str(errors)
    two.refresh_from_db()
    assert two.national_id != one.national_id


def test_an_edit_is_checked_by_the_same_rules(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    errors = refused(
        update_member,
        actor=cast.dist_a1,
        member=member,
        expected_version=1,
        data=person(national_id="1234567890123", age=None),
    )
    assert isinstance(errors, dict)
    assert set(errors) == {"national_id", "age"}


def test_a_mentor_is_edited_by_the_younger_tambons_district_only(
    cast: Cast, phase2: Programme
) -> None:
    pair = programme_services.create_pair(
        actor=cast.dist_a1, programme=phase2, younger=tambon("420104"), elder=tambon("420201")
    )
    member = mentor(cast.dist_a1, pair)
    with pytest.raises(Http404):
        update_member(
            actor=cast.dist_a2,
            member=member,
            expected_version=1,
            data=person(national_id=member.national_id),
        )
    assert (
        update_member(
            actor=cast.dist_a1,
            member=member,
            expected_version=1,
            data=person(national_id=member.national_id, position="กำนัน"),
        ).position
        == "กำนัน"
    )


# Removing ------------------------------------------------------------------------------------


def test_removing_needs_a_reason(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    assert refused(remove_member, actor=cast.dist_a1, member=member, reason="  ") == {
        "reason": ["Give the reason for removing this person."]
    }
    assert Member.objects.filter(pk=member.pk).exists()


def test_removing_keeps_the_person_and_the_reason_in_the_audit_log(
    cast: Cast, pair_a1: Pair
) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102", first_name="ทองใบ")
    pk, nid = member.pk, member.national_id

    remove_member(actor=cast.dist_a1, member=member, reason=" ย้ายไปอยู่ต่างจังหวัด ")

    assert not Member.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="leader.delete")
    assert event.object_id == str(pk)
    assert event.reason == "ย้ายไปอยู่ต่างจังหวัด"
    assert event.changes["first_name"] == "ทองใบ"
    assert event.changes["national_id"] == masked(nid)
    assert event.actor == cast.dist_a1
    assert event.area_code == "420102"


def test_a_removed_persons_id_may_be_registered_again(cast: Cast, pair_a1: Pair) -> None:
    member = leader(cast.dist_a1, pair_a1.programme, "420102")
    remove_member(actor=cast.dist_a1, member=member, reason="ลงทะเบียนผิดตำบล")
    again = leader(cast.dist_a1, pair_a1.programme, "420102", national_id=member.national_id)
    assert again.pk != member.pk


def test_removing_frees_a_place_under_the_cap(cast: Cast, pair_a1: Pair) -> None:
    programme = set_leaders_per_tambon(cast.dept, pair_a1.programme, 2)
    first, _second = add_leaders(cast.dist_a1, programme, "420102", 2)
    remove_member(actor=cast.dist_a1, member=first, reason="ลาออก")
    assert leader(cast.dist_a1, programme, "420102").pk
