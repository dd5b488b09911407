"""The partner pages: the area list with its type filter and counts, adding, editing, removing a
tambon and deleting, the history, and scoping on every URL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, client_for, tambon
from phinong.audit.models import AuditEvent
from phinong.partners import services
from phinong.partners.models import Partner, PartnerKind, PartnerTambon
from phinong.partners.tests.conftest import make_partner, partner_data
from phinong.partners.urls import urlpatterns

OFFICE_IP = "203.0.113.7"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(response: Any) -> str:
    return response.content.decode()


def form_data(**overrides: Any) -> dict[str, Any]:
    """What the partner form posts: every field as text, as a browser sends it."""
    data = {k: str(v) for k, v in partner_data().items()} | {"version": ""}
    return data | overrides


def form_errors(response: Any, field: str | None = None) -> list[str]:
    form = response.context["form"]
    return list(form.non_field_errors() if field is None else form.errors.get(field, []))


# The list of an area ---------------------------------------------------------------------------


def test_the_list_shows_the_counts_by_type_and_filters_by_type(cast: Cast) -> None:
    make_partner(cast.dist_a1, "420102", name="วัดศรีสุทธาวาส")
    make_partner(cast.dist_a1, "420103", name="วัดโพนชัย")
    make_partner(cast.dist_a1, "420102", name="โรงเรียนเลยพิทยาคม", kind=PartnerKind.SCHOOL)
    client = english(client_for(cast.dist_a1))

    everything = client.get("/partners/areas/4201/")

    assert everything.status_code == 200
    page = text(everything)
    assert "วัดศรีสุทธาวาส" in page
    assert "โรงเรียนเลยพิทยาคม" in page
    kinds = {value: n for value, _label, n in everything.context["kinds"]}
    assert (kinds["temple"], kinds["school"], kinds["ngo"]) == (2, 1, 0)
    assert everything.context["total"] == 3
    assert 'data-kind="temple">Temple <b>2</b></a>' in page

    schools = client.get("/partners/areas/4201/?kind=school")

    assert [p.name for p in schools.context["page"]] == ["โรงเรียนเลยพิทยาคม"]
    assert schools.context["total"] == 3  # the counts stay those of the whole area


def test_the_counts_are_in_thai_digits_in_thai(cast: Cast, partner_a1: Partner) -> None:
    page = text(client_for(cast.dist_a1).get("/partners/areas/4201/"))
    assert re.search(r'data-kind="temple">[^<]+<b>๑</b></a>', page)


def test_an_unknown_type_shows_every_partner(cast: Cast, partner_a1: Partner) -> None:
    response = client_for(cast.dist_a1).get("/partners/areas/4201/?kind=bank")
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_a_list_shows_only_the_partners_in_the_users_area(cast: Cast) -> None:
    make_partner(cast.dist_a1, "420102", name="ของเมืองเลย")
    make_partner(cast.dist_a2, "420201", name="ของนาด้วง")
    make_partner(cast.dist_b1, "450102", name="ของร้อยเอ็ด")

    mine = text(client_for(cast.dist_a1).get("/partners/areas/4201/"))
    province = text(client_for(cast.prov_a).get("/partners/areas/42/"))
    nation = text(client_for(cast.dept).get("/partners/"))

    assert "ของเมืองเลย" in mine
    assert "ของนาด้วง" not in mine
    assert "ของร้อยเอ็ด" not in mine
    assert "ของเมืองเลย" in province
    assert "ของนาด้วง" in province
    assert "ของร้อยเอ็ด" not in province
    assert all(name in nation for name in ("ของเมืองเลย", "ของนาด้วง", "ของร้อยเอ็ด"))


def test_a_partner_of_the_department_shows_only_the_tambons_in_the_area(cast: Cast) -> None:
    make_partner(cast.dept, "420102", "450102", name="มูลนิธิ")
    page = text(client_for(cast.dist_a1).get("/partners/areas/4201/"))
    assert "มูลนิธิ" in page
    assert "เมือง" in page
    assert "รอบเมือง" not in page


@pytest.mark.parametrize(
    ("who", "target"), [("dist_a1", "4201"), ("prov_a", "42"), ("leader_a1", "420102")]
)
def test_the_partners_home_opens_the_users_own_area(cast: Cast, who: str, target: str) -> None:
    response = client_for(getattr(cast, who)).get("/partners/")
    assert response.status_code == 302
    assert response["Location"] == f"/partners/areas/{target}/"


def test_a_long_list_is_paged(cast: Cast) -> None:
    for n in range(55):
        Partner.objects.create(name=f"ภาคี {n:02d}", kind=PartnerKind.SCHOOL, owner_code="4201")
    client = client_for(cast.dist_a1)
    first = client.get("/partners/areas/4201/")
    second = client.get("/partners/areas/4201/?page=2")
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert first.context["total"] == 55


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("dept", "/partners/"),
        ("dist_a1", "/partners/areas/4201/"),
        ("prov_a", "/partners/areas/42/"),
    ],
)
def test_a_list_makes_the_same_few_queries_however_many_partners(
    cast: Cast, who: str, url: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    make_partner(cast.dist_a1, "420102", "420103")
    client = client_for(getattr(cast, who))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with_one = queries(client, url)

    for n in range(6):
        make_partner(cast.dist_a1, "420102", "420104", name=f"ภาคี {n}")
    make_partner(cast.dept, "420105", "450102", kind=PartnerKind.NGO)

    assert queries(client, url) == with_one


# Adding --------------------------------------------------------------------------------------


def test_a_district_officer_adds_a_partner_with_tambons_of_the_district(cast: Cast) -> None:
    client = english(client_for(cast.dist_a1))
    url = "/partners/areas/4201/new/"
    form = client.get(url)
    assert form.status_code == 200
    offered = dict(form.context["form"].fields["tambons"].choices)
    assert len(offered) == 14
    assert offered["420102"] == "เมือง (420102)"
    assert 'type="checkbox"' in text(form)

    response = client.post(
        url,
        form_data(tambons=["420102", "420103"], phone="๐๘๑ ๒๓๔ ๕๖๗๘"),
        REMOTE_ADDR=OFFICE_IP,
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert response["Location"] == f"/partners/{partner.pk}/"
    assert partner.owner_code == "4201"
    assert partner.phone == "0812345678"
    assert sorted(partner.tambons.values_list("code", flat=True)) == ["420102", "420103"]
    create = AuditEvent.objects.get(action="partner.create")
    assert (create.actor, create.origin) == (cast.dist_a1, OFFICE_IP)
    assert AuditEvent.objects.filter(action="partner.link").count() == 2


def test_adding_from_a_tambon_ticks_that_tambon(cast: Cast) -> None:
    response = client_for(cast.dist_a1).get("/partners/areas/420102/new/")
    assert response.context["form"].initial["tambons"] == ["420102"]


def test_a_tambon_of_another_district_cannot_be_posted(cast: Cast) -> None:
    """The form offers only the officer's own tambons; a forged code is refused on the field."""
    response = english(client_for(cast.dist_a1)).post(
        "/partners/areas/4201/new/", form_data(tambons=["420102", "420201"])
    )
    assert response.status_code == 200
    assert form_errors(response, "tambons")
    assert not Partner.objects.exists()
    assert not AuditEvent.objects.exists()


def test_bad_data_is_shown_on_its_field(cast: Cast) -> None:
    client = english(client_for(cast.dist_a1))
    url = "/partners/areas/4201/new/"

    no_name = client.post(url, form_data(name=" "))
    bad_phone = client.post(url, form_data(phone="12345"))

    assert (no_name.status_code, bad_phone.status_code) == (200, 200)
    assert form_errors(no_name, "name")
    assert form_errors(bad_phone, "phone") == [
        "A phone number has 9 or 10 digits and starts with 0."
    ]
    assert not Partner.objects.exists()


def test_the_department_picks_a_district_whose_tambons_to_offer(cast: Cast) -> None:
    client = client_for(cast.dept)
    at_province = client.get("/partners/areas/42/new/")
    assert "tambons" not in at_province.context["form"].fields
    assert 'id="district-picker"' in text(at_province)

    url = "/partners/areas/42/new/?district=4202"
    picked = client.get(url)
    assert set(dict(picked.context["form"].fields["tambons"].choices)) == {
        "420201",
        "420202",
        "420203",
        "420204",
    }
    response = client.post(url, form_data(tambons=["420201"], kind="ngo"))
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.owner_code, list(partner.tambons.values_list("code", flat=True))) == (
        "",
        ["420201"],
    )


def test_a_district_officer_cannot_pick_another_district(cast: Cast) -> None:
    response = client_for(cast.dist_a1).get("/partners/areas/4201/new/?district=4202")
    assert {code[:4] for code in dict(response.context["form"].fields["tambons"].choices)} == {
        "4201"
    }
    assert 'id="district-picker"' not in text(response)


# The partner's page and editing ---------------------------------------------------------------


def test_the_partner_page_shows_its_tambons_and_its_history(cast: Cast) -> None:
    client = english(client_for(cast.dist_a1))
    client.post("/partners/areas/4201/new/", form_data(tambons=["420102"]), REMOTE_ADDR=OFFICE_IP)
    partner = Partner.objects.get()

    response = client.get(f"/partners/{partner.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert "Registered by: district เมืองเลย" in page
    assert [link.tambon_id for link in response.context["links"]] == ["420102"]
    assert f"/partners/{partner.pk}/tambons/420102/remove/" in page
    assert [(e.action, e.origin) for e in response.context["events"]] == [
        ("partner.link", OFFICE_IP),
        ("partner.create", OFFICE_IP),
    ]
    assert "History" in page
    assert "420102 เมือง" in page


@pytest.mark.parametrize(("who", "shown"), [("dist_a1", "0812345678"), ("prov_a", "xxx-xxx-5678")])
def test_the_contact_phone_is_masked_for_roles_that_do_not_need_it(
    cast: Cast, partner_a1: Partner, who: str, shown: str
) -> None:
    response = client_for(getattr(cast, who)).get(f"/partners/{partner_a1.pk}/")
    assert shown in text(response)
    assert response.context["events"][-1].visible_changes["phone"] == shown
    if who == "prov_a":
        assert "0812345678" not in text(response)


def test_a_partner_is_edited_and_tambons_are_added(cast: Cast, partner_a1: Partner) -> None:
    client = client_for(cast.dist_a1)
    url = f"/partners/{partner_a1.pk}/edit/"
    page = client.get(url)
    assert 'name="version" value="1"' in text(page)
    assert "420102" not in dict(page.context["form"].fields["tambons"].choices)

    response = client.post(
        url, form_data(version="1", note="ให้ยืมลานวัด", tambons=["420104"]), REMOTE_ADDR=OFFICE_IP
    )

    assert response.status_code == 302
    assert response["Location"] == f"/partners/{partner_a1.pk}/"
    partner_a1.refresh_from_db()
    assert (partner_a1.note, partner_a1.version) == ("ให้ยืมลานวัด", 2)
    assert sorted(partner_a1.tambons.values_list("code", flat=True)) == ["420102", "420104"]
    update = AuditEvent.objects.get(action="partner.update")
    assert (update.origin, update.changes) == (
        OFFICE_IP,
        {"note": ["ให้ใช้ศาลาเป็นศูนย์แบ่งปัน", "ให้ยืมลานวัด"]},
    )


def test_an_edit_from_a_stale_page_shows_the_other_version(cast: Cast, partner_a1: Partner) -> None:
    services.update_partner(
        actor=cast.dist_a1,
        partner=partner_a1,
        expected_version=1,
        data=partner_data(name="วัดใหม่"),
    )
    client = english(client_for(cast.dist_a1))
    url = f"/partners/{partner_a1.pk}/edit/"

    response = client.post(url, form_data(version="1", name="วัดเก่า"))

    assert response.status_code == 200
    assert response.context["conflict"].name == "วัดใหม่"
    assert "Saved by someone else" in text(response)
    assert 'name="version" value="2"' in text(response)
    partner_a1.refresh_from_db()
    assert partner_a1.name == "วัดใหม่"

    assert client.post(url, form_data(version="2", name="วัดเก่า")).status_code == 302
    partner_a1.refresh_from_db()
    assert (partner_a1.name, partner_a1.version) == ("วัดเก่า", 3)


def test_another_district_sees_a_partner_working_in_it_but_cannot_change_it(
    cast: Cast, partner_a1: Partner
) -> None:
    services.link_tambon(actor=cast.dept, partner=partner_a1, tambon=tambon("420201"))
    client = client_for(cast.dist_a2)

    response = client.get(f"/partners/{partner_a1.pk}/")

    assert response.status_code == 200
    assert not response.context["may_change"]
    assert [link.tambon_id for link in response.context["links"]] == ["420201"]
    assert f"/partners/{partner_a1.pk}/edit/" not in text(response)
    for url in (
        f"/partners/{partner_a1.pk}/edit/",
        f"/partners/{partner_a1.pk}/delete/",
        f"/partners/{partner_a1.pk}/tambons/420201/remove/",
    ):
        assert client.post(url, form_data(reason="x")).status_code == 403, url
    assert partner_a1.tambons.count() == 2


# Removing a tambon and deleting -------------------------------------------------------------


def test_removing_a_tambon_asks_for_a_reason_and_is_audited(
    cast: Cast, partner_a1: Partner
) -> None:
    client = english(client_for(cast.dist_a1))
    url = f"/partners/{partner_a1.pk}/tambons/420102/remove/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in text(page)
    assert "Remove tambon เมือง from partner วัดศรีสุทธาวาส" in text(page)

    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 200
    assert form_errors(no_reason, "reason")
    assert partner_a1.tambons.exists()

    response = client.post(url, {"reason": "ย้ายไปตำบลอื่น"}, REMOTE_ADDR=OFFICE_IP)

    assert response.status_code == 302
    assert response["Location"] == f"/partners/{partner_a1.pk}/"
    assert not partner_a1.tambons.exists()
    event = AuditEvent.objects.get(action="partner.unlink")
    assert (event.actor, event.origin, event.reason) == (cast.dist_a1, OFFICE_IP, "ย้ายไปตำบลอื่น")


def test_removing_a_tambon_the_partner_does_not_work_in_is_404(
    cast: Cast, partner_a1: Partner
) -> None:
    url = f"/partners/{partner_a1.pk}/tambons/420103/remove/"
    assert client_for(cast.dist_a1).get(url).status_code == 404


def test_deleting_asks_for_a_reason_and_is_audited(cast: Cast, partner_a1: Partner) -> None:
    client = client_for(cast.dist_a1)
    url = f"/partners/{partner_a1.pk}/delete/"
    assert 'name="reason"' in text(client.get(url))
    assert client.post(url, {"reason": " "}).status_code == 200
    assert Partner.objects.exists()

    response = client.post(url, {"reason": "ซ้ำกับรายการอื่น"}, REMOTE_ADDR=OFFICE_IP)

    assert response.status_code == 302
    assert response["Location"] == "/partners/areas/4201/"
    assert not Partner.objects.exists()
    assert not PartnerTambon.objects.exists()
    event = AuditEvent.objects.get(action="partner.delete")
    assert (event.actor, event.origin, event.reason) == (cast.dist_a1, OFFICE_IP, "ซ้ำกับรายการอื่น")
    assert event.changes["tambons"] == ["420102"]


# Scoping: 404 outside the area, 403 for a role that only reads --------------------------------


def partner_urls(partner: Partner) -> tuple[list[str], list[str]]:
    """(pages that read, pages that write) for a partner of 4201 working in 420102."""
    reads = ["/partners/areas/420102/", f"/partners/{partner.pk}/"]
    writes = [
        "/partners/areas/420102/new/",
        f"/partners/{partner.pk}/edit/",
        f"/partners/{partner.pk}/delete/",
        f"/partners/{partner.pk}/tambons/420102/remove/",
    ]
    return reads, writes


def test_the_scoping_tests_cover_every_partners_url() -> None:
    """A new URL must be added to partner_urls() so the tests below check it.

    The home (/partners/) belongs to no area: it lists the nation for the department and sends
    everyone else to their own area (tested above).
    """
    assert {pattern.name for pattern in urlpatterns} == {
        "index",
        "area",
        "create",
        "detail",
        "edit",
        "delete",
        "unlink",
    }


@pytest.mark.parametrize("who", ["dist_a2", "dist_b1", "prov_b"])
def test_every_partners_url_is_404_outside_the_area(
    cast: Cast, partner_a1: Partner, who: str
) -> None:
    client = client_for(getattr(cast, who))
    reads, writes = partner_urls(partner_a1)

    for url in [*reads, *writes, "/partners/areas/4201/", "/partners/areas/4201/new/"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, form_data(reason="x", tambons=["420102"])).status_code == 404, url
    assert Partner.objects.count() == 1
    assert PartnerTambon.objects.count() == 1
    assert not AuditEvent.objects.filter(actor=getattr(cast, who)).exists()
    assert partner_a1.name not in text(client.get("/partners/", follow=True))


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_every_partners_write_is_403_for_a_role_that_only_reads(
    cast: Cast, partner_a1: Partner, who: str
) -> None:
    client = client_for(getattr(cast, who))
    reads, writes = partner_urls(partner_a1)

    for url in reads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert partner_a1.name in text(response)
    for url in writes:
        assert client.get(url).status_code == 403, url
        assert client.post(url, form_data(reason="x", tambons=["420102"])).status_code == 403, url
    assert Partner.objects.count() == 1
    assert PartnerTambon.objects.count() == 1
    partner_a1.refresh_from_db()
    assert partner_a1.version == 1
    assert not AuditEvent.objects.filter(actor=getattr(cast, who)).exists()


def test_a_record_that_does_not_exist_is_404(cast: Cast, partner_a1: Partner) -> None:
    client = client_for(cast.dept)
    for url in (
        "/partners/999999/",
        "/partners/999999/edit/",
        "/partners/999999/delete/",
        "/partners/999999/tambons/420102/remove/",
        "/partners/areas/999999/",
        "/partners/areas/999999/new/",
        "/partners/areas/42x/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_partner_pages_need_a_login(cast: Cast, partner_a1: Partner) -> None:
    for url in ("/partners/", "/partners/areas/4201/", f"/partners/{partner_a1.pk}/"):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
