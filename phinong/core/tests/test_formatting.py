"""The `thai` template filters: Thai digits in Thai, Arabic digits in English, B.E. dates in both,
and personal data masked unless the page may show it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation

from conftest import Cast, client_for
from phinong.programmes.models import Programme

# 20:30 UTC on 10 Aug 2021 is 03:30 on 11 Aug 2021 in Bangkok.
EVENING_UTC = dt.datetime(2021, 8, 10, 20, 30, tzinfo=dt.UTC)
AUG_11 = dt.date(2021, 8, 11)


def render(source: str, **context: Any) -> str:
    """Render with the project's template engine, where the `thai` filters are builtins."""
    return engines["django"].from_string(source).render(context)


@pytest.fixture
def thai() -> Iterator[None]:
    with translation.override("th"):
        yield


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_num_uses_thai_digits_in_thai(thai: None) -> None:
    assert render("{{ n|num }}", n=12) == "๑๒"
    assert render("{{ n|num }}", n=1234567) == "๑,๒๓๔,๕๖๗"
    assert render("{{ n|num }}", n=0) == "๐"
    assert render("{{ n|num }}", n="15/15") == "๑๕/๑๕"
    assert render("{{ n|num }}", n=None) == "–"


def test_num_uses_arabic_digits_in_english(english: None) -> None:
    assert render("{{ n|num }}", n=12) == "12"
    assert render("{{ n|num }}", n=1234567) == "1,234,567"
    assert render("{{ n|num }}", n="15/15") == "15/15"
    assert render("{{ n|num }}", n=None) == "–"


def test_a_progress_badge_reads_15_of_15_in_either_language() -> None:
    source = "{{ done|num }}/{{ total|num }}"
    with translation.override("th"):
        assert render(source, done=15, total=15) == "๑๕/๑๕"
    with translation.override("en"):
        assert render(source, done=15, total=15) == "15/15"


def test_a_year_has_no_thousands_comma(thai: None) -> None:
    assert render("{{ y|year }}", y=2564) == "๒๕๖๔"
    assert render("{{ y|year }}", y=None) == "–"
    with translation.override("en"):
        assert render("{{ y|year }}", y=2564) == "2564"


@pytest.mark.parametrize(
    ("language", "shown", "wrong"), [("th", "๒๕๖๔", "๒,๕๖๔"), ("en", "2564", "2,564")]
)
def test_the_programme_pages_show_the_fiscal_year_without_a_comma(
    cast: Cast, phase2: Programme, language: str, shown: str, wrong: str
) -> None:
    client = client_for(cast.dist_a1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in ("/programmes/", f"/programmes/{phase2.pk}/"):
        page = client.get(url).content.decode()
        assert shown in page, url
        assert wrong not in page, url


def test_bedate_is_the_short_be_date(thai: None) -> None:
    assert render("{{ d|bedate }}", d=AUG_11) == "๑๑ ส.ค. ๒๕๖๔"
    assert render("{{ d|bedate }}", d=None) == "–"


def test_bedate_is_still_be_in_english(english: None) -> None:
    assert render("{{ d|bedate }}", d=AUG_11) == "11 Aug 2564 BE"
    assert render("{{ d|bedate_long }}", d=AUG_11) == "11 Aug 2564 BE"


def test_bedate_of_a_moment_is_the_day_in_bangkok(thai: None) -> None:
    assert render("{{ d|bedate }}", d=EVENING_UTC) == "๑๑ ส.ค. ๒๕๖๔"


def test_bedate_long_is_the_official_form(thai: None) -> None:
    assert render("{{ d|bedate_long }}", d=AUG_11) == "๑๑ สิงหาคม ๒๕๖๔"
    assert render("{{ d|bedate_long }}", d=dt.date(2020, 2, 29)) == "๒๙ กุมภาพันธ์ ๒๕๖๓"
    assert render("{{ d|bedate_long }}", d=None) == "–"


def test_bedatetime_is_the_bangkok_time(thai: None) -> None:
    assert render("{{ d|bedatetime }}", d=EVENING_UTC) == "๑๑ ส.ค. ๒๕๖๔ ๐๓:๓๐"
    assert render("{{ d|bedatetime }}", d=None) == "–"


def test_bedatetime_in_english(english: None) -> None:
    assert render("{{ d|bedatetime }}", d=EVENING_UTC) == "11 Aug 2564 BE 03:30"


@pytest.mark.parametrize("language", ["th", "en"])
def test_national_id_is_printed_whole_or_masked(language: str) -> None:
    source = "{{ nid|national_id:show }}"
    with translation.override(language):
        assert render(source, nid="3100600012348", show=True) == "3-1006-00012-34-8"
        assert render(source, nid="3100600012348", show=False) == "x-xxxx-xxxxx-34-8"


@pytest.mark.parametrize("language", ["th", "en"])
def test_phone_is_printed_whole_or_masked(language: str) -> None:
    source = "{{ p|phone:show }}"
    with translation.override(language):
        assert render(source, p="0812345678", show=True) == "0812345678"
        assert render(source, p="0812345678", show=False) == "xxx-xxx-5678"
        assert render(source, p="", show=False) == ""
        assert render('{{ p|phone:show|default:"–" }}', p="", show=True) == "–"


@pytest.mark.parametrize(
    ("done", "total", "css"),
    [(0, 15, "empty"), (1, 15, "partial"), (14, 15, "partial"), (15, 15, "done"), (16, 15, "done")],
)
def test_progress_class(done: int, total: int, css: str) -> None:
    assert render("{{ done|progress_class:total }}", done=done, total=total) == css


def test_progress_class_with_no_target_is_empty() -> None:
    assert render("{{ done|progress_class:total }}", done=3, total=0) == "empty"
