"""Programmes, quotas, target tambons and pairs: the rules, their messages and their audit rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from conftest import Cast, add_leaders, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.geo.models import District, Province
from phinong.programmes import selectors
from phinong.programmes.models import (
    Activity,
    DistrictQuota,
    Pair,
    Programme,
    ProgrammeStatus,
    ProvinceQuota,
    TargetTambon,
)
from phinong.programmes.services import (
    add_target,
    create_pair,
    create_programme,
    delete_activity,
    remove_pair,
    remove_target,
    save_activity,
    set_district_quota,
    set_province_quota,
    update_programme,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check the English source text, whatever translations exist."""
    with translation.override("en"):
        yield


def refused(call: Callable[..., Any], **kwargs: Any) -> dict[str, list[str]] | list[str]:
    """The messages of the ValidationError a service raises: by field, or a plain list."""
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    error = caught.value
    return error.message_dict if hasattr(error, "error_dict") else error.messages


def province(code: str) -> Province:
    return Province.objects.get(code=code)


def district(code: str) -> District:
    return District.objects.select_related("province").get(code=code)


def new_programme(actor: Any, **overrides: Any) -> Programme:
    fields: dict[str, Any] = {
        "code": "NEW/2565",
        "name": "โครงการใหม่",
        "fiscal_year": 2565,
        "starts_on": dt.date(2021, 10, 1),
        "ends_on": dt.date(2022, 9, 30),
    }
    return create_programme(actor=actor, **(fields | overrides))


# Programmes ----------------------------------------------------------------------------------


def test_the_department_creates_a_programme_and_it_is_audited(cast: Cast) -> None:
    programme = new_programme(cast.dept)

    assert programme.version == 1
    assert programme.status == ProgrammeStatus.ACTIVE
    assert programme.leaders_per_tambon == 15
    assert not programme.is_paired
    event = AuditEvent.objects.get(action="programme.create")
    assert event.actor == cast.dept
    assert event.origin == "system"
    assert event.area_code == ""
    assert event.object_id == str(programme.pk)
    assert event.changes["code"] == "NEW/2565"
    assert event.changes["starts_on"] == "2021-10-01"
    assert event.changes["extends"] is None


def test_a_programme_that_extends_another_is_run_in_pairs(cast: Cast, phase1: Programme) -> None:
    programme = new_programme(cast.dept, extends=phase1)

    assert programme.is_paired
    event = AuditEvent.objects.get(action="programme.create", object_id=str(programme.pk))
    assert event.changes["extends"] == phase1.pk


@pytest.mark.parametrize("who", ["viewer", "prov_a", "dist_a1", "leader_a1"])
def test_only_the_department_admin_creates_a_programme(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        new_programme(getattr(cast, who))
    assert not Programme.objects.exists()


def test_it_refuses_a_programme_that_ends_before_it_starts(cast: Cast) -> None:
    assert refused(
        new_programme, actor=cast.dept, starts_on=dt.date(2022, 1, 2), ends_on=dt.date(2022, 1, 1)
    ) == {"ends_on": ["The programme cannot end before it starts."]}
    assert not Programme.objects.exists()


@pytest.mark.parametrize("leaders", [0, 101])
def test_it_refuses_leaders_per_tambon_outside_1_to_100(cast: Cast, leaders: int) -> None:
    assert refused(new_programme, actor=cast.dept, leaders_per_tambon=leaders) == {
        "leaders_per_tambon": ["Leaders per tambon must be between 1 and 100."]
    }


def test_it_refuses_a_second_programme_with_the_same_code(cast: Cast, phase1: Programme) -> None:
    errors = refused(new_programme, actor=cast.dept, code="PH1/2563")

    assert isinstance(errors, dict)
    assert list(errors) == ["code"]
    assert Programme.objects.filter(code="PH1/2563").count() == 1


def test_the_department_updates_a_programme_and_the_version_goes_up(
    cast: Cast, phase2: Programme
) -> None:
    updated = update_programme(
        actor=cast.dept,
        programme=phase2,
        expected_version=1,
        name="ชื่อใหม่",
        leaders_per_tambon=12,
    )

    assert updated.version == 2
    phase2.refresh_from_db()
    assert (phase2.name, phase2.leaders_per_tambon, phase2.version) == ("ชื่อใหม่", 12, 2)
    event = AuditEvent.objects.get(action="programme.update")
    assert event.actor == cast.dept
    assert event.changes == {
        "name": ["ขยายผลบ้านพี่เมืองน้อง", "ชื่อใหม่"],
        "leaders_per_tambon": [15, 12],
    }


def test_a_stale_version_is_refused_and_the_other_save_is_kept(
    cast: Cast, phase2: Programme
) -> None:
    mine = Programme.objects.get(pk=phase2.pk)
    theirs = Programme.objects.get(pk=phase2.pk)
    update_programme(actor=cast.dept, programme=theirs, expected_version=1, name="ของเขา")

    with pytest.raises(ConflictError) as caught:
        update_programme(actor=cast.dept, programme=mine, expected_version=1, name="ของฉัน")

    assert caught.value.current.version == 2
    assert caught.value.current.name == "ของเขา"
    phase2.refresh_from_db()
    assert (phase2.name, phase2.version) == ("ของเขา", 2)
    assert AuditEvent.objects.filter(action="programme.update").count() == 1


def test_a_save_at_the_version_seen_after_a_conflict_goes_through(
    cast: Cast, phase2: Programme
) -> None:
    update_programme(actor=cast.dept, programme=phase2, expected_version=1, name="หนึ่ง")

    again = update_programme(
        actor=cast.dept,
        programme=Programme.objects.get(pk=phase2.pk),
        expected_version=2,
        name="สอง",
    )

    assert (again.name, again.version) == ("สอง", 3)


def test_the_extended_programme_cannot_change_once_tambons_are_paired(
    cast: Cast, pair_a1: Pair
) -> None:
    programme = pair_a1.programme

    assert refused(
        update_programme, actor=cast.dept, programme=programme, expected_version=1, extends=None
    ) == {"extends": ["The extended programme cannot change once tambons are selected."]}
    assert Programme.objects.get(pk=programme.pk).extends_id is not None


def test_a_programme_cannot_extend_itself(cast: Cast, phase1: Programme) -> None:
    assert refused(
        update_programme, actor=cast.dept, programme=phase1, expected_version=1, extends=phase1
    ) == {"extends": ["A programme cannot extend itself."]}


@pytest.mark.parametrize("who", ["viewer", "prov_a", "dist_a1"])
def test_only_the_department_admin_updates_a_programme(
    cast: Cast, phase2: Programme, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        update_programme(actor=getattr(cast, who), programme=phase2, expected_version=1, name="x")
    assert Programme.objects.get(pk=phase2.pk).version == 1


# Activities ----------------------------------------------------------------------------------


def test_the_department_adds_edits_and_removes_an_activity(cast: Cast, phase2: Programme) -> None:
    activity = save_activity(
        actor=cast.dept, programme=phase2, number=5, name="ถอดบทเรียน", due_on=dt.date(2021, 9, 30)
    )
    save_activity(
        actor=cast.dept,
        programme=phase2,
        activity=activity,
        number=5,
        name="ถอดบทเรียน",
        due_on=dt.date(2021, 9, 25),
    )

    activity.refresh_from_db()
    assert activity.due_on == dt.date(2021, 9, 25)
    update = AuditEvent.objects.get(action="activity.update")
    assert update.changes == {"due_on": ["2021-09-30", "2021-09-25"]}

    delete_activity(actor=cast.dept, activity=activity)

    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEvent.objects.filter(action="activity.delete").count() == 1


def test_it_refuses_two_activities_with_the_same_number(cast: Cast, phase2: Programme) -> None:
    assert refused(
        save_activity,
        actor=cast.dept,
        programme=phase2,
        number=1,
        name="ซ้ำ",
        due_on=dt.date(2021, 8, 15),
    ) == {"number": ["This programme already has an activity with that number."]}
    assert phase2.activities.count() == 4


def test_only_the_department_admin_manages_activities(cast: Cast, phase2: Programme) -> None:
    with pytest.raises(PermissionDenied):
        save_activity(
            actor=cast.prov_a, programme=phase2, number=9, name="x", due_on=dt.date(2021, 9, 1)
        )
    with pytest.raises(PermissionDenied):
        delete_activity(actor=cast.viewer, activity=phase2.activities.first())  # type: ignore[arg-type]


# Province quotas -----------------------------------------------------------------------------


def test_the_department_sets_a_province_quota_and_it_is_audited(
    cast: Cast, phase2: Programme
) -> None:
    quota = set_province_quota(
        actor=cast.dept, programme=phase2, province=province("43"), tambons=4
    )

    assert quota.tambons == 4
    event = AuditEvent.objects.get(action="quota.province", area_code="43")
    assert event.actor == cast.dept
    assert event.changes == {"tambons": [None, 4]}
    assert event.object_label == "198/2564 หนองคาย"

    set_province_quota(actor=cast.dept, programme=phase2, province=province("43"), tambons=6)

    assert ProvinceQuota.objects.get(programme=phase2, province_id="43").tambons == 6
    latest = AuditEvent.objects.filter(action="quota.province", area_code="43").first()
    assert latest is not None
    assert latest.changes == {"tambons": [4, 6]}


def test_setting_a_province_quota_to_the_same_number_writes_nothing(
    cast: Cast, phase2: Programme
) -> None:
    before = AuditEvent.objects.count()

    set_province_quota(actor=cast.dept, programme=phase2, province=province("42"), tambons=3)

    assert AuditEvent.objects.count() == before


def test_it_refuses_a_quota_for_bangkok(cast: Cast, phase2: Programme) -> None:
    assert refused(
        set_province_quota, actor=cast.dept, programme=phase2, province=province("10"), tambons=1
    ) == ["กรุงเทพมหานคร is outside the CDD's scope and cannot have a quota."]
    assert not ProvinceQuota.objects.filter(province_id="10").exists()


def test_it_refuses_to_lower_a_province_quota_below_what_is_selected(
    cast: Cast, pair_a1: Pair
) -> None:
    programme = pair_a1.programme

    assert refused(
        set_province_quota, actor=cast.dept, programme=programme, province=province("42"), tambons=0
    ) == ["เลย has already selected 1 tambons; the quota cannot be lower."]
    assert ProvinceQuota.objects.get(programme=programme, province_id="42").tambons == 3


def test_it_lowers_a_province_quota_down_to_what_is_selected(cast: Cast, pair_a1: Pair) -> None:
    set_province_quota(
        actor=cast.dept, programme=pair_a1.programme, province=province("42"), tambons=1
    )

    assert selectors.quota_for(pair_a1.programme, "42") == selectors.Quota(1, 1)


def test_it_refuses_to_lower_a_province_quota_below_its_districts_split(
    cast: Cast, phase2: Programme
) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=2)

    assert refused(
        set_province_quota, actor=cast.dept, programme=phase2, province=province("42"), tambons=1
    ) == ["The districts of เลย already share 2 tambons; the province quota cannot be lower."]


@pytest.mark.parametrize("who", ["viewer", "prov_a", "dist_a1"])
def test_only_the_department_admin_sets_province_quotas(
    cast: Cast, phase2: Programme, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        set_province_quota(
            actor=getattr(cast, who), programme=phase2, province=province("42"), tambons=9
        )
    assert ProvinceQuota.objects.get(programme=phase2, province_id="42").tambons == 3


# District quotas -----------------------------------------------------------------------------


def test_a_province_officer_splits_the_quota_among_districts(cast: Cast, phase2: Programme) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=2)
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4202"), tambons=1)

    assert selectors.district_quotas(phase2, "42") == {"4201": 2, "4202": 1}
    assert selectors.quota_for(phase2, "4201") == selectors.Quota(2, 0)
    event = AuditEvent.objects.filter(action="quota.district").first()
    assert event is not None
    assert (event.actor, event.area_code) == (cast.prov_a, "4202")
    assert event.changes == {"tambons": [None, 1]}


def test_district_quotas_may_not_add_up_to_more_than_the_province(
    cast: Cast, phase2: Programme
) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=2)

    assert refused(
        set_district_quota,
        actor=cast.prov_a,
        programme=phase2,
        district=district("4202"),
        tambons=2,
    ) == ["The districts' quotas would add up to 4, more than the province's 3."]
    assert not DistrictQuota.objects.filter(district_id="4202").exists()


def test_a_district_quota_may_be_changed_within_the_province(cast: Cast, phase2: Programme) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=2)

    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=3)

    assert selectors.district_quotas(phase2, "42") == {"4201": 3}


def test_removing_a_district_cap_with_none_deletes_it_and_is_audited(
    cast: Cast, phase2: Programme
) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=2)

    result = set_district_quota(
        actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=None
    )

    assert result is None
    assert not DistrictQuota.objects.exists()
    assert selectors.quota_for(phase2, "4201") == selectors.Quota(None, 0)
    latest = AuditEvent.objects.filter(action="quota.district").first()
    assert latest is not None
    assert latest.changes == {"tambons": [2, None]}


def test_removing_a_cap_that_does_not_exist_writes_nothing(cast: Cast, phase2: Programme) -> None:
    before = AuditEvent.objects.count()

    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=None)

    assert AuditEvent.objects.count() == before


def test_it_refuses_to_lower_a_district_quota_below_what_is_selected(
    cast: Cast, pair_a1: Pair
) -> None:
    assert refused(
        set_district_quota,
        actor=cast.prov_a,
        programme=pair_a1.programme,
        district=district("4201"),
        tambons=0,
    ) == ["เมืองเลย has already selected 1 tambons; its quota cannot be lower."]


def test_a_district_quota_needs_a_province_quota_first(cast: Cast, phase2: Programme) -> None:
    assert refused(
        set_district_quota,
        actor=cast.dept,
        programme=phase2,
        district=district("4301"),
        tambons=1,
    ) == ["The province has no quota in this programme yet."]


def test_a_province_officer_cannot_set_another_provinces_district_quota(
    cast: Cast, phase2: Programme
) -> None:
    with pytest.raises(Http404):
        set_district_quota(
            actor=cast.prov_a, programme=phase2, district=district("4501"), tambons=1
        )
    assert not DistrictQuota.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "dist_a1"])
def test_a_role_without_the_right_cannot_set_district_quotas(
    cast: Cast, phase2: Programme, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        set_district_quota(
            actor=getattr(cast, who), programme=phase2, district=district("4201"), tambons=1
        )


# Pairs ---------------------------------------------------------------------------------------


def pair(cast: Cast, programme: Programme, younger: str, elder: str, actor: Any = None) -> Pair:
    return create_pair(
        actor=actor or cast.dist_a1,
        programme=programme,
        younger=tambon(younger),
        elder=tambon(elder),
    )


def test_a_district_officer_pairs_a_younger_tambon_and_it_is_audited(
    cast: Cast, phase2: Programme
) -> None:
    created = pair(cast, phase2, "420102", "420101")

    assert (created.younger_id, created.elder_id, created.created_by) == (
        "420102",
        "420101",
        cast.dist_a1,
    )
    event = AuditEvent.objects.get(action="pair.create")
    assert (event.actor, event.area_code, event.origin) == (cast.dist_a1, "420102", "system")
    assert event.changes == {"programme": "198/2564", "younger": "420102", "elder": "420101"}
    assert selectors.quota_for(phase2, "42") == selectors.Quota(3, 1)


def test_an_elder_may_lie_in_another_district_of_the_province_and_coach_several(
    cast: Cast, phase2: Programme
) -> None:
    pair(cast, phase2, "420102", "420201")
    pair(cast, phase2, "420103", "420201")

    assert Pair.objects.filter(programme=phase2, elder_id="420201").count() == 2


def test_it_refuses_a_tambon_paired_with_itself(cast: Cast, phase2: Programme) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420102"),
        elder=tambon("420102"),
    ) == {"elder": ["A tambon cannot be paired with itself."]}


def test_it_refuses_a_younger_tambon_that_took_part_in_phase_1(
    cast: Cast, phase2: Programme
) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420101"),
        elder=tambon("420201"),
    ) == {
        "younger": [
            "Tambon กุดป่อง already took part in PH1/2563, so it is an elder tambon, "
            "not a younger one."
        ]
    }


def test_it_refuses_an_elder_tambon_that_was_not_in_phase_1(cast: Cast, phase2: Programme) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420102"),
        elder=tambon("420103"),
    ) == {"elder": ["Tambon นาอ้อ did not take part in PH1/2563, so it cannot be an elder tambon."]}


def test_it_refuses_an_elder_tambon_in_another_province(cast: Cast, phase2: Programme) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420102"),
        elder=tambon("450101"),
    ) == {"elder": ["The elder tambon must be in the same province as the younger tambon."]}
    assert not Pair.objects.exists()


def test_an_elder_in_another_province_is_allowed_when_the_department_allows_it(
    cast: Cast, phase2: Programme
) -> None:
    update_programme(
        actor=cast.dept, programme=phase2, expected_version=1, allow_cross_province_pairs=True
    )

    created = pair(cast, phase2, "420102", "450101")

    assert created.elder_id == "450101"


def test_it_refuses_a_younger_tambon_that_is_already_paired(cast: Cast, pair_a1: Pair) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=pair_a1.programme,
        younger=tambon("420102"),
        elder=tambon("420201"),
    ) == {"younger": ["Tambon เมือง is already paired with tambon กุดป่อง in this programme."]}
    assert Pair.objects.count() == 1


def test_it_refuses_a_pair_past_the_province_quota(cast: Cast, phase2: Programme) -> None:
    for code in ("420102", "420103"):
        pair(cast, phase2, code, "420101")
    pair(cast, phase2, "420202", "420201", actor=cast.dist_a2)

    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420104"),
        elder=tambon("420101"),
    ) == ["The quota of เลย is used up: 3 of 3 tambons are selected."]
    assert Pair.objects.filter(programme=phase2).count() == 3


def test_it_refuses_a_pair_past_the_district_cap(cast: Cast, phase2: Programme) -> None:
    set_district_quota(actor=cast.prov_a, programme=phase2, district=district("4201"), tambons=1)
    pair(cast, phase2, "420102", "420101")

    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420103"),
        elder=tambon("420101"),
    ) == ["The quota of เมืองเลย is used up: 1 of 1 tambons are selected."]
    # the next district, with no cap of its own, still has the province's quota left
    pair(cast, phase2, "420202", "420201", actor=cast.dist_a2)


def test_it_refuses_a_pair_in_a_province_with_no_quota(cast: Cast, phase2: Programme) -> None:
    set_province_quota(actor=cast.dept, programme=phase2, province=province("45"), tambons=0)

    assert refused(
        create_pair,
        actor=cast.dist_b1,
        programme=phase2,
        younger=tambon("450102"),
        elder=tambon("450101"),
    ) == ["ร้อยเอ็ด has no quota in this programme."]


@pytest.mark.parametrize("status", [ProgrammeStatus.CLOSED, ProgrammeStatus.DRAFT])
def test_it_refuses_a_pair_when_the_programme_is_not_active(
    cast: Cast, phase2: Programme, status: ProgrammeStatus
) -> None:
    update_programme(actor=cast.dept, programme=phase2, expected_version=1, status=status)

    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase2,
        younger=tambon("420102"),
        elder=tambon("420101"),
    ) == ["The programme is not active, so its register cannot change."]


def test_it_refuses_a_pair_in_a_programme_not_run_in_pairs(cast: Cast, phase1: Programme) -> None:
    assert refused(
        create_pair,
        actor=cast.dist_a1,
        programme=phase1,
        younger=tambon("420102"),
        elder=tambon("420101"),
    ) == ["This programme is not run in pairs."]


def test_a_district_officer_cannot_pair_a_tambon_of_another_district(
    cast: Cast, phase2: Programme
) -> None:
    for younger in ("420202", "450102"):
        with pytest.raises(Http404):
            pair(cast, phase2, younger, "420201")
    assert not Pair.objects.exists()


@pytest.mark.parametrize("who", ["dept", "viewer", "prov_a", "leader_a1"])
def test_only_a_district_officer_pairs(cast: Cast, phase2: Programme, who: str) -> None:
    actor = getattr(cast, who)
    if who == "dept":  # the department admin may do everything
        assert pair(cast, phase2, "420102", "420101", actor=actor).pk
        return
    with pytest.raises(PermissionDenied):
        pair(cast, phase2, "420102", "420101", actor=actor)
    assert not Pair.objects.exists()


# Un-pairing ----------------------------------------------------------------------------------


def test_un_pairing_needs_a_reason(cast: Cast, pair_a1: Pair) -> None:
    assert refused(remove_pair, actor=cast.dist_a1, pair=pair_a1, reason="  ") == {
        "reason": ["Give the reason for un-pairing."]
    }
    assert Pair.objects.filter(pk=pair_a1.pk).exists()


def test_un_pairing_is_refused_while_leaders_are_registered(cast: Cast, pair_a1: Pair) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 2)

    assert refused(remove_pair, actor=cast.dist_a1, pair=pair_a1, reason="ผิดตำบล") == [
        "This pair still has 2 registered people. Remove them before un-pairing."
    ]
    assert Pair.objects.filter(pk=pair_a1.pk).exists()


def test_un_pairing_is_audited_with_the_reason_and_frees_the_quota(
    cast: Cast, pair_a1: Pair
) -> None:
    pk = pair_a1.pk

    remove_pair(actor=cast.dist_a1, pair=pair_a1, reason="  เลือกผิดตำบล  ")

    assert not Pair.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="pair.delete")
    assert (event.actor, event.area_code, event.object_id) == (cast.dist_a1, "420102", str(pk))
    assert event.reason == "เลือกผิดตำบล"
    assert event.changes == {"programme": "198/2564", "younger": "420102", "elder": "420101"}
    assert selectors.quota_for(pair_a1.programme, "42") == selectors.Quota(3, 0)


def test_un_pairing_outside_the_district_is_404(cast: Cast, pair_b1: Pair) -> None:
    with pytest.raises(Http404):
        remove_pair(actor=cast.dist_a1, pair=pair_b1, reason="ไม่ใช่ของเรา")
    assert Pair.objects.filter(pk=pair_b1.pk).exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a"])
def test_a_read_only_role_cannot_un_pair(cast: Cast, pair_a1: Pair, who: str) -> None:
    with pytest.raises(PermissionDenied):
        remove_pair(actor=getattr(cast, who), pair=pair_a1, reason="เหตุผล")


def test_un_pairing_is_refused_when_the_programme_is_closed(cast: Cast, pair_a1: Pair) -> None:
    programme = pair_a1.programme
    update_programme(
        actor=cast.dept, programme=programme, expected_version=1, status=ProgrammeStatus.CLOSED
    )
    pair_a1.refresh_from_db()

    assert refused(remove_pair, actor=cast.dist_a1, pair=pair_a1, reason="เหตุผล") == [
        "The programme is not active, so its register cannot change."
    ]


# Target tambons (a programme not run in pairs) -----------------------------------------------


def test_a_district_officer_selects_a_tambon_and_it_is_audited(
    cast: Cast, phase1: Programme
) -> None:
    set_province_quota(actor=cast.dept, programme=phase1, province=province("42"), tambons=3)

    target = add_target(actor=cast.dist_a1, programme=phase1, tambon=tambon("420103"))

    assert (target.tambon_id, target.created_by) == ("420103", cast.dist_a1)
    event = AuditEvent.objects.get(action="target.create", area_code="420103")
    assert event.actor == cast.dist_a1
    assert event.object_label == "PH1/2563 นาอ้อ"
    assert selectors.quota_for(phase1, "42") == selectors.Quota(3, 3)


def test_it_refuses_a_tambon_that_is_already_selected(cast: Cast, phase1: Programme) -> None:
    set_province_quota(actor=cast.dept, programme=phase1, province=province("42"), tambons=3)

    assert refused(add_target, actor=cast.dist_a1, programme=phase1, tambon=tambon("420101")) == {
        "tambon": ["Tambon กุดป่อง is already selected."]
    }


def test_it_refuses_a_target_past_the_province_quota(cast: Cast, phase1: Programme) -> None:
    assert refused(add_target, actor=cast.dist_a1, programme=phase1, tambon=tambon("420103")) == [
        "The quota of เลย is used up: 2 of 2 tambons are selected."
    ]
    assert TargetTambon.objects.filter(programme=phase1).count() == 3


def test_it_refuses_a_target_in_a_programme_run_in_pairs(cast: Cast, phase2: Programme) -> None:
    assert refused(add_target, actor=cast.dist_a1, programme=phase2, tambon=tambon("420103")) == [
        "This programme is run in pairs: pair the tambon instead."
    ]


def test_a_district_officer_cannot_select_a_tambon_of_another_district(
    cast: Cast, phase1: Programme
) -> None:
    with pytest.raises(Http404):
        add_target(actor=cast.dist_a1, programme=phase1, tambon=tambon("420202"))


def test_removing_a_target_needs_a_reason_and_is_audited(cast: Cast, phase1: Programme) -> None:
    target = TargetTambon.objects.get(programme=phase1, tambon_id="420201")

    assert refused(remove_target, actor=cast.dist_a2, target=target, reason="") == {
        "reason": ["Give the reason for removing the tambon."]
    }

    remove_target(actor=cast.dist_a2, target=target, reason="ซ้ำ")

    assert not TargetTambon.objects.filter(pk=target.pk).exists()
    event = AuditEvent.objects.get(action="target.delete")
    assert (event.actor, event.area_code, event.reason) == (cast.dist_a2, "420201", "ซ้ำ")


def test_removing_a_target_is_refused_while_leaders_are_registered(
    cast: Cast, phase1: Programme
) -> None:
    add_leaders(cast.dist_a2, phase1, "420201", 1)
    target = TargetTambon.objects.get(programme=phase1, tambon_id="420201")

    assert refused(remove_target, actor=cast.dist_a2, target=target, reason="ซ้ำ") == [
        "This tambon still has 1 registered people. Remove them first."
    ]


def test_removing_a_target_outside_the_district_is_404(cast: Cast, phase1: Programme) -> None:
    target = TargetTambon.objects.get(programme=phase1, tambon_id="450101")

    with pytest.raises(Http404):
        remove_target(actor=cast.dist_a1, target=target, reason="ซ้ำ")
    with pytest.raises(PermissionDenied):
        remove_target(actor=cast.prov_b, target=target, reason="ซ้ำ")


# Selectors the services rely on --------------------------------------------------------------


def test_the_tambons_of_a_phase_are_its_targets_and_both_sides_of_its_pairs(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    assert selectors.participating_tambon_codes(pair_a1.programme) == {
        "420101",
        "420102",
        "450101",
        "450102",
    }
    assert selectors.selected_by_child(pair_a1.programme, "") == {"42": 1, "45": 1}
    assert selectors.selected_by_child(pair_a1.programme, "42") == {"4201": 1}


def test_a_district_sees_only_its_own_pairs(cast: Cast, pair_a1: Pair, pair_b1: Pair) -> None:
    programme = pair_a1.programme

    assert list(selectors.pairs_for(actor=cast.dist_a1, programme=programme)) == [pair_a1]
    assert list(selectors.pairs_for(actor=cast.prov_b, programme=programme)) == [pair_b1]
    assert selectors.pairs_for(actor=cast.viewer, programme=programme).count() == 2
    with pytest.raises(Http404):
        selectors.get_pair_for(actor=cast.dist_a1, pk=pair_b1.pk)


def test_a_draft_programme_is_only_the_departments(cast: Cast, phase2: Programme) -> None:
    update_programme(
        actor=cast.dept, programme=phase2, expected_version=1, status=ProgrammeStatus.DRAFT
    )

    assert phase2 in selectors.programmes_for(actor=cast.viewer)
    assert phase2 not in selectors.programmes_for(actor=cast.prov_a)
    with pytest.raises(Http404):
        selectors.get_programme_for(actor=cast.dist_a1, pk=phase2.pk)
    assert selectors.current_programme(actor=cast.dist_a1) != phase2


# Thai messages -------------------------------------------------------------------------------

THAI_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.mo"


@pytest.mark.skipif(not THAI_CATALOGUE.exists(), reason="locale/th is not compiled yet")
def test_a_refusal_reads_in_thai_with_thai_digits_when_thai_is_active(
    cast: Cast, phase2: Programme
) -> None:
    for code in ("420102", "420103", "420104"):
        pair(cast, phase2, code, "420101")

    with translation.override("th"):
        messages = refused(
            create_pair,
            actor=cast.dist_a1,
            programme=phase2,
            younger=tambon("420105"),
            elder=tambon("420101"),
        )

    assert isinstance(messages, list)
    assert "is used up" not in messages[0]
    assert "เลย" in messages[0]
    assert "๓" in messages[0]


# Rules that keep earlier programmes consistent ------------------------------------------------


def test_a_target_that_coaches_in_a_later_programme_cannot_be_removed(
    cast: Cast, pair_a1: Pair
) -> None:
    earlier = pair_a1.programme.extends
    target = TargetTambon.objects.get(programme=earlier, tambon_id="420101")

    with pytest.raises(ValidationError, match="coaches a younger tambon in 198/2564"):
        remove_target(actor=cast.dist_a1, target=target, reason="ซ้ำ")
    assert TargetTambon.objects.filter(pk=target.pk).exists()


def test_the_extended_programme_cannot_change_once_tambons_are_selected(
    cast: Cast, phase1: Programme
) -> None:
    other = new_programme(cast.dept)

    with pytest.raises(ValidationError, match="cannot change once tambons are selected"):
        update_programme(actor=cast.dept, programme=phase1, expected_version=1, extends=other)
