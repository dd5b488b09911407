"""The centre pages: a tambon's centres, a centre with its stock and forms, the stock card, the
phone layout, the query counts, and scoping on every URL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Cast, client_for, tambon
from phinong.audit.models import AuditEvent
from phinong.centres import services
from phinong.centres.models import CentreStatus, SharingCentre, StockMovement
from phinong.centres.tests.helpers import KG, RICE, donate, give_out
from phinong.centres.urls import urlpatterns

OFFICE_IP = "203.0.113.7"


def english(client: Client) -> Client:
    """Pages in English, so that the tests read the source text and not a translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response: Any) -> str:
    return response.content.decode()


def element(page: str, element_id: str, end: str) -> str:
    """The page from the element with this id to the first `end` after it."""
    start = page.index(f'id="{element_id}"')
    return page[start : page.index(end, start)]


def form_errors(response: Any, form: str, field: str | None = None) -> list[str]:
    bound = response.context[form]
    return list(bound.non_field_errors() if field is None else bound.errors.get(field, []))


def card_url(
    centre: SharingCentre, item: str = RICE, unit: str = KG, month: str = "2021-08"
) -> str:
    return f"/centres/{centre.pk}/stock-card/?" + urlencode(
        {"item": item, "unit": unit, "month": month}
    )


def donation(**overrides: str) -> dict[str, str]:
    return {
        "donation-occurred_on": "02/08/2564",
        "donation-donor": "ร้านค้าชุมชน",
        "donation-item": RICE,
        "donation-unit": KG,
        "donation-quantity": "10",
    } | {f"donation-{k}": v for k, v in overrides.items()}


def distribution(**overrides: str) -> dict[str, str]:
    return {
        "distribution-occurred_on": "10/08/2564",
        "distribution-stock": f"{RICE}\t{KG}",
        "distribution-quantity": "1",
        "distribution-household_kind": "hici",
        "distribution-households": "1",
    } | {f"distribution-{k}": v for k, v in overrides.items()}


def adjustment(**overrides: str) -> dict[str, str]:
    return {
        "adjustment-occurred_on": "15/08/2564",
        "adjustment-item": RICE,
        "adjustment-unit": KG,
        "adjustment-quantity": "-1",
        "adjustment-reason": "นับจริงขาดไป",
    } | {f"adjustment-{k}": v for k, v in overrides.items()}


def edit(centre: SharingCentre, **overrides: str) -> dict[str, str]:
    return {
        "centre-name": centre.name,
        "centre-village": centre.village_id or "",
        "centre-operator": centre.operator,
        "centre-status": centre.status,
        "centre-version": str(centre.version),
    } | {f"centre-{k}": v for k, v in overrides.items()}


# A tambon's centres ----------------------------------------------------------------------------


def test_the_tambon_page_lists_its_centres_with_thai_digits(
    cast: Cast, ledger: SharingCentre
) -> None:
    services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420101"), name="ศูนย์กุดป่อง", operator="อบต."
    )

    response = client_for(cast.dist_a1).get("/centres/tambons/420102/")

    assert response.status_code == 200
    assert list(response.context["centres"]) == [ledger]
    page = text(response)
    assert "ศูนย์แบ่งปันบ้านนาโป่ง" in page
    assert "ศูนย์กุดป่อง" not in page
    assert ">๘</td>" in page  # eight movements
    assert "๓๑ ส.ค. ๒๕๖๔" in page  # the latest
    assert 'id="centre-form"' in page


def test_a_district_officer_adds_a_centre_from_the_tambon_page(cast: Cast, village_a1: Any) -> None:
    response = client_for(cast.dist_a1).post(
        "/centres/tambons/420102/",
        {
            "centre-name": "ศูนย์แบ่งปันวัดศรี",
            "centre-village": village_a1.code,
            "centre-operator": "พระครูสมุห์",
        },
        REMOTE_ADDR=OFFICE_IP,
    )

    centre = SharingCentre.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/centres/{centre.pk}/"
    assert (centre.tambon_id, centre.village, centre.operator) == ("420102", village_a1, "พระครูสมุห์")
    assert AuditEvent.objects.get(action="centre.create").origin == OFFICE_IP


def test_a_duplicate_name_is_shown_on_the_name_field(cast: Cast, centre: SharingCentre) -> None:
    response = english(client_for(cast.dist_a1)).post(
        "/centres/tambons/420102/", {"centre-name": centre.name, "centre-operator": "x"}
    )
    assert response.status_code == 200
    assert form_errors(response, "form", "name") == [
        f"Tambon เมือง already has a centre called {centre.name}."
    ]
    assert SharingCentre.objects.count() == 1


def test_a_village_of_another_tambon_cannot_be_chosen(cast: Cast, village_a1: Any) -> None:
    response = client_for(cast.dist_a1).post(
        "/centres/tambons/420101/",
        {"centre-name": "x", "centre-village": village_a1.code, "centre-operator": "x"},
    )
    assert response.status_code == 200
    assert form_errors(response, "form", "village")
    assert not SharingCentre.objects.exists()


def test_a_read_only_role_sees_no_form(cast: Cast, centre: SharingCentre) -> None:
    response = client_for(cast.prov_a).get("/centres/tambons/420102/")
    assert response.status_code == 200
    assert 'id="centre-form"' not in text(response)


# A centre's page -------------------------------------------------------------------------------


def test_the_centre_page_shows_the_stock_the_ledger_and_the_history(
    cast: Cast, ledger: SharingCentre
) -> None:
    response = client_for(cast.dist_a1).get(f"/centres/{ledger.pk}/")

    assert response.status_code == 200
    page = text(response)
    balances = element(page, "balances", "</table>")
    assert ">๕๐</td>" in balances
    assert ">๑๘๐</td>" in balances
    movements = list(response.context["movements"])
    assert movements[0].occurred_on == dt.date(2021, 8, 31)
    assert len(movements) == 8
    assert "-๒๐ กก." in page
    assert "หนูกัดกระสอบ" in page  # the adjustment's reason
    assert "ปรับยอดคงคลัง" in page and "stock.adjustment" not in page  # the audit log, in words
    for form in ("donation", "distribution", "adjustment", "edit"):
        assert f'id="{form}"' in page


def test_a_read_only_role_sees_the_ledger_without_forms(cast: Cast, ledger: SharingCentre) -> None:
    response = client_for(cast.leader_a1).get(f"/centres/{ledger.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert ">๕๐</td>" in page
    for form in ("donation", "distribution", "adjustment", "edit"):
        assert f'id="{form}"' not in page


def test_a_donation_is_recorded_from_the_form_with_thai_digits(
    cast: Cast, centre: SharingCentre
) -> None:
    response = client_for(cast.dist_a1).post(
        f"/centres/{centre.pk}/donations/",
        donation(quantity="๑,๒๑๒.๕", occurred_on="๒/๘/๒๕๖๔"),
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 302
    assert response["Location"] == f"/centres/{centre.pk}/#movements"
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.quantity, movement.occurred_on) == (
        "in",
        Decimal("1212.5"),
        dt.date(2021, 8, 2),
    )
    assert movement.created_by == cast.dist_a1
    assert AuditEvent.objects.get(action="stock.in").origin == OFFICE_IP


def test_a_distribution_beyond_the_stock_is_refused_on_the_page(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 5)

    response = english(client_for(cast.dist_a1)).post(
        f"/centres/{centre.pk}/distributions/", distribution(quantity="6")
    )

    assert response.status_code == 200
    assert response.context["section"] == "distribution"
    assert form_errors(response, "distribution_form", "quantity") == [
        f"Not enough {RICE} in stock: the balance on 10 Aug 2564 BE is 5 {KG}, "
        f"less than the 6 {KG} to take out."
    ]
    assert '<details class="card" id="distribution" open>' in text(response)
    assert StockMovement.objects.count() == 1


def test_a_distribution_is_recorded_from_the_form(cast: Cast, centre: SharingCentre) -> None:
    donate(cast.dist_a1, centre, 5)
    response = client_for(cast.dist_a1).post(
        f"/centres/{centre.pk}/distributions/", distribution(quantity="๕", households="๒")
    )
    assert response.status_code == 302
    out = StockMovement.objects.get(kind="out")
    assert (out.item, out.unit, out.quantity, out.households) == (RICE, KG, 5, 2)


def test_an_item_not_in_stock_cannot_be_chosen_for_a_distribution(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 1)
    give_out(cast.dist_a1, centre, 1)
    client = client_for(cast.dist_a1)

    assert "Nothing in stock" in text(english(client).get(f"/centres/{centre.pk}/"))
    response = client.post(f"/centres/{centre.pk}/distributions/", distribution())
    assert response.status_code == 200
    assert form_errors(response, "distribution_form", "stock")


def test_an_adjustment_without_a_reason_is_refused_on_the_page(
    cast: Cast, centre: SharingCentre
) -> None:
    donate(cast.dist_a1, centre, 5)
    response = client_for(cast.dist_a1).post(
        f"/centres/{centre.pk}/adjustments/", adjustment(reason=" ")
    )
    assert response.status_code == 200
    assert form_errors(response, "adjustment_form", "reason")
    assert StockMovement.objects.count() == 1

    response = client_for(cast.dist_a1).post(
        f"/centres/{centre.pk}/adjustments/", adjustment(quantity="-๒.๕")
    )
    assert response.status_code == 302
    assert StockMovement.objects.get(kind="adjustment").quantity == Decimal("-2.5")


def test_the_centre_is_edited_and_a_concurrent_edit_is_not_overwritten(
    cast: Cast, centre: SharingCentre
) -> None:
    client = english(client_for(cast.dist_a1))
    stale = edit(centre)

    response = client.post(
        f"/centres/{centre.pk}/edit/", edit(centre, operator="กลุ่มแม่บ้าน", status="inactive")
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.operator, centre.status, centre.version) == ("กลุ่มแม่บ้าน", "inactive", 2)

    response = client.post(f"/centres/{centre.pk}/edit/", stale | {"centre-name": "ชื่อใหม่"})
    assert response.status_code == 200
    assert "Someone else saved this centre" in form_errors(response, "edit_form")[0]
    assert response.context["conflict"].operator == "กลุ่มแม่บ้าน"
    centre.refresh_from_db()
    assert centre.name == "ศูนย์แบ่งปันบ้านนาโป่ง"


# The stock card --------------------------------------------------------------------------------


def test_the_stock_card_shows_the_month_in_be_with_running_balances(
    cast: Cast, ledger: SharingCentre
) -> None:
    response = client_for(cast.dist_a1).get(card_url(ledger))

    assert response.status_code == 200
    card = response.context["card"]
    assert (card.opening, card.closing) == (70, 50)
    page = text(response)
    assert "สิงหาคม ๒๕๖๔" in page
    assert "๒ ส.ค. ๒๕๖๔" in page
    assert "๓๑ ส.ค. ๒๕๖๔" in page
    assert "<b>๗๐</b>" in element(page, "opening", "</tr>")
    assert "<b>๕๐</b>" in element(page, "closing", "</tr>")
    assert ">๕๐</td>" in element(page, "closing", "</tr>") and ">๗๐</td>" in element(
        page, "closing", "</tr>"
    )  # in and out
    assert [line.balance for line in card.lines] == [120, 75, 70, 50]
    assert '<option value="2021-07">กรกฎาคม ๒๕๖๔</option>' in page


def test_the_stock_card_in_english_keeps_the_buddhist_era(
    cast: Cast, ledger: SharingCentre
) -> None:
    page = text(english(client_for(cast.dist_a1)).get(card_url(ledger, month="2021-07")))
    assert "Jul 2564 BE" in page
    assert "20 Jul 2564 BE" in page


def test_the_stock_card_takes_a_be_month(cast: Cast, ledger: SharingCentre) -> None:
    response = client_for(cast.dist_a1).get(card_url(ledger, month="๒๕๖๔-๐๗"))
    assert response.context["card"].month == dt.date(2021, 7, 1)


@pytest.mark.parametrize(
    ("item", "unit", "month"),
    [(RICE, "ถุง", "2021-08"), ("", "", "2021-08"), (RICE, KG, "August"), (RICE, KG, "2021-13")],
)
def test_a_stock_card_of_an_unknown_item_or_month_is_404(
    cast: Cast, ledger: SharingCentre, item: str, unit: str, month: str
) -> None:
    response = client_for(cast.dist_a1).get(card_url(ledger, item=item, unit=unit, month=month))
    assert response.status_code == 404


# On a phone, and the query counts ----------------------------------------------------------------


class _Cells(HTMLParser):
    """Counts the cells of responsive tables that would show no label on a phone."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.cells, self.unlabelled = 0, 0, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.depth += "responsive" in (found.get("class") or "").split()
        elif tag == "td" and self.depth and "colspan" not in found:
            self.cells += 1
            self.unlabelled += not found.get("data-label")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1


def test_every_table_cell_is_labelled_for_a_phone(cast: Cast, ledger: SharingCentre) -> None:
    client = client_for(cast.dist_a1)
    for url in ("/centres/tambons/420102/", f"/centres/{ledger.pk}/", card_url(ledger)):
        parser = _Cells()
        parser.feed(text(client.get(url)))
        assert parser.cells > 5, url
        assert parser.unlabelled == 0, url


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_pages_make_the_same_few_queries_however_long_the_ledger(
    cast: Cast, ledger: SharingCentre
) -> None:
    client = client_for(cast.dist_a1)
    urls = ("/centres/tambons/420102/", f"/centres/{ledger.pk}/", card_url(ledger))
    before = [queries(client, url) for url in urls]
    # measured, with the session and the user; the centre page reads the village named in its history
    assert before <= [6, 10, 7], before

    for day in range(1, 20):
        donate(cast.dist_a1, ledger, day, item=f"ของ {day}", on=dt.date(2021, 8, day))
        give_out(cast.dist_a1, ledger, 1, on=dt.date(2021, 8, day))
    services.create_centre(actor=cast.dist_a1, tambon=tambon("420102"), name="ศูนย์ ๒", operator="x")

    assert [queries(client, url) for url in urls] == before


def test_the_donation_form_page_makes_the_same_few_queries_however_long_the_ledger(
    cast: Cast, ledger: SharingCentre, django_assert_num_queries: Any
) -> None:
    """Session, user (with its unread count), centre, stock (which counts the movements too),
    the movements' page, the villages of the edit form, the history and the village it names."""
    client = client_for(cast.dist_a1)
    url = f"/centres/{ledger.pk}/donations/"
    with django_assert_num_queries(8):
        page = client.get(url)
    assert text(page).count('data-label="วันที่"') == 8  # a row per movement, each labelled

    for day in range(1, 30):
        donate(cast.dist_a1, ledger, day, item=f"ของ {day}", on=dt.date(2021, 8, day))
    with django_assert_num_queries(8):
        page = client.get(url)
    assert text(page).count('data-label="วันที่"') == 37
    assert len(page.context["balances"]) == 31


# Scoping on every URL ----------------------------------------------------------------------------


def centre_urls(centre: SharingCentre) -> tuple[list[str], list[str]]:
    """(pages that read, URLs that write); every URL of the app is in one of the two."""
    reads = ["/centres/tambons/420102/", f"/centres/{centre.pk}/", card_url(centre)]
    writes = [
        f"/centres/{centre.pk}/edit/",
        f"/centres/{centre.pk}/donations/",
        f"/centres/{centre.pk}/distributions/",
        f"/centres/{centre.pk}/adjustments/",
    ]
    return reads, writes


def all_forms(centre: SharingCentre) -> dict[str, str]:
    return donation() | distribution() | adjustment() | edit(centre) | {"centre-name": "ใหม่"}


def test_the_scoping_tests_cover_every_centres_url() -> None:
    """A new URL must be added to centre_urls() so that the tests below check it.

    There is no URL that edits or deletes a movement: the ledger is only ever appended to.
    """
    assert {pattern.name for pattern in urlpatterns} == {
        "tambon",
        "centre",
        "stock_card",
        "edit",
        "donation",
        "distribution",
        "adjustment",
    }


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_every_centres_url_is_404_outside_the_area(
    cast: Cast, ledger: SharingCentre, who: str
) -> None:
    client = client_for(getattr(cast, who))
    reads, writes = centre_urls(ledger)

    for url in reads + writes:
        assert client.get(url).status_code == 404, url
        assert client.post(url, all_forms(ledger)).status_code == 404, url
    assert StockMovement.objects.count() == 8
    assert SharingCentre.objects.count() == 1
    assert not AuditEvent.objects.filter(actor=getattr(cast, who)).exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_every_centres_write_is_403_for_a_role_that_only_reads(
    cast: Cast, ledger: SharingCentre, who: str
) -> None:
    client = client_for(getattr(cast, who))
    reads, writes = centre_urls(ledger)

    for url in reads:
        assert client.get(url).status_code == 200, url
    for url in [reads[0], *writes]:
        assert client.post(url, all_forms(ledger)).status_code == 403, url
    for url in writes:
        assert client.get(url).status_code == 403, url
    assert StockMovement.objects.count() == 8
    assert SharingCentre.objects.count() == 1
    ledger.refresh_from_db()
    assert (ledger.version, ledger.status) == (1, CentreStatus.ACTIVE)


def test_a_centre_that_does_not_exist_is_404(cast: Cast, ledger: SharingCentre) -> None:
    client = client_for(cast.dept)
    for url in (
        "/centres/999999/",
        "/centres/999999/edit/",
        "/centres/999999/donations/",
        "/centres/999999/stock-card/?item=x&unit=y",
        "/centres/tambons/999999/",
        "/centres/tambons/4201/",  # a district is not a tambon
    ):
        assert client.get(url).status_code == 404, url


def test_the_department_reads_and_writes_everywhere(cast: Cast, ledger: SharingCentre) -> None:
    client = client_for(cast.dept)
    for url in centre_urls(ledger)[0]:
        assert client.get(url).status_code == 200, url
    response = client.post(f"/centres/{ledger.pk}/donations/", donation())
    assert response.status_code == 302


def test_the_centre_pages_need_a_login(cast: Cast, ledger: SharingCentre) -> None:
    for url in [*centre_urls(ledger)[0], *centre_urls(ledger)[1]]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_the_stock_card_opens_at_the_items_latest_month(cast: Cast, ledger: SharingCentre) -> None:
    client = client_for(cast.dist_a1)
    page = text(client.get(f"/centres/{ledger.pk}/"))
    link = f"/centres/{ledger.pk}/stock-card/?item="
    assert page.count(link) == 2
    assert "month=2021-08" in page[page.index(link) :]

    response = client.get(
        f"/centres/{ledger.pk}/stock-card/?" + urlencode({"item": RICE, "unit": KG})
    )
    assert response.context["card"].month == dt.date(2021, 8, 1)


# The ledger's rows are written in Python: they must read as the template wrote them --------------

_TEMPLATE_ROWS = """{% load i18n stock %}{% for m in movements %}<tr>
  <td data-label="{{ l_date }}">{{ m.occurred_on|bedate }}</td>
  <td data-label="{{ l_kind }}">{{ m.get_kind_display }}</td>
  <td data-label="{{ l_item }}">{{ m.item }}</td>
  <td class="n" data-label="{{ l_change }}">{{ m.change|signed_qty }} {{ m.unit }}</td>
  <td data-label="{{ l_details }}">{% include "centres/_movement_details.html" %}</td>
  <td data-label="{{ l_by }}">{{ m.created_by.username }}</td>
</tr>{% empty %}<tr><td colspan="6" class="muted">{% translate "Nothing recorded yet." %}</td></tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_ledger_rows_read_as_the_template_wrote_them(
    cast: Cast, ledger: SharingCentre, language: str
) -> None:
    from django.template import Context, Template
    from django.utils import translation

    from phinong.centres.selectors import movements_of
    from phinong.centres.templatetags.stock import movement_rows
    from phinong.centres.tests.helpers import adjust

    adjust(cast.dist_a1, ledger, -1, reason='<b>"หนู" & แมว</b>')
    donate(cast.dist_a1, ledger, 2, donor="<script>ร้าน & co</script>")
    empty = services.create_centre(
        actor=cast.dist_a1, tambon=tambon("420102"), name="ว่าง", operator="x"
    )
    labels = ["วันที่", "ชนิด", "<ของ>", "เปลี่ยน", "รายละเอียด", "โดย"]
    names = ["l_date", "l_kind", "l_item", "l_change", "l_details", "l_by"]
    with translation.override(language):
        for centre in (ledger, empty):
            movements = list(movements_of(centre))
            context = Context({"movements": movements, **dict(zip(names, labels, strict=True))})
            assert movement_rows(movements, *labels) == Template(_TEMPLATE_ROWS).render(context)
    page = text(client_for(cast.dist_a1).get(f"/centres/{empty.pk}/"))
    assert "ยังไม่มีรายการ" in element(page, "movement-list", "</table>")
    assert "หน้า ๑ จาก" not in page  # one page: no pager
