"""Writing partners: who may, what is checked, and the audit row each write leaves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import Cast, tambon
from phinong.audit.models import AuditEvent
from phinong.core.errors import ConflictError
from phinong.partners import services
from phinong.partners.models import Partner, PartnerKind, PartnerTambon
from phinong.partners.tests.conftest import make_partner, partner_data


def events(partner: Partner) -> list[tuple[str, str, str]]:
    """(action, area code, tambon) of the partner's audit rows, oldest first."""
    rows = AuditEvent.objects.filter(object_type="partners.partner", object_id=str(partner.pk))
    return [(e.action, e.area_code, e.changes.get("tambon", "")) for e in rows.order_by("id")]


# Creating ------------------------------------------------------------------------------------


def test_a_district_officer_registers_a_partner_owned_by_the_district(cast: Cast) -> None:
    partner = make_partner(cast.dist_a1, "420102", "420103", phone="๐๘-๑๒๓๔-๕๖๗๘")

    assert partner.owner_code == "4201"
    assert partner.created_by == cast.dist_a1
    assert partner.phone == "0812345678"
    assert sorted(partner.tambons.values_list("code", flat=True)) == ["420102", "420103"]
    assert events(partner) == [
        ("partner.create", "4201", ""),
        ("partner.link", "420102", "420102 เมือง"),
        ("partner.link", "420103", "420103 นาอ้อ"),
    ]
    created = AuditEvent.objects.get(action="partner.create")
    assert created.actor == cast.dist_a1
    assert created.changes["name"] == "วัดศรีสุทธาวาส"
    assert created.changes["kind"] == "temple"
    link = PartnerTambon.objects.get(tambon_id="420102")
    assert link.created_by == cast.dist_a1
    assert link.created_at is not None


def test_the_department_registers_a_partner_owned_by_the_department(cast: Cast) -> None:
    partner = make_partner(cast.dept, "420102", "450102", kind=PartnerKind.NGO)
    assert partner.owner_code == ""
    assert partner.tambons.count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "  "), ("kind", "bank"), ("phone", "12345"), ("name", "ก" * 201)],
)
def test_a_partner_with_bad_data_is_refused_on_its_field(
    cast: Cast, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_partner(cast.dist_a1, "420102", **{field: value})
    assert field in caught.value.error_dict
    assert not Partner.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_district_officer_cannot_link_a_tambon_of_another_district(cast: Cast) -> None:
    """Decided: a tambon outside the actor's area is 404, as if it did not exist; nothing is kept."""
    with pytest.raises(Http404):
        make_partner(cast.dist_a1, "420102", "420201")  # 420201 is in district 4202
    assert not Partner.objects.exists()
    assert not PartnerTambon.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_a_role_that_only_reads_cannot_register_a_partner(cast: Cast, who: str) -> None:
    with pytest.raises(PermissionDenied):
        make_partner(getattr(cast, who), "420102")
    assert not Partner.objects.exists()


# Linking and unlinking ------------------------------------------------------------------------


def test_a_tambon_is_linked_and_the_link_is_logged_on_the_partner(
    cast: Cast, partner_a1: Partner
) -> None:
    services.link_tambon(actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420104"))

    assert partner_a1.tambons.filter(code="420104").exists()
    assert events(partner_a1)[-1] == ("partner.link", "420104", "420104 กกดู่")


def test_the_same_tambon_is_not_linked_twice(cast: Cast, partner_a1: Partner) -> None:
    with pytest.raises(ValidationError) as caught:
        services.link_tambon(actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420102"))
    assert "tambons" in caught.value.error_dict
    assert PartnerTambon.objects.count() == 1


def test_only_the_district_that_registered_a_partner_links_to_it(
    cast: Cast, partner_a1: Partner
) -> None:
    with pytest.raises(Http404):
        services.link_tambon(actor=cast.dist_a2, partner=partner_a1, tambon=tambon("420201"))
    services.link_tambon(actor=cast.dept, partner=partner_a1, tambon=tambon("420201"))
    assert partner_a1.tambons.count() == 2


def test_unlinking_needs_a_reason_and_is_audited(cast: Cast, partner_a1: Partner) -> None:
    with pytest.raises(ValidationError):
        services.unlink_tambon(
            actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420102"), reason=" "
        )
    assert partner_a1.tambons.count() == 1

    services.unlink_tambon(
        actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420102"), reason="ย้ายไปตำบลอื่น"
    )

    assert not partner_a1.tambons.exists()
    event = AuditEvent.objects.get(action="partner.unlink")
    assert (event.actor, event.area_code, event.reason) == (cast.dist_a1, "420102", "ย้ายไปตำบลอื่น")
    assert event.changes == {"tambon": "420102 เมือง"}


def test_unlinking_a_tambon_the_partner_does_not_work_in_is_refused(
    cast: Cast, partner_a1: Partner
) -> None:
    with pytest.raises(ValidationError):
        services.unlink_tambon(
            actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420103"), reason="x"
        )
    assert not AuditEvent.objects.filter(action="partner.unlink").exists()


def test_a_district_cannot_unlink_a_tambon_outside_its_area(cast: Cast) -> None:
    """The department linked 420201 (district 4202) to 4201's partner; 4201 cannot remove it."""
    partner = make_partner(cast.dist_a1, "420102")
    services.link_tambon(actor=cast.dept, partner=partner, tambon=tambon("420201"))
    with pytest.raises(Http404):
        services.unlink_tambon(
            actor=cast.dist_a1, partner=partner, tambon=tambon("420201"), reason="x"
        )
    assert partner.tambons.count() == 2


# Editing -------------------------------------------------------------------------------------


def test_an_edit_is_audited_with_what_changed_and_adds_tambons(
    cast: Cast, partner_a1: Partner
) -> None:
    services.update_partner(
        actor=cast.dist_a1,
        partner=partner_a1,
        expected_version=1,
        data=partner_data(kind=PartnerKind.SCHOOL, name="โรงเรียนบ้านเมือง"),
        add_tambons=[tambon("420103")],
    )

    partner_a1.refresh_from_db()
    assert (partner_a1.name, partner_a1.kind, partner_a1.version) == ("โรงเรียนบ้านเมือง", "school", 2)
    update = AuditEvent.objects.get(action="partner.update")
    assert update.changes == {
        "name": ["วัดศรีสุทธาวาส", "โรงเรียนบ้านเมือง"],
        "kind": ["temple", "school"],
    }
    assert events(partner_a1)[-1] == ("partner.link", "420103", "420103 นาอ้อ")


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(
    cast: Cast, partner_a1: Partner
) -> None:
    services.update_partner(
        actor=cast.dist_a1, partner=partner_a1, expected_version=1, data=partner_data(name="ก")
    )
    with pytest.raises(ConflictError) as caught:
        services.update_partner(
            actor=cast.dist_a1,
            partner=partner_a1,
            expected_version=1,
            data=partner_data(name="ข"),
            add_tambons=[tambon("420103")],
        )
    assert caught.value.current.name == "ก"
    partner_a1.refresh_from_db()
    assert (partner_a1.name, partner_a1.version) == ("ก", 2)
    assert partner_a1.tambons.count() == 1


def test_another_district_cannot_edit_a_partner_that_works_in_its_tambon(
    cast: Cast, partner_a1: Partner
) -> None:
    services.link_tambon(actor=cast.dept, partner=partner_a1, tambon=tambon("420201"))
    with pytest.raises(Http404):
        services.update_partner(
            actor=cast.dist_a2, partner=partner_a1, expected_version=1, data=partner_data(name="x")
        )
    partner_a1.refresh_from_db()
    assert partner_a1.version == 1


def test_a_district_cannot_edit_a_partner_of_the_department(cast: Cast) -> None:
    partner = make_partner(cast.dept, "420102")
    with pytest.raises(Http404):
        services.update_partner(
            actor=cast.dist_a1, partner=partner, expected_version=1, data=partner_data(name="x")
        )


# Deleting ------------------------------------------------------------------------------------


def test_deleting_needs_a_reason_and_keeps_the_partner_in_the_audit_row(
    cast: Cast, partner_a1: Partner
) -> None:
    services.link_tambon(actor=cast.dist_a1, partner=partner_a1, tambon=tambon("420103"))
    with pytest.raises(ValidationError):
        services.delete_partner(actor=cast.dist_a1, partner=partner_a1, reason="")
    assert Partner.objects.exists()

    pk = partner_a1.pk
    services.delete_partner(actor=cast.dist_a1, partner=partner_a1, reason="เลิกกิจการ")

    assert not Partner.objects.exists()
    assert not PartnerTambon.objects.exists()
    event = AuditEvent.objects.get(action="partner.delete")
    assert (event.object_id, event.area_code, event.reason) == (str(pk), "4201", "เลิกกิจการ")
    assert event.changes["name"] == "วัดศรีสุทธาวาส"
    assert event.changes["tambons"] == ["420102", "420103"]


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_a_role_that_only_reads_cannot_delete(cast: Cast, partner_a1: Partner, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.delete_partner(actor=getattr(cast, who), partner=partner_a1, reason="x")
    assert Partner.objects.exists()
