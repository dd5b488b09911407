"""Buddhist Era dates: the Thai official style, and the dates officers type."""

import datetime as dt

import pytest

from phinong.lib.dates import (
    be_year,
    fiscal_year_be,
    format_en,
    format_numeric_be,
    format_th,
    parse_date,
)

AUG_11_2021 = dt.date(2021, 8, 11)


def test_the_buddhist_era_is_543_years_ahead() -> None:
    assert be_year(AUG_11_2021) == 2564
    assert be_year(dt.date(2020, 1, 1)) == 2563


def test_format_th_is_the_short_thai_style_with_thai_digits() -> None:
    assert format_th(AUG_11_2021) == "๑๑ ส.ค. ๒๕๖๔"
    assert format_th(AUG_11_2021, thai_digits=False) == "11 ส.ค. 2564"
    assert format_th(dt.date(2021, 1, 1)) == "๑ ม.ค. ๒๕๖๔"
    assert format_th(dt.date(2021, 12, 31)) == "๓๑ ธ.ค. ๒๕๖๔"


def test_format_th_long_is_the_official_document_style() -> None:
    assert format_th(AUG_11_2021, long=True) == "๑๑ สิงหาคม ๒๕๖๔"
    assert format_th(dt.date(2020, 2, 29), long=True) == "๒๙ กุมภาพันธ์ ๒๕๖๓"
    assert format_th(AUG_11_2021, long=True, thai_digits=False) == "11 สิงหาคม 2564"


def test_format_en_keeps_the_buddhist_era_year() -> None:
    assert format_en(AUG_11_2021) == "11 Aug 2564 BE"
    assert format_en(dt.date(2021, 9, 30)) == "30 Sep 2564 BE"


def test_format_numeric_be_is_what_date_inputs_show() -> None:
    assert format_numeric_be(AUG_11_2021) == "11/08/2564"
    assert format_numeric_be(dt.date(2021, 1, 5)) == "05/01/2564"


@pytest.mark.parametrize(
    "typed",
    [
        "11/08/2564",  # B.E.
        "11/8/2564",
        "11-08-2564",
        "11.08.2564",
        "11 08 2564",
        "11/08/2021",  # C.E.
        "๑๑/๐๘/๒๕๖๔",  # Thai digits
        "๑๑/๘/๒๐๒๑",
        "  11/08/2564  ",
        "2021-08-11",  # ISO, as a browser's date input sends it
    ],
)
def test_parse_date_reads_be_and_ce_with_thai_or_arabic_digits(typed: str) -> None:
    assert parse_date(typed) == AUG_11_2021


def test_parse_date_reads_back_what_format_numeric_be_writes() -> None:
    for day in (dt.date(2021, 1, 1), dt.date(2020, 2, 29), dt.date(1967, 8, 31)):
        assert parse_date(format_numeric_be(day)) == day


def test_a_year_of_2400_or_more_is_buddhist_era() -> None:
    assert parse_date("01/01/2400") == dt.date(1857, 1, 1)
    assert parse_date("01/01/2399") == dt.date(2399, 1, 1)


def test_29_february_is_read_in_leap_years_in_either_era() -> None:
    assert parse_date("29/02/2563") == dt.date(2020, 2, 29)  # 2563 B.E. = 2020, a leap year
    assert parse_date("29/02/2020") == dt.date(2020, 2, 29)
    assert parse_date("๒๙/๐๒/๒๕๖๗") == dt.date(2024, 2, 29)
    assert parse_date("29/02/2543") == dt.date(2000, 2, 29)  # 2000 is a leap year


@pytest.mark.parametrize("typed", ["29/02/2564", "29/02/2021", "29/02/2443"])  # 2443 = 1900
def test_29_february_is_refused_in_other_years(typed: str) -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        parse_date(typed)


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "31/02/2564", "11/13/2564", "0/08/2564", "11/08/64", "11/08", "2564/08/11x"],
)
def test_parse_date_refuses_what_it_cannot_read(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_date(typed)


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2020, 9, 30), 2563),
        (dt.date(2020, 10, 1), 2564),  # the fiscal year starts on 1 October
        (dt.date(2021, 1, 1), 2564),
        (dt.date(2021, 9, 30), 2564),
        (dt.date(2021, 10, 1), 2565),
        (dt.date(2021, 12, 31), 2565),
    ],
)
def test_the_fiscal_year_turns_on_1_october(day: dt.date, fiscal_year: int) -> None:
    assert fiscal_year_be(day) == fiscal_year
