"""Writing centres and their ledgers: validation, the stock that never goes negative, audit rows,
and the scope and role checks of the services themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from conftest import Cast, tambon
from phinong.audit.models import AuditEvent
from phinong.centres import selectors, services
from phinong.centres.models import CentreStatus, HouseholdKind, SharingCentre, StockMovement
from phinong.centres.tests.helpers import KG, RICE, adjust, donate, give_out
from phinong.core.errors import ConflictError
from phinong.geo import services as geo_services
from phinong.geo.models import Village


def rice(centre: SharingCentre) -> Decimal:
    return StockMovement.objects.filter(centre=centre).of_item(RICE, KG).balance()


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# Centres ---------------------------------------------------------------------------------------


def test_a_district_officer_adds_a_centre_and_it_is_audited(
    cast: Cast, village_a1: Village
) -> None:
    centre = services.create_centre(
        actor=cast.dist_a1,
        tambon=tambon("420102"),
        name="  ศูนย์แบ่งปัน\u200bบ้านนาโป่ง ",
        operator="นางสมศรี  ใจดี",
        village=village_a1,
    )

    assert centre.name == "ศูนย์แบ่งปันบ้านนาโป่ง"
    assert centre.operator == "นางสมศรี ใจดี"
    assert centre.status == CentreStatus.ACTIVE
    event = AuditEvent.objects.get(action="centre.create")
    assert event.actor == cast.dist_a1
    assert event.area_code == "420102"
    assert event.changes["village"] == village_a1.code


def test_the_village_must_be_in_the_centres_tambon(cast: Cast) -> None:
    elsewhere = geo_services.add_village(
        actor=cast.dist_a1, tambon=tambon("420101"), moo=1, name_th="บ้านกุดป่อง"
    )
    with pytest.raises(ValidationError) as exc:
        services.create_centre(
            actor=cast.dist_a1,
            tambon=tambon("420102"),
            name="ศูนย์ ๑",
            operator="อบต.",
            village=elsewhere,
        )
    assert list(errors_of(exc)) == ["village"]
    assert not SharingCentre.objects.exists()


def test_a_name_and_an_operator_are_needed_and_a_name_is_unique_in_its_tambon(
    cast: Cast, centre: SharingCentre
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.create_centre(actor=cast.dist_a1, tambon=tambon("420102"), name=" ", operator="")
    assert set(errors_of(exc)) == {"name", "operator"}

    with pytest.raises(ValidationError) as exc:
        services.create_centre(
            actor=cast.dist_a1, tambon=tambon("420102"), name=centre.name, operator="x"
        )
    assert list(errors_of(exc)) == ["name"]

    other = services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420101"), name=centre.name, operator="x"
    )
    assert other.tambon_id == "420101"


def test_an_edit_is_audited_and_a_stale_version_is_refused(
    cast: Cast, centre: SharingCentre
) -> None:
    services.update_centre(
        actor=cast.dist_a1,
        centre=centre,
        expected_version=1,
        name=centre.name,
        operator="กลุ่มแม่บ้านนาโป่ง",
        status=CentreStatus.INACTIVE,
        village=None,
    )
    centre.refresh_from_db()
    assert (centre.operator, centre.status, centre.village_id, centre.version) == (
        "กลุ่มแม่บ้านนาโป่ง",
        CentreStatus.INACTIVE,
        None,
        2,
    )
    event = AuditEvent.objects.get(action="centre.update")
    assert set(event.changes) == {"operator", "status", "village"}

    with pytest.raises(ConflictError) as conflict:
        services.update_centre(
            actor=cast.dist_a1,
            centre=centre,
            expected_version=1,
            name="ชื่อใหม่",
            operator="x",
            status=CentreStatus.ACTIVE,
            village=None,
        )
    assert conflict.value.current.version == 2
    centre.refresh_from_db()
    assert centre.name == "ศูนย์แบ่งปันบ้านนาโป่ง"


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("dist_a2", Http404),
        ("dist_b1", Http404),
        ("prov_b", Http404),
        ("viewer", PermissionDenied),
        ("prov_a", PermissionDenied),
        ("leader_a1", PermissionDenied),
    ],
)
def test_the_services_check_the_area_and_the_role(
    cast: Cast, centre: SharingCentre, who: str, error: type[Exception]
) -> None:
    actor = getattr(cast, who)
    donate(cast.dist_a1, centre, 10)
    for write in (
        lambda: services.create_centre(
            actor=actor, tambon=tambon("420102"), name="อีกศูนย์", operator="x"
        ),
        lambda: services.update_centre(
            actor=actor,
            centre=centre,
            expected_version=1,
            name="x",
            operator="x",
            status=CentreStatus.ACTIVE,
            village=None,
        ),
        lambda: donate(actor, centre, 1),
        lambda: give_out(actor, centre, 1),
        lambda: adjust(actor, centre, -1),
    ):
        with pytest.raises(error):
            write()
    assert StockMovement.objects.count() == 1
    assert SharingCentre.objects.count() == 1


def test_the_department_admin_manages_any_centre(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dept, centre, 5)
    give_out(cast.dept, centre, 2)
    assert rice(centre) == 3


# The ledger ------------------------------------------------------------------------------------


def test_the_balance_is_the_sum_of_the_movements(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, "12.5")
    donate(cast.dist_a1, centre, "7.25", on=dt.date(2021, 8, 3))
    give_out(cast.dist_a1, centre, "4.75")
    adjust(cast.dist_a1, centre, "-0.5")
    adjust(cast.dist_a1, centre, "2")

    assert rice(centre) == Decimal("16.50")
    assert selectors.balances(centre) == [selectors.Balance(RICE, KG, Decimal("16.50"))]


def test_an_item_is_known_by_its_cleaned_name_and_unit_whatever_the_case(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 5, item="Canned  fish", unit="Can ")
    donate(cast.dist_a1, centre, 5, item=" canned fish", unit="can")
    donate(cast.dist_a1, centre, 5, item=f" {RICE} ", unit=f"{KG}\u200b")

    assert selectors.balances(centre) == [
        selectors.Balance("Canned fish", "Can", Decimal(10)),
        selectors.Balance(RICE, KG, Decimal(5)),
    ]


def test_a_distribution_beyond_the_stock_is_refused_with_the_balance_in_thai_digits(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 5)

    with translation.override("th"), pytest.raises(ValidationError) as exc:
        give_out(cast.dist_a1, centre, "5.5")

    (message,) = errors_of(exc)["quantity"]
    assert RICE in message
    assert KG in message
    assert "๕" in message  # the balance
    assert "๕.๕" in message  # what was asked
    assert "5" not in message
    assert rice(centre) == 5
    assert not StockMovement.objects.filter(kind="out").exists()
    assert not AuditEvent.objects.filter(action="stock.out").exists()


def test_the_refusal_reads_in_english_too(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, 5)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        give_out(cast.dist_a1, centre, 6)
    assert errors_of(exc)["quantity"] == [
        f"Not enough {RICE} in stock: the balance on 10 Aug 2564 BE is 5 {KG}, "
        f"less than the 6 {KG} to take out."
    ]


def test_the_whole_stock_may_go_out_and_then_nothing_more(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 10)
    give_out(cast.dist_a1, centre, 10)
    assert rice(centre) == 0
    with pytest.raises(ValidationError):
        give_out(cast.dist_a1, centre, "0.01")


def test_an_item_never_donated_cannot_go_out(cast: Cast, centre: SharingCentre) -> None:
    with pytest.raises(ValidationError) as exc:
        give_out(cast.dist_a1, centre, 1, item="น้ำปลา", unit="ขวด")
    assert list(errors_of(exc)) == ["quantity"]


def test_a_back_dated_distribution_may_not_overdraw_a_later_balance(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 100, on=dt.date(2021, 8, 1))
    give_out(cast.dist_a1, centre, 80, on=dt.date(2021, 8, 20))

    with pytest.raises(ValidationError) as exc:  # 100 on 10 Aug, but 20 Aug would be -10
        give_out(cast.dist_a1, centre, 30, on=dt.date(2021, 8, 10))
    assert "๒๐" in errors_of(exc)["quantity"][0]  # what can still go out on that date
    with pytest.raises(ValidationError):  # nothing was there yet
        give_out(cast.dist_a1, centre, 1, on=dt.date(2021, 7, 31))

    give_out(cast.dist_a1, centre, 20, on=dt.date(2021, 8, 10))
    assert rice(centre) == 0


def test_a_distribution_names_its_households(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, 10)
    with pytest.raises(ValidationError) as exc:
        give_out(cast.dist_a1, centre, 1, kind="tourists", households=0)
    assert set(errors_of(exc)) == {"household_kind", "households"}

    movement = give_out(cast.dist_a1, centre, 2, kind=HouseholdKind.HICI, households=2)
    assert (movement.household_kind, movement.households) == ("hici", 2)


@pytest.mark.parametrize(
    ("quantity", "field"),
    [("0", "quantity"), ("-1", "quantity"), ("1.005", "quantity"), ("1e10", "quantity")],
)
def test_a_donation_needs_a_positive_quantity_with_two_decimals_at_most(
    cast: Cast, centre: SharingCentre, quantity: str, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        donate(cast.dist_a1, centre, quantity)
    assert list(errors_of(exc)) == [field]


def test_a_donation_needs_a_donor_an_item_a_unit_and_a_date_not_in_the_future(
    cast: Cast, centre: SharingCentre
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        donate(cast.dist_a1, centre, 1, donor=" ", item="", unit=" ", on=tomorrow)
    assert set(errors_of(exc)) == {"donor", "item", "unit", "occurred_on"}
    assert not StockMovement.objects.exists()


def test_an_adjustment_needs_a_reason_and_is_not_zero(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, 10)
    with pytest.raises(ValidationError) as exc:
        adjust(cast.dist_a1, centre, -1, reason="  ")
    assert list(errors_of(exc)) == ["reason"]
    with pytest.raises(ValidationError) as exc:
        adjust(cast.dist_a1, centre, 0)
    assert list(errors_of(exc)) == ["quantity"]
    assert rice(centre) == 10


def test_an_adjustment_corrects_a_mistake_and_is_audited_with_its_reason(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 100)  # it was 10
    movement = adjust(cast.dist_a1, centre, -90, reason="พิมพ์ผิด: รับบริจาค ๑๐ กก.")

    assert rice(centre) == 10
    assert movement.kind == "adjustment"
    event = AuditEvent.objects.get(action="stock.adjustment")
    assert event.reason == "พิมพ์ผิด: รับบริจาค ๑๐ กก."
    assert event.object_id == str(centre.pk)
    assert event.changes["movement"] == movement.pk
    assert event.changes["quantity"] == "-90"


def test_a_negative_adjustment_may_not_take_the_stock_below_zero(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 3)
    with pytest.raises(ValidationError) as exc:
        adjust(cast.dist_a1, centre, -4)
    assert list(errors_of(exc)) == ["quantity"]
    adjust(cast.dist_a1, centre, 4, reason="พบของในโกดัง")
    assert rice(centre) == 7


def test_an_inactive_centre_takes_no_donations_nor_distributions_but_may_be_adjusted(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 3)
    services.update_centre(
        actor=cast.dist_a1,
        centre=centre,
        expected_version=1,
        name=centre.name,
        operator=centre.operator,
        status=CentreStatus.INACTIVE,
        village=None,
    )
    with pytest.raises(ValidationError):
        donate(cast.dist_a1, centre, 1)
    with pytest.raises(ValidationError):
        give_out(cast.dist_a1, centre, 1)
    adjust(cast.dist_a1, centre, -3, reason="ปิดศูนย์ ส่งต่อให้ศูนย์ตำบล")
    assert rice(centre) == 0


def test_every_movement_is_audited_on_its_centre(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, 10)
    give_out(cast.dist_a1, centre, 4, kind=HouseholdKind.HICI, households=2)

    events = AuditEvent.objects.filter(object_type="centres.sharingcentre", object_id=centre.pk)
    assert list(events.values_list("action", flat=True).order_by("id")) == [
        "centre.create",
        "stock.in",
        "stock.out",
    ]
    out = events.get(action="stock.out")
    assert (
        out.changes.items() >= {"household_kind": "hici", "households": 2, "quantity": "4"}.items()
    )
    assert out.area_code == "420102"
