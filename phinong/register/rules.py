"""The rules a registered person's data must meet, shared by the forms, the API and imports.

`clean_person` takes raw values as typed (Thai digits, stray spaces, dashes, B.E. dates) and returns
the normalised values with a Thai message per field that breaks a rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from phinong.core.formatting import num
from phinong.lib import national_id
from phinong.lib.dates import from_be, parse_date
from phinong.lib.thai import clean_text, digits_only, to_arabic_digits
from phinong.lib.xlsx import formula_like
from phinong.register.models import LeaderType, Member, Sex

TITLES = ("นาย", "นาง", "นางสาว", "น.ส.", "ด.ต.", "จ.ส.อ.", "พระ", "พระครู", "ผู้ใหญ่", "กำนัน")
MIN_AGE, MAX_AGE = 15, 110

SEX_WORDS = {
    "m": Sex.MALE,
    "male": Sex.MALE,
    "ชาย": Sex.MALE,
    "ช": Sex.MALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "หญิง": Sex.FEMALE,
    "ญ": Sex.FEMALE,
    "x": Sex.OTHER,
    "other": Sex.OTHER,
    "อื่น ๆ": Sex.OTHER,
    "ไม่ระบุ": Sex.OTHER,
}
LEADER_TYPE_WORDS = {
    "formal": LeaderType.FORMAL,
    "ทางการ": LeaderType.FORMAL,
    "ผู้นำทางการ": LeaderType.FORMAL,
    "informal": LeaderType.INFORMAL,
    "ไม่เป็นทางการ": LeaderType.INFORMAL,
    "ผู้นำไม่เป็นทางการ": LeaderType.INFORMAL,
    "ไม่ทางการ": LeaderType.INFORMAL,
}


NAME_FIELDS = (
    ("title", pgettext_lazy("name prefix", "title")),
    ("first_name", gettext_lazy("first name")),
    ("last_name", gettext_lazy("last name")),
)
SEXES = frozenset(Sex.values)
# Titles that say the person's sex; any other title (ranks, monks, ผู้ใหญ่...) says nothing.
TITLE_SEX = {"นาย": Sex.MALE, "นาง": Sex.FEMALE, "นางสาว": Sex.FEMALE, "น.ส.": Sex.FEMALE}
# The register's own column widths, so that an import is refused a row, not aborted by the database.
FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "phone": gettext_lazy("phone"),
    "position": gettext_lazy("position"),
}
MAX_LENGTHS: dict[str, int] = {
    name: getattr(Member._meta.get_field(name), "max_length", None) or 0 for name in FIELD_LABELS
}
LEADER_TYPES = frozenset(LeaderType.values)
# What officers write in a cell to say "none": kept as empty rather than refused as a formula.
NOTHING = frozenset({"-", "--", "—", "–"})


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def clean_person(
    raw: dict[str, Any], *, today: dt.date | None = None, reference: dt.date | None = None
) -> Cleaned:
    """`reference` is the programme's reference date (its start): an age typed next to a birth
    date may be the age then or today, give or take a year."""
    out = Cleaned()
    today = today or timezone.localdate()

    for name, label in NAME_FIELDS:
        value = clean_text(str(raw.get(name) or ""))
        if not value:
            out.errors[name] = _("The %(field)s is missing.") % {"field": label}
        out.values[name] = value

    nid = national_id.normalise(str(raw.get("national_id") or ""))
    out.values["national_id"] = nid
    problem = national_id.problem(nid)
    if problem is not None:
        out.errors["national_id"] = _national_id_message(problem, nid)

    sex = raw.get("sex") or ""
    sex = SEX_WORDS.get(clean_text(str(sex)).lower(), sex)
    if sex not in SEXES:
        out.errors["sex"] = _("Choose a sex: male, female or not stated.")
    elif sex != Sex.OTHER and TITLE_SEX.get(out.values["title"], sex) != sex:
        out.errors["sex"] = _(
            "The title %(title)s does not agree with the sex %(sex)s: correct the title or the sex."
        ) % {"title": out.values["title"], "sex": Sex(sex).label}
    out.values["sex"] = sex

    leader_type = raw.get("leader_type") or ""
    leader_type = LEADER_TYPE_WORDS.get(clean_text(str(leader_type)).lower(), leader_type)
    if leader_type not in LEADER_TYPES:
        out.errors["leader_type"] = _("Choose the leader type: formal or informal.")
    out.values["leader_type"] = leader_type

    birth_date = raw.get("birth_date")
    if isinstance(birth_date, str):
        birth_date = birth_date.strip() or None
        if birth_date:
            try:
                birth_date = parse_date(birth_date)
            except ValueError:
                out.errors["birth_date"] = _(
                    "The birth date %(value)s cannot be read; write it as "
                    "day/month/year, e.g. 31/08/2510."
                ) % {"value": birth_date}
                birth_date = None
    age = _read_age(raw.get("age"))
    if age == "bad":
        out.errors["age"] = _("The age must be a whole number of years.")
        age = None
    if isinstance(birth_date, dt.date):
        birth_date = from_be(birth_date)
        if birth_date > today:
            out.errors["birth_date"] = _("The birth date is in the future.")
        typed_age, age = age, age_on(birth_date, today)
        dates = (today, reference) if reference else (today,)
        disagrees = typed_age is not None and all(
            abs(int(typed_age) - age_on(birth_date, day)) > 1 for day in dates
        )
        if disagrees and "birth_date" not in out.errors:
            out.errors["age"] = _(
                "The age %(typed)s does not agree with the birth date, which gives "
                "%(age)s years: correct the age or the birth date, or leave the age empty."
            ) % {"typed": num(typed_age), "age": num(age)}
    if age is None and "birth_date" not in out.errors and "age" not in out.errors:
        out.errors["age"] = _("Give the birth date or the age.")
    elif age is not None and "age" not in out.errors and not MIN_AGE <= int(age) <= MAX_AGE:
        out.errors["age"] = _("An age of %(age)s is outside %(min)s–%(max)s years.") % {
            "age": num(age),
            "min": num(MIN_AGE),
            "max": num(MAX_AGE),
        }
    out.values["birth_date"] = birth_date if isinstance(birth_date, dt.date) else None
    out.values["age"] = age

    phone = digits_only(str(raw.get("phone") or "")).removeprefix("+")
    if phone.startswith("66") and len(phone) == 11:
        phone = "0" + phone[2:]
    elif (len(phone) == 9 and phone[0] in "689") or (len(phone) == 8 and phone[0] in "234567"):
        phone = "0" + phone  # Excel stored it as a number and dropped the leading 0
    if phone and not (phone.isdigit() and phone.startswith("0") and len(phone) in (9, 10)):
        out.errors["phone"] = _("A phone number has 9 or 10 digits and starts with 0.")
    out.values["phone"] = phone
    position = clean_text(str(raw.get("position") or ""))
    out.values["position"] = "" if position in NOTHING else position
    for name in ("title", "first_name", "last_name", "position"):
        text = out.values[name]
        if name not in out.errors and formula_like(text):
            out.errors[name] = _(
                "The %(field)s may not start with %(sign)s: a spreadsheet would run it as a "
                "formula. Remove the sign."
            ) % {"field": FIELD_LABELS[name], "sign": text[0]}

    for name, limit in MAX_LENGTHS.items():
        text = out.values.get(name)
        if isinstance(text, str) and len(text) > limit and name not in out.errors:
            out.errors[name] = _(
                "The %(field)s is too long: %(length)s characters, at most %(max)s."
            ) % {"field": FIELD_LABELS[name], "length": num(len(text)), "max": num(limit)}
    return out


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years from a birth date to a day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _read_age(age: Any) -> int | str | None:
    """An age as typed: an int, None when empty, or "bad". A minus sign is kept, so that the
    range check quotes "-5", not "5"."""
    if not isinstance(age, str):
        return age
    text = to_arabic_digits(clean_text(age)).replace(" ", "").replace("\u2212", "-")
    if not text:
        return None
    match = re.fullmatch(r"(-?\d+)(?:\.0*)?", text)  # "45.0": a number cell read as text
    return int(match[1]) if match else "bad"


def _national_id_message(problem: str, nid: str) -> str:
    if problem == national_id.MISSING:
        return _("The national ID is missing.")
    if problem == national_id.LETTERS:
        return _(
            "The national ID contains letters or signs that are not digits (%(chars)s): "
            "a national ID has 13 digits only."
        ) % {"chars": " ".join(national_id.non_digits(nid))}
    if problem in (national_id.TOO_SHORT, national_id.TOO_LONG):
        return _("A national ID has 13 digits; this one has %(count)s.") % {"count": num(len(nid))}
    return _("National ID %(id)s is not valid: its check digit does not match.") % {
        "id": national_id.formatted(nid)
    }
