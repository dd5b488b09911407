"""Buddhist Era dates: formatting in the Thai official style and parsing what officers type."""

import datetime as dt
import re

from phinong.lib.thai import to_arabic_digits, to_thai_digits

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_EN_ABBR = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def be_year(day: dt.date) -> int:
    return day.year + BE_OFFSET


def fiscal_year_be(day: dt.date) -> int:
    """The Thai fiscal year runs October to September: 1 Oct 2020 is in FY 2564."""
    return be_year(day) + (1 if day.month >= 10 else 0)


def format_th(day: dt.date, *, long: bool = False, thai_digits: bool = True) -> str:
    """'11 ส.ค. 2564', or with long=True the official '๑๑ สิงหาคม ๒๕๖๔'."""
    months = MONTHS_TH if long else MONTHS_TH_ABBR
    text = f"{day.day} {months[day.month - 1]} {be_year(day)}"
    return to_thai_digits(text) if thai_digits else text


def format_en(day: dt.date) -> str:
    """'11 Aug 2564 BE': English readers still see the Buddhist Era year."""
    return f"{day.day} {MONTHS_EN_ABBR[day.month - 1]} {be_year(day)} BE"


def format_numeric_be(day: dt.date) -> str:
    """'11/08/2564', the form used in date inputs."""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day)}"


_DATE = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> dt.date:
    """Read 'd/m/yyyy' (B.E. or C.E.) or ISO 'yyyy-mm-dd', with Thai or Arabic digits.

    A year of 2400 or more is taken as B.E. Raises ValueError on anything else.
    """
    value = to_arabic_digits(text.strip())
    if match := _DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    if year >= 2400:
        year -= BE_OFFSET
    return dt.date(year, month, day)


def from_be(day: dt.date) -> dt.date:
    """A date whose year was typed in B.E. (2400 or more) into a real date cell, as C.E."""
    if day.year < 2400:
        return day
    try:
        return day.replace(year=day.year - BE_OFFSET)
    except ValueError:  # 29 Feb of a B.E. year that is not a C.E. leap year
        return day.replace(year=day.year - BE_OFFSET, day=28)
