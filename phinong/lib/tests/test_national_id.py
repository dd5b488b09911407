"""The 13-digit national ID: the mod-11 check digit, normalising what is typed, and masking."""

import pytest

from phinong.lib.national_id import (
    check_digit,
    formatted,
    is_valid,
    masked,
    masked_phone,
    normalise,
    with_check_digit,
)


def test_the_check_digit_is_eleven_minus_the_weighted_sum_mod_eleven() -> None:
    # 3 1 0 0 6 0 0 0 1 2 3 4, weighted 13 down to 2:
    # 3*13 + 1*12 + 6*9 + 1*5 + 2*4 + 3*3 + 4*2 = 39 + 12 + 54 + 5 + 8 + 9 + 8 = 135
    # 135 mod 11 = 3, and 11 - 3 = 8
    assert check_digit("310060001234") == 8
    assert is_valid("3100600012348")
    assert with_check_digit("310060001234") == "3100600012348"


def test_a_remainder_of_one_gives_check_digit_0() -> None:
    # 1*13 + 1*10 = 23; 23 mod 11 = 1; 11 - 1 = 10, written as 0
    assert check_digit("100100000000") == 0
    assert is_valid("1001000000000")
    assert not is_valid("1001000000001")


def test_a_remainder_of_zero_gives_check_digit_1() -> None:
    # 1*13 + 1*9 = 22; 22 mod 11 = 0; 11 - 0 = 11, written as 1
    assert check_digit("100010000000") == 1
    assert is_valid("1000100000001")
    assert not is_valid("1000100000000")


@pytest.mark.parametrize("last", [d for d in "0123456789" if d != "8"])
def test_every_other_last_digit_is_invalid(last: str) -> None:
    assert not is_valid("310060001234" + last)


def test_one_changed_digit_is_caught() -> None:
    assert not is_valid("3100600012358")  # 4 became 5
    assert not is_valid("3100600021348")  # 1 and 2 swapped


@pytest.mark.parametrize(
    "value",
    [
        "",
        "310060001234",  # 12 digits
        "31006000123480",  # 14 digits
        "3-1006-00012-34-8",  # not normalised
        "๓๑๐๐๖๐๐๐๑๒๓๔๘",  # Thai digits, not normalised
        "31006000123a8",
    ],
)
def test_only_13_arabic_digits_can_be_valid(value: str) -> None:
    assert not is_valid(value)


@pytest.mark.parametrize(
    "typed",
    [
        "3100600012348",
        "3-1006-00012-34-8",
        "3 1006 00012 34 8",
        " 3100600012348 ",
        "๓-๑๐๐๖-๐๐๐๑๒-๓๔-๘",
        "๓๑๐๐๖๐๐๐๑๒๓๔๘",
        "3.1006.00012.34.8",
    ],
)
def test_normalise_accepts_thai_digits_dashes_and_spaces(typed: str) -> None:
    assert normalise(typed) == "3100600012348"
    assert is_valid(normalise(typed))


def test_formatted_is_the_card_layout() -> None:
    assert formatted("3100600012348") == "3-1006-00012-34-8"
    assert formatted("12345") == "12345"


def test_masked_keeps_only_the_end_in_the_card_layout() -> None:
    assert masked("3100600012348") == "x-xxxx-xxxxx-34-8"
    assert "3100600" not in masked("3100600012348")
    assert masked("12345") == "xxxxx"
    assert masked("") == ""


def test_masked_phone_keeps_the_last_four_digits() -> None:
    assert masked_phone("0812345678") == "xxx-xxx-5678"
    assert masked_phone("042811234") == "xxx-xxx-1234"
    assert masked_phone("123") == "xxx"
