import datetime as dt

from ninja import Schema


class AreaOut(Schema):
    code: str
    name_th: str
    name_en: str
    level: str


class AreaDetailOut(AreaOut):
    children: list[AreaOut]


class ActivityOut(Schema):
    number: int
    name: str
    due_on: dt.date


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    fiscal_year: int
    starts_on: dt.date
    ends_on: dt.date
    leaders_per_tambon: int
    status: str
    extends: str | None
    activities: list[ActivityOut]


class QuotaOut(Schema):
    area_code: str
    limit: int | None
    used: int
    left: int | None


class PairIn(Schema):
    younger: str
    elder: str


class PairOut(Schema):
    id: int
    younger: str
    younger_name: str
    elder: str
    elder_name: str
    leaders: int


class MemberIn(Schema):
    title: str
    first_name: str
    last_name: str
    national_id: str
    sex: str
    birth_date: str | None = None
    age: int | None = None
    phone: str = ""
    position: str = ""
    leader_type: str
    village: str | None = None


class MemberOut(Schema):
    id: int
    role: str
    tambon: str
    title: str
    first_name: str
    last_name: str
    national_id: str
    sex: str
    age: int | None
    phone: str
    position: str
    leader_type: str
    village: str | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None
