"""The rules a registered person's data must meet, shared by the forms, the API and imports.

`clean_person` takes raw values as typed (Thai digits, stray spaces, dashes, B.E. dates) and returns
the normalised values with a Thai message per field that breaks a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phinong.lib import national_id
from phinong.lib.dates import from_be, parse_date
from phinong.lib.thai import clean_text, digits_only
from phinong.register.models import LeaderType, Sex

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
    ("title", gettext_lazy("title")),
    ("first_name", gettext_lazy("first name")),
    ("last_name", gettext_lazy("last name")),
)
SEXES = frozenset(Sex.values)
LEADER_TYPES = frozenset(LeaderType.values)


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def clean_person(raw: dict[str, Any], *, today: dt.date | None = None) -> Cleaned:
    out = Cleaned()
    today = today or timezone.localdate()

    for name, label in NAME_FIELDS:
        value = clean_text(str(raw.get(name) or ""))
        if not value:
            out.errors[name] = _("The %(field)s is missing.") % {"field": label}
        out.values[name] = value

    nid = national_id.normalise(str(raw.get("national_id") or ""))
    out.values["national_id"] = nid
    if not nid:
        out.errors["national_id"] = _("The national ID is missing.")
    elif len(nid) != 13 or not nid.isdigit():
        out.errors["national_id"] = _("A national ID has 13 digits; this one has %(count)s.") % {
            "count": len(nid)
        }
    elif not national_id.is_valid(nid):
        out.errors["national_id"] = _(
            "National ID %(id)s is not valid: its check digit does not match."
        ) % {"id": national_id.formatted(nid)}

    sex = raw.get("sex") or ""
    sex = SEX_WORDS.get(clean_text(str(sex)).lower(), sex)
    if sex not in SEXES:
        out.errors["sex"] = _("Choose a sex: male, female or not stated.")
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
    age = raw.get("age")
    if isinstance(age, str):
        age = digits_only(age) or None
        age = int(age) if age and age.isdigit() else (age and "bad")
    if age == "bad":
        out.errors["age"] = _("The age must be a whole number of years.")
        age = None
    if isinstance(birth_date, dt.date):
        birth_date = from_be(birth_date)
        if birth_date > today:
            out.errors["birth_date"] = _("The birth date is in the future.")
        age = (
            today.year
            - birth_date.year
            - ((today.month, today.day) < (birth_date.month, birth_date.day))
        )
    if age is None and "birth_date" not in out.errors and "age" not in out.errors:
        out.errors["age"] = _("Give the birth date or the age.")
    elif age is not None and not MIN_AGE <= int(age) <= MAX_AGE:
        out.errors["age"] = _("An age of %(age)s is outside %(min)s–%(max)s years.") % {
            "age": age,
            "min": MIN_AGE,
            "max": MAX_AGE,
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
    out.values["position"] = clean_text(str(raw.get("position") or ""))
    return out
