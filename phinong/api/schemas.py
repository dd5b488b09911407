import datetime as dt
from typing import Any

from ninja import Field, Schema

from phinong.api.listing import (
    TAMBON_PATTERN,
    TEXT_PATTERN,
    shown_id,
    shown_phone,
    shows_personal,
)
from phinong.programmes.models import Activity, Pair, Programme
from phinong.register.models import Member


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
    extends: str | None = Field(..., description="the code of the programme it extends")
    activities: list[ActivityOut]

    @staticmethod
    def resolve_extends(obj: Programme) -> str | None:
        return obj.extends.code if obj.extends_id and obj.extends else None

    @staticmethod
    def resolve_activities(obj: Programme) -> list[Activity]:
        return list(obj.activities.all())


class QuotaOut(Schema):
    area_code: str
    limit: int = Field(..., description="the number of younger tambons the quota allows")
    used: int = Field(..., description="younger tambons selected under it")
    left: int = Field(..., description="what the province's quota and the district's cap leave")
    district_cap: bool = Field(
        ..., description="true: the district's own cap; false: the province's (shared) quota"
    )


class PairIn(Schema):
    younger: str = Field(..., pattern=TAMBON_PATTERN, description="the younger tambon's DOPA code")
    elder: str = Field(..., pattern=TAMBON_PATTERN, description="the elder tambon's DOPA code")


class PairOut(Schema):
    id: int
    younger: str
    younger_name: str
    elder: str
    elder_name: str
    leaders: int = Field(..., description="leaders registered in the younger tambon")

    @staticmethod
    def resolve_younger(obj: Pair) -> str:
        return obj.younger_id

    @staticmethod
    def resolve_younger_name(obj: Pair) -> str:
        return obj.younger.name_th

    @staticmethod
    def resolve_elder(obj: Pair) -> str:
        return obj.elder_id

    @staticmethod
    def resolve_elder_name(obj: Pair) -> str:
        return obj.elder.name_th

    @staticmethod
    def resolve_leaders(obj: Pair) -> int:
        return int(getattr(obj, "n_leaders", 0))


class MemberIn(Schema):
    """A person as the register form takes them (register.forms); the national ID's check digit,
    the age against the birth date and the village's tambon are checked by register.rules."""

    title: str = Field(..., max_length=30, pattern=TEXT_PATTERN)
    first_name: str = Field(..., max_length=100, pattern=TEXT_PATTERN)
    last_name: str = Field(..., max_length=100, pattern=TEXT_PATTERN)
    national_id: str = Field(..., max_length=30, description="13 digits, Thai digits and dashes ok")
    sex: str = Field(..., max_length=20, description="M, F or X (or ชาย, หญิง)")
    birth_date: str | None = Field(None, max_length=30, description="YYYY-MM-DD, B.E. or C.E.")
    age: int | None = Field(None, ge=0, le=130)
    phone: str = Field("", max_length=30)
    position: str = Field("", max_length=200)
    leader_type: str = Field(..., max_length=20, description="formal or informal")
    village: str | None = Field(None, max_length=8, description="the village's 8-digit code")


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

    @staticmethod
    def resolve_tambon(obj: Member) -> str:
        return obj.tambon_id

    @staticmethod
    def resolve_village(obj: Member) -> str | None:
        return obj.village_id

    @staticmethod
    def resolve_national_id(obj: Member, context: Any) -> str:
        """Masked unless the role may see personal data, as on the web."""
        return shown_id(obj.national_id, shows_personal(context["request"].user))

    @staticmethod
    def resolve_phone(obj: Member, context: Any) -> str:
        return shown_phone(obj.phone, shows_personal(context["request"].user))


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None
