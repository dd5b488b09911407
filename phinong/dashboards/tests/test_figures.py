"""The figures of a dashboard: right the moment a report is approved, equal to direct sums."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db.models import Count, Sum
from django.utils import translation

from conftest import Cast, add_leaders, client_for
from phinong.dashboards.figures import Figure, dashboard
from phinong.dashboards.tests.data import BAHT, pair_more, progress, report
from phinong.geo.models import District, Province
from phinong.programmes.models import Pair, Programme
from phinong.register.models import Member, MemberRole
from phinong.reports import services as report_services
from phinong.reports.models import ReportPeriod, ReportState, TambonReport


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def periods(cast: Cast, phase2: Programme) -> list[ReportPeriod]:
    return report_services.periods_from_activities(actor=cast.dept, programme=phase2)


def test_an_approved_report_counts_on_the_next_read(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    loei = Province.objects.get(code="42")
    before = dashboard(actor=cast.prov_a, area=loei, programme=phase2, period=None)
    assert before.totals.households == 0
    submitted = report(cast.dist_a1, cast.prov_a, periods[0], "420102", approve=False)
    between = dashboard(actor=cast.prov_a, area=loei, programme=phase2, period=None)
    assert between.totals.households == 0  # submitted, not approved: not in the totals
    assert between.figure("reports").value == 1

    report_services.move(
        actor=cast.prov_a, report=submitted, name="approve", expected_version=submitted.version
    )

    after = dashboard(actor=cast.prov_a, area=loei, programme=phase2, period=None)
    assert after.totals.households == 40
    assert after.totals.baht_saved == BAHT
    assert after.figure("approved").value == 1
    assert after.series[-1].approved == 1
    page = client_for(cast.prov_a).get("/areas/42/")
    assert b'id="totals"' in page.content


def test_the_totals_equal_direct_sums_of_the_approved_reports(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, periods: list[ReportPeriod]
) -> None:
    progress(cast, phase2, "420102", cast.dist_a1, cast.prov_a)
    progress(cast, phase2, "450102", cast.dist_b1, cast.prov_b)
    report(cast.dist_a1, cast.prov_a, periods[1], "420102", approve=False)
    pair_more(cast, phase2, ["420103", "420104"])

    nation = dashboard(actor=cast.dept, area=None, programme=phase2, period=None)

    approved = TambonReport.objects.filter(
        period__programme=phase2, state=ReportState.APPROVED
    ).aggregate(
        households=Sum("households"),
        baht=Sum("expenses_reduced"),
        packs=Sum("food_packs"),
        n=Count("pk"),
    )
    assert nation.totals.households == approved["households"] == 4 * 40
    assert nation.totals.baht_saved == approved["baht"] == 4 * BAHT
    assert nation.totals.food_packs == approved["packs"]
    assert nation.figure("approved").value == approved["n"]
    assert nation.figure("reports").value == approved["n"] + 1
    leaders = Member.objects.filter(programme=phase2, role=MemberRole.LEADER).count()
    assert nation.figure("leaders") == Figure(
        "leaders", nation.figure("leaders").label, leaders, 4 * 15
    )
    assert nation.figure("workshop").value == leaders
    assert nation.figure("pairs").value == Pair.objects.filter(programme=phase2).count() == 4
    # The children add up to the nation, and each to its own sums.
    by_code = {row.area.code: row for row in nation.children}
    assert by_code["42"].totals.households == 3 * 40
    assert by_code["45"].totals.households == 40
    assert sum(row.figures["leaders"].value for row in nation.children) == leaders
    # One period: only its reports.
    first = dashboard(actor=cast.dept, area=None, programme=phase2, period=periods[0])
    assert first.totals.households == 4 * 40
    assert first.figure("reports").target == 4
    second = dashboard(actor=cast.dept, area=None, programme=phase2, period=periods[1])
    assert second.totals.households == 0
    assert second.figure("reports").value == 1


def test_the_children_are_ranked_the_furthest_behind_first(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    pair_more(cast, phase2, ["420103"])
    add_leaders(cast.dist_a1, phase2, "420103", 13)  # 420103 is further on than 420102
    mueang = District.objects.get(code="4201")
    dash = dashboard(actor=cast.dist_a1, area=mueang, programme=phase2, period=None)
    selected = [row.area.code for row in dash.children if row.figures["activities"].target]
    assert selected == ["420102", "420103"]
    scores = [row.score for row in dash.children]
    assert scores == sorted(scores)
    assert set(dash.checklists) == {"420102", "420103"}


def test_the_page_sorts_the_children_by_a_column(
    cast: Cast, phase2: Programme, pair_a1: Pair, pair_b1: Pair, periods: list[ReportPeriod]
) -> None:
    add_leaders(cast.dist_b1, phase2, "450102", 3)
    client = client_for(cast.dept)
    html = client.get("/areas/?sort=leaders&dir=desc").content.decode()
    table = html[html.index('id="children"') :]
    assert table.index("/areas/45/") < table.index("/areas/42/")
    html = client.get("/areas/?sort=leaders&dir=asc").content.decode()
    table = html[html.index('id="children"') :]
    assert table.index("/areas/42/") < table.index("/areas/45/")
    assert 'aria-sort="ascending"' in table


def test_the_page_links_the_exports_with_the_same_filters(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    html = (
        client_for(cast.prov_a)
        .get(f"/areas/42/?programme={phase2.pk}&period={periods[1].pk}")
        .content.decode()
    )
    query = f"programme={phase2.pk}&amp;period={periods[1].pk}"
    assert f'href="/areas/42/report.pdf?{query}"' in html
    assert f'href="/areas/42/report.xlsx?{query}"' in html


def test_a_period_of_another_programme_is_ignored(
    cast: Cast, phase1: Programme, phase2: Programme, periods: list[ReportPeriod]
) -> None:
    response = client_for(cast.dept).get(f"/areas/?programme={phase1.pk}&period={periods[0].pk}")
    assert response.status_code == 200
    assert response.context["dash"].period is None


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("prov_a", "45"),
        ("prov_a", "4501"),
        ("prov_a", "450102"),
        ("dist_a1", "4202"),
        ("dist_a1", "420201"),
        ("leader_a1", "420101"),
    ],
)
def test_it_refuses_a_dashboard_outside_your_area(
    cast: Cast, phase2: Programme, periods: list[ReportPeriod], who: str, code: str
) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(f"/areas/{code}/?period={periods[0].pk}&sort=leaders").status_code == 404


@pytest.mark.parametrize(("who", "own"), [("dist_a1", "4201"), ("prov_a", "42")])
def test_an_area_officer_asking_for_the_nation_gets_their_own_dashboard(
    cast: Cast, phase2: Programme, who: str, own: str
) -> None:
    response = client_for(getattr(cast, who)).get("/areas/")
    assert response.status_code == 302
    assert response["Location"] == f"/areas/{own}/"


def test_the_nation_map_colours_by_the_chosen_indicator_and_links_each_province(
    cast: Cast, phase2: Programme, pair_a1: Pair, periods: list[ReportPeriod]
) -> None:
    html = client_for(cast.dept).get(f"/areas/?programme={phase2.pk}&indicator=leaders")
    text = html.content.decode()
    svg = text[text.index('<div class="tile-map">') :]
    assert f'href="/areas/42/?programme={phase2.pk}"' in svg
    assert '<option value="leaders" selected>' in text
