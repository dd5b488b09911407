"""Planning a register import: what each row of a sheet would do, and why a row is refused.

Everything the rules need is read up front (the geography, the programme's register, pairs and
quotas), so a sheet of 30,000 rows is planned in memory with a handful of queries. The rules are the
forms' rules: `rules.clean_person` for the person, and the same pairing, quota and room checks as
`programmes.services.create_pair` and `register.services.add_member`, counted across the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from phinong.accounts.scoping import scope_of
from phinong.core.formatting import num
from phinong.geo.gazetteer import Ambiguous, Gazetteer
from phinong.geo.models import Village
from phinong.lib.thai import clean_text, to_arabic_digits
from phinong.programmes import selectors as programme_selectors
from phinong.programmes.models import DistrictQuota, Pair, Programme, ProvinceQuota, TargetTambon
from phinong.register.columns import BY_KEY
from phinong.register.models import Member, MemberRole
from phinong.register.rules import TITLES, clean_person

if TYPE_CHECKING:
    from phinong.accounts.models import User
    from phinong.register.sheets import Sheet

# The person's fields an import compares and writes, in the register's order.
FIELDS = (
    "title",
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "age",
    "phone",
    "position",
    "leader_type",
)
CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
_MOO = re.compile(r"(?:หมู่ที่|หมู่|ม\.)?\s*(\d{1,2})")  # "7", "หมู่ 7", "หมู่ที่ ๗", "ม.7"


@dataclass
class Problem:
    row: int
    column: str  # a column key of columns.COLUMNS
    value: str
    reason: str

    @property
    def heading(self) -> str:
        return BY_KEY[self.column].thai if self.column in BY_KEY else self.column


@dataclass
class RowPlan:
    row: int
    status: str = CREATED
    national_id: str = ""
    name: str = ""
    younger: str = ""
    elder: str = ""
    younger_name: str = ""
    elder_name: str = ""
    moo: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    existing: dict[str, Any] | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changes_shown(self) -> list[tuple[str, str, str]]:
        """(Thai heading, old value, new value) for each change, for the preview."""
        headings = {"village": BY_KEY["moo"].thai}
        return [
            (headings.get(key) or BY_KEY[key].thai, _shown(old), _shown(new))
            for key, (old, new) in self.changes.items()
        ]

    def refuse(self, column: str, value: object, reason: str) -> None:
        self.status = REJECTED
        self.problems.append(Problem(self.row, column, _shown(value), reason))


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


class Planner:
    """Holds what the rules need for one programme and one actor, and plans rows against it."""

    def __init__(self, *, actor: User, programme: Programme, sheet: Sheet) -> None:
        self.actor, self.programme, self.sheet = actor, programme, sheet
        self.scope = scope_of(actor)
        self.places = Gazetteer.load()
        self.limit = programme.leaders_per_tambon
        self.today = timezone.localdate()
        self.present = set(sheet.columns)
        self.members = {
            m["national_id"]: m
            for m in Member.objects.filter(programme=programme).values(
                "pk",
                "national_id",
                "role",
                "tambon_id",
                "pair__younger_id",
                "version",
                "village_id",
                *FIELDS,
            )
        }
        self.leaders = Counter(
            m["tambon_id"] for m in self.members.values() if m["role"] == MemberRole.LEADER
        )
        if programme.is_paired:
            self.selected = dict(
                Pair.objects.filter(programme=programme).values_list("younger_id", "elder_id")
            )
        else:
            self.selected = dict.fromkeys(
                TargetTambon.objects.filter(programme=programme).values_list(
                    "tambon_id", flat=True
                ),
                "",
            )
        earlier = programme.extends
        self.earlier_code = earlier.code if earlier else ""
        self.elders = programme_selectors.participating_tambon_codes(earlier) if earlier else set()
        self.province_quota = dict(
            ProvinceQuota.objects.filter(programme=programme).values_list("province_id", "tambons")
        )
        self.district_quota = dict(
            DistrictQuota.objects.filter(programme=programme).values_list("district_id", "tambons")
        )
        self.used = Counter(code[:2] for code in self.selected) + Counter(
            code[:4] for code in self.selected
        )
        villages = Village.objects.filter(self.scope.q("tambon__code"))
        self.villages = {
            (tambon, moo): code
            for code, tambon, moo in villages.values_list("code", "tambon_id", "moo")
        }
        self.new_selected: dict[str, str] = {}  # younger tambon -> elder tambon, made by this file
        self.seen_ids: dict[str, int] = {}

    def plan(self, number: int, cells: dict[str, Any]) -> RowPlan:
        plan = RowPlan(number)
        self._place(plan, cells)
        self._person(plan, cells)
        if plan.status != REJECTED:
            self._compare(plan)
        if plan.status == CREATED:
            self._claim(plan)
        return plan

    # Where the row belongs -----------------------------------------------------------------------

    def _area(self, plan: RowPlan, cells: dict[str, Any], key: str, level: int, within: str) -> str:
        text = _shown(cells.get(key, "")).strip()
        if not text:
            return ""
        try:
            code = self.places.resolve(text, level=level, within=within)
        except Ambiguous:
            plan.refuse(
                key,
                text,
                _("More than one area is called %(name)s here; write its DOPA code instead.")
                % {"name": text},
            )
            return ""
        if code is None:
            where = self.places.names.get(within, "")
            plan.refuse(
                key,
                text,
                _("No such area in %(where)s.") % {"where": where} if where else _("No such area."),
            )
            return ""
        return code

    def _place(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        province = self._area(plan, cells, "province", 2, "")
        district = self._area(plan, cells, "district", 4, province)
        younger = self._area(plan, cells, "younger", 6, district or province)
        if plan.status == REJECTED:
            return
        if not younger:
            plan.refuse("younger", "", _("The tambon is missing."))
            return
        if not self.scope.covers(younger):
            plan.refuse("younger", cells.get("younger"), _("This tambon is outside your area."))
            return
        plan.younger, plan.younger_name = younger, self.places.names[younger]
        if self.programme.is_paired:
            self._pair(plan, cells)
        elif younger not in self.selected and younger not in self.new_selected:
            self._check_quota(plan, "younger", cells.get("younger"))
        moo = to_arabic_digits(clean_cell(cells.get("moo", "")))
        if moo:
            match = _MOO.fullmatch(moo)
            if not match or not 0 < int(match[1]) < 100:
                plan.refuse("moo", cells.get("moo"), _("The village number must be 1–99."))
            else:
                plan.moo = int(match[1])

    def _pair(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        younger, raw = plan.younger, cells.get("elder")
        text = clean_cell(raw)
        try:
            elder = self.places.resolve_near(text, near=younger) if text else None
        except Ambiguous:
            plan.refuse(
                "elder",
                raw,
                _("More than one area is called %(name)s here; write its DOPA code instead.")
                % {"name": text},
            )
            return
        if not elder:
            reason = (
                _("No such tambon in %(where)s.") % {"where": self.places.names[younger[:2]]}
                if text
                else _("Name the elder tambon, by name or DOPA code.")
            )
            plan.refuse("elder", raw, reason)
            return
        plan.elder, plan.elder_name = elder, self.places.names[elder]
        paired_with = self.selected.get(younger) or self.new_selected.get(younger)
        if paired_with:
            if paired_with != elder:
                plan.refuse(
                    "elder",
                    raw,
                    _("Tambon %(younger)s is already paired with tambon %(elder)s.")
                    % {
                        "younger": self.places.names[younger],
                        "elder": self.places.names[paired_with],
                    },
                )
            return
        if younger in self.elders:
            plan.refuse(
                "younger",
                cells.get("younger"),
                _("This tambon took part in the earlier programme, so it is an elder tambon."),
            )
        elif elder not in self.elders:
            plan.refuse(
                "elder",
                raw,
                _(
                    "Tambon %(tambon)s did not take part in %(earlier)s, so it cannot be an elder tambon."
                )
                % {"tambon": self.places.names[elder], "earlier": self.earlier_code},
            )
        elif elder[:2] != younger[:2] and not self.programme.allow_cross_province_pairs:
            plan.refuse(
                "elder",
                raw,
                _("The elder tambon must be in the same province as the younger tambon."),
            )
        else:
            self._check_quota(plan, "younger", cells.get("younger"))

    def _check_quota(self, plan: RowPlan, column: str, raw: object) -> None:
        province, district = plan.younger[:2], plan.younger[:4]
        limit = self.province_quota.get(province, 0)
        if self.used[province] >= limit:
            plan.refuse(
                column,
                raw,
                _(
                    "The quota of %(province)s is used up: %(used)s of %(quota)s tambons are selected."
                )
                % {
                    "province": self.places.names[province],
                    "used": num(self.used[province]),
                    "quota": num(limit),
                },
            )
            return
        district_limit = self.district_quota.get(district)
        if district_limit is not None and self.used[district] >= district_limit:
            plan.refuse(
                column,
                raw,
                _(
                    "The quota of %(district)s is used up: %(used)s of %(quota)s tambons are selected."
                )
                % {
                    "district": self.places.names[district],
                    "used": num(self.used[district]),
                    "quota": num(district_limit),
                },
            )

    # Who the row is -------------------------------------------------------------------------------

    def _person(self, plan: RowPlan, cells: dict[str, Any]) -> None:
        raw = {key: cells.get(key, "") for key in ("national_id", *FIELDS)}
        if "title" not in self.present:  # "นายสมชาย" in the name column, as many sheets have it
            raw["title"], raw["first_name"] = split_title(clean_cell(raw["first_name"]))
        cleaned = clean_person(raw, today=self.today, reference=self.programme.starts_on)
        for key, message in cleaned.errors.items():
            plan.refuse(key, cells.get(key, ""), str(message))
        plan.values = cleaned.values
        plan.national_id = nid = cleaned.values["national_id"]
        plan.name = (
            f"{cleaned.values['title']}{cleaned.values['first_name']} {cleaned.values['last_name']}"
        )
        if "national_id" in cleaned.errors:
            return
        first = self.seen_ids.setdefault(nid, plan.row)
        if first != plan.row:
            plan.refuse(
                "national_id",
                cells.get("national_id"),
                _("This national ID is already in row %(row)s of this file.") % {"row": num(first)},
            )
            return
        existing = self.members.get(nid)
        if existing is None:
            return
        home = (
            existing["pair__younger_id"]
            if existing["role"] == MemberRole.MENTOR
            else existing["tambon_id"]
        )
        if existing["role"] == MemberRole.LEADER and (
            not plan.younger or existing["tambon_id"] == plan.younger
        ):
            plan.existing = existing
            return
        if self.scope.covers(home):
            message = _(
                "This national ID is already registered in this programme, in tambon %(tambon)s."
            ) % {"tambon": self.places.names.get(existing["tambon_id"], existing["tambon_id"])}
        else:
            message = _("This national ID is already registered in this programme.")
        plan.refuse("national_id", cells.get("national_id"), message)

    def _compare(self, plan: RowPlan) -> None:
        existing = plan.existing
        if existing is None:
            if self.leaders[plan.younger] >= self.limit:
                plan.refuse(
                    "national_id",
                    plan.values["national_id"],
                    _(
                        "Tambon %(tambon)s already has %(count)s of %(limit)s leaders; no more can be added."
                    )
                    % {
                        "tambon": self.places.names[plan.younger],
                        "count": num(self.leaders[plan.younger]),
                        "limit": num(self.limit),
                    },
                )
            return
        for key in FIELDS:
            if key not in self.present and key != "age":
                continue
            if key == "age" and (plan.values["birth_date"] or existing["birth_date"]):
                continue  # the age follows the birth date, and a birthday is not a change
            if key == "age" and "age" not in self.present:
                continue
            if existing[key] != plan.values[key]:
                plan.changes[key] = [existing[key], plan.values[key]]
        village = f"{plan.younger}{plan.moo:02d}" if plan.moo else None  # a village's code
        if "moo" in self.present and existing["village_id"] != village:
            plan.changes["village"] = [existing["village_id"], plan.moo]
        plan.status = UPDATED if plan.changes else UNCHANGED

    def _claim(self, plan: RowPlan) -> None:
        """Count what a created row takes: a place in its tambon, and the pair or target."""
        self.leaders[plan.younger] += 1
        younger = plan.younger
        if younger not in self.selected and younger not in self.new_selected:
            self.new_selected[younger] = plan.elder
            self.used[younger[:2]] += 1
            self.used[younger[:4]] += 1


def clean_cell(value: object) -> str:
    return clean_text(_shown(value))


def split_title(name: str) -> tuple[str, str]:
    """'นายสมชาย' -> ('นาย', 'สมชาย'); a name with no known title keeps it all."""
    for title in sorted(TITLES, key=len, reverse=True):
        if name.startswith(title) and len(name) > len(title):
            return title, name[len(title) :].strip()
    return "", name
