"""The /areas/ pages: the nation, a province, a district, a tambon, and adding a village."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, add_leaders, client_for, make_user, tambon
from phinong.accounts.models import Role
from phinong.audit.models import AuditEvent
from phinong.geo.models import Province, Village
from phinong.programmes import services as programme_services
from phinong.programmes.models import Pair, Programme, ProgrammeStatus


def english(client: Client) -> Client:
    """Pages in English, so that the tests read the source text and not a translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def queries(client: Client, url: str) -> int:
    """The queries of a page drawn in full: with no part of it cached (see test_fragments.py)."""
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def pair_more(cast: Cast, programme: Programme, codes: list[str], leaders: int = 2) -> None:
    """Raise Loei's quota and pair each younger tambon of Mueang Loei, with a few leaders each."""
    loei = Province.objects.get(code="42")
    used = Pair.objects.filter(programme=programme, younger__code__startswith="42").count()
    programme_services.set_province_quota(
        actor=cast.dept, programme=programme, province=loei, tambons=used + len(codes)
    )
    for i, code in enumerate(codes):
        programme_services.create_pair(
            actor=cast.dist_a1,
            programme=programme,
            younger=tambon(code),
            elder=tambon("420101" if i % 2 else "420201"),
        )
        add_leaders(cast.dist_a1, programme, code, leaders)


# The nation page -----------------------------------------------------------------------------


def test_the_department_sees_every_province_but_bangkok(cast: Cast, phase2: Programme) -> None:
    response = client_for(cast.dept).get("/areas/")

    assert response.status_code == 200
    codes = [row.area.code for row in response.context["status"].rows]
    assert len(codes) == 76
    assert "10" not in codes
    assert response.context["programme"] == phase2


def test_the_nation_page_counts_quotas_and_pairs_per_province(
    cast: Cast, pair_a1: Pair, pair_b1: Pair
) -> None:
    status = client_for(cast.viewer).get("/areas/").context["status"]

    rows = {row.area.code: row for row in status.rows}
    assert (rows["42"].quota, rows["42"].selected, rows["42"].left) == (3, 1, 2)
    assert (rows["45"].quota, rows["45"].selected, rows["45"].left) == (2, 1, 1)
    assert rows["43"].quota is None
    assert status.quota.limit == 5
    assert status.selected == 2


@pytest.mark.parametrize(
    ("who", "home"),
    [("prov_a", "/areas/42/"), ("dist_a1", "/areas/4201/"), ("leader_a1", "/areas/420102/")],
)
def test_the_nation_page_sends_an_area_user_to_their_own_area(
    cast: Cast, who: str, home: str
) -> None:
    response = client_for(getattr(cast, who)).get("/areas/")

    assert response.status_code == 302
    assert response["Location"] == home


def test_the_nation_page_is_404_for_a_user_with_no_area(cast: Cast) -> None:
    nobody = make_user("nobody", Role.DISTRICT, "")  # a district role needs a 4-digit code

    assert client_for(nobody).get("/areas/").status_code == 404


def test_the_nation_page_asks_an_anonymous_visitor_to_log_in(cast: Cast) -> None:
    response = Client().get("/areas/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Outside the area ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("dist_a1", "420201"),  # a tambon of the next district
        ("dist_a1", "4202"),  # the next district
        ("dist_a1", "42"),  # their own province
        ("dist_a1", "45"),
        ("dist_a1", "450101"),
        ("prov_a", "45"),
        ("prov_a", "4501"),
        ("prov_a", "450102"),
        ("dist_b1", "420101"),
        ("dist_b1", "4201"),
        ("leader_a1", "420101"),  # the tambon next door
        ("leader_a1", "4201"),
    ],
)
def test_an_area_outside_your_own_is_404(cast: Cast, who: str, code: str) -> None:
    assert client_for(getattr(cast, who)).get(f"/areas/{code}/").status_code == 404


@pytest.mark.parametrize("code", ["99", "9999", "999999", "abc", "4201010", "4", "42010101"])
def test_a_code_that_is_no_area_is_404(cast: Cast, code: str) -> None:
    assert client_for(cast.dept).get(f"/areas/{code}/").status_code == 404


def test_a_user_with_a_bad_area_code_sees_no_area_at_all(cast: Cast) -> None:
    bad = make_user("bad", Role.PROVINCE, "4201")  # a province role with a district's code

    client = client_for(bad)
    assert client.get("/areas/42/").status_code == 404
    assert client.get("/areas/4201/").status_code == 404
    assert client.get("/areas/").status_code == 404


def test_a_draft_programme_cannot_be_picked_outside_the_department(
    cast: Cast, phase2: Programme
) -> None:
    phase2.status = ProgrammeStatus.DRAFT
    phase2.save(update_fields=["status"])

    assert client_for(cast.prov_a).get(f"/areas/42/?programme={phase2.pk}").status_code == 404
    assert client_for(cast.dept).get(f"/areas/42/?programme={phase2.pk}").status_code == 200


# Inside the area -----------------------------------------------------------------------------


def test_a_province_officer_sees_their_districts_with_quota_and_selection(
    cast: Cast, pair_a1: Pair
) -> None:
    response = english(client_for(cast.prov_a)).get("/areas/42/")

    assert response.status_code == 200
    status = response.context["status"]
    assert (status.quota.limit, status.quota.used, status.quota.left) == (3, 1, 2)
    rows = {row.area.code: row for row in status.rows}
    assert len(rows) == 14
    assert rows["4201"].selected == 1
    assert rows["4202"].selected == 0
    content = response.content.decode()
    assert "Province เลย" in content
    assert f"/programmes/{pair_a1.programme_id}/provinces/42/quotas/" in content


def test_a_district_officer_sees_which_tambons_are_younger_and_which_coach(
    cast: Cast, pair_a1: Pair
) -> None:
    add_leaders(cast.dist_a1, pair_a1.programme, "420102", 4)

    response = english(client_for(cast.dist_a1)).get("/areas/4201/")

    assert response.status_code == 200
    rows = {row.area.code: row for row in response.context["status"].rows}
    assert rows["420102"].pair == pair_a1
    assert rows["420102"].leaders == 4
    assert rows["420102"].expected_leaders == 15
    assert rows["420101"].coaching == [pair_a1]
    assert rows["420103"].pair is None
    content = response.content.decode()
    assert "coached by กุดป่อง" in content
    assert "coaches เมือง" in content
    assert f"/programmes/{pair_a1.programme_id}/districts/4201/" in content


def test_a_district_page_of_a_programme_not_run_in_pairs_marks_the_selected_tambons(
    cast: Cast, phase1: Programme
) -> None:
    response = client_for(cast.dist_a1).get(f"/areas/4201/?programme={phase1.pk}")

    rows = {row.area.code: row for row in response.context["status"].rows}
    assert rows["420101"].is_target is True
    assert rows["420102"].is_target is False


def test_a_tambon_leader_sees_their_own_tambon_and_its_elder(cast: Cast, pair_a1: Pair) -> None:
    response = english(client_for(cast.leader_a1)).get("/areas/420102/")

    assert response.status_code == 200
    assert response.context["status"].pair == pair_a1
    assert response.context["can_add_village"] is False
    assert "Coached by elder tambon กุดป่อง" in response.content.decode()


def test_the_page_of_an_elder_tambon_lists_the_tambons_it_coaches(
    cast: Cast, pair_a1: Pair
) -> None:
    response = english(client_for(cast.dist_a1)).get("/areas/420101/")

    assert response.context["status"].coaching == [pair_a1]
    assert "Coaches younger tambon เมือง." in response.content.decode()


def test_area_pages_work_with_no_programme_at_all(cast: Cast) -> None:
    client = english(client_for(cast.dept))
    for url in ("/areas/", "/areas/42/", "/areas/4201/", "/areas/420101/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["programme"] is None
    assert "No active programme yet." in client.get("/areas/42/").content.decode()


# Villages ------------------------------------------------------------------------------------


def test_a_district_officer_adds_a_village_through_the_form(cast: Cast) -> None:
    response = client_for(cast.dist_a1).post(
        "/areas/420101/villages/", {"moo": "5", "name_th": "บ้านห้า"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/areas/420101/"
    village = Village.objects.get()
    assert (village.code, village.name_th) == ("42010105", "บ้านห้า")
    event = AuditEvent.objects.get(action="village.create")
    assert event.origin == "127.0.0.1"
    assert event.actor == cast.dist_a1


@pytest.mark.parametrize(("who", "code"), [("dist_a1", "420201"), ("dist_b1", "420101")])
def test_adding_a_village_outside_your_district_is_404(cast: Cast, who: str, code: str) -> None:
    response = client_for(getattr(cast, who)).post(
        f"/areas/{code}/villages/", {"moo": "1", "name_th": "บ้าน"}
    )

    assert response.status_code == 404
    assert not Village.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "prov_a", "leader_a1"])
def test_a_read_only_role_adding_a_village_is_403(cast: Cast, who: str) -> None:
    response = client_for(getattr(cast, who)).post(
        "/areas/420102/villages/", {"moo": "1", "name_th": "บ้าน"}
    )

    assert response.status_code == 403
    assert not Village.objects.exists()


def test_the_village_form_answers_only_a_post(cast: Cast) -> None:
    assert client_for(cast.dist_a1).get("/areas/420101/villages/").status_code == 405


def test_a_village_form_with_a_bad_number_shows_the_error(cast: Cast) -> None:
    response = english(client_for(cast.dist_a1)).post(
        "/areas/420101/villages/", {"moo": "0", "name_th": "บ้าน"}
    )

    assert response.status_code == 200
    assert response.context["village_form"].errors["moo"]
    assert not Village.objects.exists()


def test_a_duplicate_village_number_shows_the_services_message_on_the_field(
    cast: Cast,
) -> None:
    client = english(client_for(cast.dist_a1))
    client.post("/areas/420101/villages/", {"moo": "1", "name_th": "บ้านหนึ่ง"})

    response = client.post("/areas/420101/villages/", {"moo": "1", "name_th": "บ้านอื่น"})

    assert response.status_code == 200
    assert response.context["village_form"].errors["moo"] == [
        "Tambon กุดป่อง already has village number 1."
    ]
    assert Village.objects.count() == 1


# Query counts --------------------------------------------------------------------------------

YOUNGER = ["420103", "420104", "420105", "420106", "420107", "420108"]


@pytest.mark.parametrize(
    ("who", "url", "bound"),
    [  # with the session and the user; a landing page adds its "waiting for me" list (about 8
        # queries for the department and a province, 12 for a district) and a district's or a
        # younger tambon's page the checklists (9): see test_waiting.py and test_checklist.py.
        # Issue 9's dashboard figures add a fixed handful of aggregate queries (3 to 9 here, more
        # with periods and activities due): see test_dashboard_queries.py
        ("dept", "/areas/", 24),
        ("prov_a", "/areas/42/", 23),
        ("dist_a1", "/areas/4201/", 41),
        ("dist_a1", "/areas/420102/", 31),
        ("dist_a1", "/areas/420101/", 20),
    ],
)
def test_an_area_page_makes_the_same_few_queries_however_many_pairs(
    cast: Cast,
    phase2: Programme,
    pair_a1: Pair,
    pair_b1: Pair,
    who: str,
    url: str,
    bound: int,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    add_leaders(cast.dist_a1, phase2, "420102", 3)
    add_leaders(cast.dist_b1, phase2, "450102", 2)
    client = client_for(getattr(cast, who))
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
    with_two = queries(client, url)

    pair_more(cast, phase2, YOUNGER)
    with_eight = queries(client, url)

    assert with_eight == with_two


def test_a_tambon_page_lists_its_villages_in_order(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    for moo, name in ((2, "บ้านสอง"), (1, "บ้านหนึ่ง")):
        client.post("/areas/420101/villages/", {"moo": str(moo), "name_th": name})
    client.get("/areas/420101/")  # the messages of the two adds, shown once
    page = client.get("/areas/420101/").content.decode()
    first, second = page.index(">บ้านหนึ่ง</td>"), page.index(">บ้านสอง</td>")
    assert first < second
    assert page.count("<tr><td data-label=") >= 2
