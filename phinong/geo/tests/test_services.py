"""Loading the geography, and the villages that district officers add."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from conftest import Cast
from phinong.audit.models import AuditEvent
from phinong.geo.models import BANGKOK, District, Province, Tambon, Village
from phinong.geo.services import add_village, load_geography

PROVINCES, DISTRICTS, TAMBONS = 77, 928, 7436


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Check the English source text, whatever translations exist."""
    with translation.override("en"):
        yield


def test_it_loads_every_province_district_and_tambon(db: None) -> None:
    result = load_geography()

    assert Province.objects.count() == PROVINCES
    assert District.objects.count() == DISTRICTS
    assert Tambon.objects.count() == TAMBONS
    assert result.created == PROVINCES + DISTRICTS + TAMBONS
    assert result.updated == 0
    assert result.unchanged == 0


def test_it_gives_every_area_its_thai_and_english_name_under_its_parent(db: None) -> None:
    load_geography()

    loei = Province.objects.get(code="42")
    assert loei.name_th == "เลย"
    assert loei.name_en
    mueang_loei = District.objects.get(code="4201")
    assert mueang_loei.province_id == "42"
    assert mueang_loei.name_th == "เมืองเลย"
    kut_pong = Tambon.objects.get(code="420101")
    assert kut_pong.district_id == "4201"
    assert kut_pong.name_th == "กุดป่อง"
    assert not District.objects.exclude(code__regex=r"^\d{4}$").exists()
    assert not Tambon.objects.exclude(code__regex=r"^\d{6}$").exists()


def test_it_marks_bangkok_outside_the_cdds_scope_and_every_other_province_inside(
    db: None,
) -> None:
    load_geography()

    assert Province.objects.get(code=BANGKOK).in_cdd_scope is False
    assert list(Province.objects.filter(in_cdd_scope=False).values_list("code", flat=True)) == [
        "10"
    ]
    assert Province.objects.filter(in_cdd_scope=True).count() == PROVINCES - 1


def test_a_second_run_changes_nothing(db: None) -> None:
    load_geography()

    again = load_geography()

    assert again.created == again.updated == 0
    assert again.unchanged == PROVINCES + DISTRICTS + TAMBONS
    assert Tambon.objects.count() == TAMBONS


def test_a_run_repairs_a_changed_name_and_a_wrong_scope_flag(db: None) -> None:
    load_geography()
    Tambon.objects.filter(code="420101").update(name_th="ผิด")
    Province.objects.filter(code=BANGKOK).update(in_cdd_scope=True)

    result = load_geography()

    assert result.created == 0
    assert result.updated == 2
    assert Tambon.objects.get(code="420101").name_th == "กุดป่อง"
    assert Province.objects.get(code=BANGKOK).in_cdd_scope is False


def test_the_command_is_idempotent_too(db: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    first, second = StringIO(), StringIO()
    call_command("load_geography", stdout=first)
    call_command("load_geography", stdout=second)

    assert f"{PROVINCES + DISTRICTS + TAMBONS} created" in first.getvalue()
    assert "0 created, 0 updated" in second.getvalue()


# Villages ------------------------------------------------------------------------------------


def test_a_district_officer_adds_a_village_to_a_tambon_of_their_district(cast: Cast) -> None:
    kut_pong = Tambon.objects.get(code="420101")

    village = add_village(actor=cast.dist_a1, tambon=kut_pong, moo=3, name_th="  บ้านนาโป่ง  ")

    assert village.code == "42010103"
    assert village.moo == 3
    assert village.name_th == "บ้านนาโป่ง"
    event = AuditEvent.objects.get(action="village.create")
    assert event.actor == cast.dist_a1
    assert event.actor_username == "dist-a1"
    assert event.area_code == "42010103"
    assert event.object_id == "42010103"
    assert event.origin == "system"
    assert event.changes == {"moo": 3, "name_th": "บ้านนาโป่ง"}


def test_it_refuses_a_village_in_another_district_as_if_it_did_not_exist(cast: Cast) -> None:
    with pytest.raises(Http404):
        add_village(
            actor=cast.dist_a1, tambon=Tambon.objects.get(code="420201"), moo=1, name_th="บ้าน"
        )
    assert not Village.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_it_refuses_a_village_from_a_role_that_may_not_add_one(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        add_village(
            actor=getattr(cast, who),
            tambon=Tambon.objects.get(code="420102"),
            moo=1,
            name_th="บ้าน",
        )
    assert not Village.objects.exists()


@pytest.mark.parametrize("moo", [0, 100, -1])
def test_it_refuses_a_village_number_outside_1_to_99(cast: Cast, moo: int) -> None:
    with pytest.raises(ValidationError) as caught:
        add_village(
            actor=cast.dist_a1, tambon=Tambon.objects.get(code="420101"), moo=moo, name_th="บ้าน"
        )
    assert caught.value.message_dict == {"moo": ["The village number (หมู่ที่) must be from 1 to 99."]}


def test_it_refuses_a_village_with_no_name(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        add_village(
            actor=cast.dist_a1, tambon=Tambon.objects.get(code="420101"), moo=1, name_th="   "
        )
    assert caught.value.message_dict == {"name_th": ["The village name is missing."]}


def test_it_refuses_a_second_village_with_the_same_number(cast: Cast) -> None:
    kut_pong = Tambon.objects.get(code="420101")
    add_village(actor=cast.dist_a1, tambon=kut_pong, moo=1, name_th="บ้านหนึ่ง")

    with pytest.raises(ValidationError) as caught:
        add_village(actor=cast.dist_a1, tambon=kut_pong, moo=1, name_th="บ้านสอง")

    assert caught.value.message_dict == {"moo": ["Tambon กุดป่อง already has village number 1."]}
    assert Village.objects.count() == 1
    assert AuditEvent.objects.filter(action="village.create").count() == 1


def test_the_department_admin_may_add_a_village_anywhere(cast: Cast) -> None:
    village = add_village(
        actor=cast.dept, tambon=Tambon.objects.get(code="450101"), moo=12, name_th="บ้านโนน"
    )

    assert village.code == "45010112"
