"""Links to areas outside the user's scope read as plain text; links to pages a role may not use are hidden."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template

from conftest import Cast, client_for
from phinong.programmes.models import Pair, Programme

CRUMB = Template(
    '{% arealink code %}<a class="x" href="/areas/{{ code }}/">Name <b>{{ code }}</b></a>{% endarealink %}'
)


def render(user: object, code: str) -> str:
    return CRUMB.render(Context({"user": user, "code": code}))


def crumbs(html: str) -> str:
    match = re.search(r'<p class="crumbs">(.*?)</p>', html, re.S)
    assert match, "no breadcrumbs on the page"
    return match.group(1)


def test_it_keeps_a_link_inside_the_users_area(cast: Cast) -> None:
    assert (
        render(cast.dist_a1, "420102")
        == '<a class="x" href="/areas/420102/">Name <b>420102</b></a>'
    )
    assert render(cast.dept, "42").startswith("<a ")


def test_it_drops_the_link_but_keeps_the_text_outside_the_area(cast: Cast) -> None:
    assert render(cast.dist_a1, "42") == "Name <b>42</b>"
    assert render(cast.leader_a1, "4201") == "Name <b>4201</b>"
    assert render(cast.prov_a, "") == "Name <b></b>"  # the nation is outside every area but its own
    assert render(None, "42") == "Name <b>42</b>"


def test_it_shows_a_district_officer_their_province_as_plain_text(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    html = client_for(cast.dist_a1).get(f"/areas/4201/?programme={phase2.pk}").content.decode()
    trail = crumbs(html)
    assert "เลย" in trail and 'href="/areas/42/' not in trail
    assert f'href="/reports/{phase2.pk}/areas/42/' not in html


def test_it_shows_a_tambon_leader_no_link_to_their_district(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    client = client_for(cast.leader_a1)
    html = client.get(f"/areas/420102/?programme={phase2.pk}").content.decode()
    assert 'href="/areas/4201/' not in html and 'href="/areas/42/' not in html
    register = client.get(f"/register/{phase2.pk}/tambons/420102/")
    if register.status_code == 200:
        page = register.content.decode()
        assert f'href="/programmes/{phase2.pk}/districts/4201/' not in page
        assert 'href="/areas/42/' not in page


def test_a_province_officer_still_follows_the_crumbs_down_and_to_the_province(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    html = client_for(cast.prov_a).get(f"/areas/4201/?programme={phase2.pk}").content.decode()
    assert f'href="/areas/42/?programme={phase2.pk}"' in crumbs(html)


@pytest.mark.parametrize(
    ("who", "shown"),
    [("dept", True), ("prov_a", True), ("viewer", False), ("dist_a1", False), ("leader_a1", False)],
)
def test_the_users_page_is_in_the_top_bar_only_for_roles_that_manage_users(
    cast: Cast, who: str, shown: bool
) -> None:
    html = client_for(getattr(cast, who)).get("/programmes/").content.decode()
    assert ('href="/accounts/users/"' in html) is shown


def test_a_tambon_leader_is_not_sent_to_their_district_when_there_are_no_periods_yet(
    cast: Cast, phase2: Programme, pair_a1: Pair
) -> None:
    response = client_for(cast.leader_a1).get(f"/reports/{phase2.pk}/areas/420102/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/areas/420102/?programme={phase2.pk}"
    district = client_for(cast.dist_a1).get(f"/reports/{phase2.pk}/areas/420102/")
    assert district["Location"] == f"/reports/{phase2.pk}/areas/4201/"
