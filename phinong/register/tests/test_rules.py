"""The person rules shared by the forms, the API and imports (register.rules.clean_person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from phinong.register.rules import clean_person

TODAY = dt.date(2021, 8, 11)
VALID_ID = "3100600012348"  # 3*13 + 1*12 + 6*9 + 1*5 + 2*4 + 3*3 + 4*2 = 135; 11 - 135 % 11 = 8


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Read the English source messages, whatever translations exist."""
    with translation.override("en"):
        yield


def raw(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "นาง",
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "national_id": VALID_ID,
        "sex": "F",
        "age": 45,
        "phone": "0812345678",
        "position": "อสม.",
        "leader_type": "informal",
    } | overrides


def test_valid_data_passes_unchanged() -> None:
    cleaned = clean_person(raw(), today=TODAY)

    assert cleaned.errors == {}
    assert cleaned.values["national_id"] == VALID_ID
    assert cleaned.values["age"] == 45
    assert cleaned.values["birth_date"] is None
    assert cleaned.values["sex"] == "F"
    assert cleaned.values["leader_type"] == "informal"


def test_a_bad_check_digit_is_refused_on_the_national_id_field_with_the_id() -> None:
    cleaned = clean_person(raw(national_id="3100600012345"), today=TODAY)

    assert list(cleaned.errors) == ["national_id"]
    message = cleaned.errors["national_id"]
    assert "3-1006-00012-34-5" in message
    assert "check digit" in message


def test_a_bad_check_digit_message_is_thai_when_thai_is_active() -> None:
    with translation.override("th"):
        message = clean_person(raw(national_id="3100600012345"), today=TODAY).errors["national_id"]
    assert "3-1006-00012-34-5" in message


@pytest.mark.parametrize(
    "typed",
    ["๓-๑๐๐๖-๐๐๐๑๒-๓๔-๘", "3 1006 00012 34 8", " 3-1006-00012-34-8 ", "๓๑๐๐๖๐๐๐๑๒๓๔๘"],
)
def test_a_national_id_with_thai_digits_dashes_or_spaces_is_normalised(typed: str) -> None:
    cleaned = clean_person(raw(national_id=typed), today=TODAY)

    assert cleaned.errors == {}
    assert cleaned.values["national_id"] == VALID_ID


@pytest.mark.parametrize(("typed", "count"), [("310060001234", "12"), ("31006000123480", "14")])
def test_a_national_id_of_the_wrong_length_says_how_many_digits_it_has(
    typed: str, count: str
) -> None:
    message = clean_person(raw(national_id=typed), today=TODAY).errors["national_id"]
    assert "13 digits" in message
    assert count in message


@pytest.mark.parametrize("typed", ["31006000123a8", "3100600012ab", "310060001234ก8", "x"])
def test_a_national_id_with_letters_says_it_contains_letters(typed: str) -> None:
    message = clean_person(raw(national_id=typed), today=TODAY).errors["national_id"]

    assert "contains letters" in message
    assert "13 digits only" in message
    assert "this one has" not in message


def test_a_national_id_with_letters_names_them() -> None:
    message = clean_person(raw(national_id="31006000123a8"), today=TODAY).errors["national_id"]
    assert "(a)" in message


def test_a_missing_national_id_is_refused() -> None:
    message = clean_person(raw(national_id="  "), today=TODAY).errors["national_id"]
    assert "missing" in message


def test_each_missing_name_is_reported_on_its_own_field() -> None:
    errors = clean_person(raw(title="", first_name=" ", last_name="\u200b"), today=TODAY).errors

    assert set(errors) == {"title", "first_name", "last_name"}
    assert "first name" in errors["first_name"]
    assert "last name" in errors["last_name"]


def test_names_lose_stray_and_zero_width_spaces() -> None:
    values = clean_person(
        raw(first_name="  สม\u200bศรี ", last_name="ใจ  ดี", position=" อสม. \n"), today=TODAY
    ).values

    assert values["first_name"] == "สมศรี"
    assert values["last_name"] == "ใจ ดี"
    assert values["position"] == "อสม."


@pytest.mark.parametrize(
    ("typed", "sex"), [("หญิง", "F"), ("ญ", "F"), ("ชาย", "M"), ("Male", "M"), ("ไม่ระบุ", "X")]
)
def test_sex_is_read_from_thai_or_english_words(typed: str, sex: str) -> None:
    cleaned = clean_person(raw(title="กำนัน", sex=typed), today=TODAY)
    assert cleaned.errors == {}
    assert cleaned.values["sex"] == sex


def test_an_unknown_sex_is_refused() -> None:
    assert "sex" in clean_person(raw(sex="?"), today=TODAY).errors


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("ทางการ", "formal"), ("ผู้นำไม่เป็นทางการ", "informal"), ("Formal", "formal")],
)
def test_the_leader_type_is_read_from_thai_words(typed: str, kind: str) -> None:
    cleaned = clean_person(raw(leader_type=typed), today=TODAY)
    assert cleaned.errors == {}
    assert cleaned.values["leader_type"] == kind


def test_an_unknown_leader_type_is_refused() -> None:
    assert "leader_type" in clean_person(raw(leader_type="boss"), today=TODAY).errors


@pytest.mark.parametrize("typed", ["31/08/2510", "๓๑/๐๘/๒๕๑๐", "31/08/1967", "1967-08-31"])
def test_a_birth_date_in_be_or_ce_gives_the_age(typed: str) -> None:
    cleaned = clean_person(raw(age=None, birth_date=typed), today=TODAY)

    assert cleaned.errors == {}
    assert cleaned.values["birth_date"] == dt.date(1967, 8, 31)
    assert cleaned.values["age"] == 53  # 54 only on 31 August 2021


def test_the_birth_date_gives_the_age_when_the_typed_age_agrees() -> None:
    cleaned = clean_person(raw(age=53, birth_date=dt.date(1967, 8, 11)), today=TODAY)
    assert cleaned.errors == {}
    assert cleaned.values["age"] == 54


def test_it_refuses_an_age_that_disagrees_with_the_birth_date() -> None:
    errors = clean_person(raw(age=20, birth_date=dt.date(1967, 8, 11)), today=TODAY).errors

    assert list(errors) == ["age"]
    assert "20" in errors["age"]
    assert "54" in errors["age"]
    assert "birth date" in errors["age"]


@pytest.mark.parametrize(("age", "ok"), [(52, False), (53, True), (55, True), (56, False)])
def test_a_typed_age_may_be_a_year_off_the_birth_date(age: int, ok: bool) -> None:
    errors = clean_person(raw(age=age, birth_date=dt.date(1967, 8, 11)), today=TODAY).errors
    assert ("age" not in errors) is ok


def test_a_typed_age_may_be_the_age_at_the_programmes_reference_date() -> None:
    later = dt.date(2025, 8, 11)  # 58 today, 54 at the start of the programme
    cleaned = clean_person(
        raw(age=54, birth_date=dt.date(1967, 8, 11)), today=later, reference=TODAY
    )
    assert cleaned.errors == {}
    assert cleaned.values["age"] == 58
    assert "age" in clean_person(raw(age=54, birth_date=dt.date(1967, 8, 11)), today=later).errors


@pytest.mark.parametrize(
    ("title", "sex"),
    [("นาย", "F"), ("นาง", "M"), ("นางสาว", "ชาย"), ("น.ส.", "M")],
)
def test_it_refuses_a_title_that_disagrees_with_the_sex(title: str, sex: str) -> None:
    errors = clean_person(raw(title=title, sex=sex), today=TODAY).errors

    assert list(errors) == ["sex"]
    assert title in errors["sex"]
    assert "title" in errors["sex"]
    assert "sex" in errors["sex"]


@pytest.mark.parametrize(
    ("title", "sex"),
    [("นาย", "M"), ("นาง", "F"), ("นางสาว", "หญิง"), ("นาย", "X"), ("ด.ต.", "F"), ("พระ", "M")],
)
def test_a_title_that_agrees_or_says_nothing_of_the_sex_passes(title: str, sex: str) -> None:
    assert clean_person(raw(title=title, sex=sex), today=TODAY).errors == {}


def test_a_birth_date_on_29_february_is_read() -> None:
    cleaned = clean_person(raw(age=None, birth_date="29/02/2519"), today=TODAY)  # 1976
    assert cleaned.values["birth_date"] == dt.date(1976, 2, 29)
    assert cleaned.values["age"] == 45


def test_an_unreadable_birth_date_is_refused_and_quoted() -> None:
    errors = clean_person(raw(age=None, birth_date="31/02/2510"), today=TODAY).errors
    assert "31/02/2510" in errors["birth_date"]
    assert "age" not in errors


def test_a_birth_date_in_the_future_is_refused() -> None:
    errors = clean_person(raw(age=None, birth_date="01/01/2570"), today=TODAY).errors
    assert "future" in errors["birth_date"]


def test_the_age_is_read_from_thai_digits() -> None:
    cleaned = clean_person(raw(age="๔๕"), today=TODAY)
    assert cleaned.errors == {}
    assert cleaned.values["age"] == 45


@pytest.mark.parametrize("typed", ["-5", -5, "−5", "-๕"])
def test_a_negative_age_keeps_its_sign_in_the_message(typed: object) -> None:
    message = clean_person(raw(age=typed), today=TODAY).errors["age"]
    assert "-5" in message


def test_an_age_read_as_a_decimal_number_is_a_whole_number() -> None:
    assert clean_person(raw(age="45.0"), today=TODAY).values["age"] == 45


@pytest.mark.parametrize(
    ("name", "limit"),
    [("title", 30), ("first_name", 100), ("last_name", 100), ("position", 200)],
)
def test_it_refuses_text_longer_than_the_register_keeps(name: str, limit: int) -> None:
    ok = clean_person(raw(**{name: "ก" * limit}), today=TODAY)
    too_long = clean_person(raw(**{name: "ก" * 306}), today=TODAY)

    assert name not in ok.errors
    assert list(too_long.errors) == [name]
    assert "306" in too_long.errors[name]
    assert str(limit) in too_long.errors[name]


def test_an_age_that_is_not_a_number_is_refused() -> None:
    assert "whole number" in clean_person(raw(age="สี่สิบ"), today=TODAY).errors["age"]


@pytest.mark.parametrize(("age", "ok"), [(14, False), (15, True), (110, True), (111, False)])
def test_the_age_must_be_from_15_to_110(age: int, ok: bool) -> None:
    errors = clean_person(raw(age=age), today=TODAY).errors
    assert ("age" not in errors) is ok
    if not ok:
        assert str(age) in errors["age"]


def test_either_a_birth_date_or_an_age_is_needed() -> None:
    errors = clean_person(raw(age=None, birth_date=""), today=TODAY).errors
    assert "birth date or the age" in errors["age"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081-234-5678", "0812345678"),
        ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
        ("042 811 234", "042811234"),
        ("66812345678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    cleaned = clean_person(raw(phone=typed), today=TODAY)
    assert cleaned.errors == {}
    assert cleaned.values["phone"] == stored


@pytest.mark.parametrize("typed", ["12345", "1812345678", "08123456789", "08x2345678"])
def test_a_bad_phone_number_is_refused(typed: str) -> None:
    assert "phone" in clean_person(raw(phone=typed), today=TODAY).errors


def test_every_broken_rule_is_reported_at_once() -> None:
    errors = clean_person(
        raw(national_id="1", sex="", leader_type="", age="x", phone="9"), today=TODAY
    ).errors
    assert set(errors) == {"national_id", "sex", "leader_type", "age", "phone"}
