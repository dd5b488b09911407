"""Way (b) of the issue-3 benchmark: the register loaded with django-import-export (a dev-only dependency).

Written the way its documentation suggests: a ModelResource whose fields carry the Thai headings,
ForeignKeyWidget subclasses that find a tambon by DOPA code or by name inside its district (or, for
the elder tambon, its province), rows matched on the national ID within the programme, the pair got
or created before each save, and `clean_model_instances` for Django's own validation of each row.
`skip_html_diff` is on, as its docs advise for large files; everything else is the default.
"""

from __future__ import annotations

from typing import Any

from import_export import fields, resources, widgets

from phinong.geo.models import Tambon
from phinong.programmes.models import Pair, Programme
from phinong.register.columns import BY_KEY
from phinong.register.models import LeaderType, Member, MemberRole, Sex

PROVINCE, DISTRICT = BY_KEY["province"].thai, BY_KEY["district"].thai


def _text(value: object) -> str:
    return str(value if value is not None else "").strip()


class TambonWidget(widgets.ForeignKeyWidget):
    """A tambon by its DOPA code, or by its Thai name inside the row's district (or province)."""

    def __init__(self, *, within: str) -> None:
        super().__init__(Tambon, field="code")
        self.within = within

    def get_lookup_kwargs(self, value: Any, row: Any, **kwargs: Any) -> dict[str, str]:
        value = _text(value)
        if value.isdigit():
            return {"code": value}
        lookup = {"name_th": value}
        district, province = _text(row[DISTRICT]), _text(row[PROVINCE])
        if self.within == "district" and district.isdigit():
            lookup["district_id"] = district
        elif self.within == "district":
            lookup["district__name_th"] = district
        if province.isdigit():
            lookup["district__province_id"] = province
        else:
            lookup["district__province__name_th"] = province
        return lookup


class WordsWidget(widgets.Widget):
    """A choice written as a Thai word: ชาย -> M."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return self.words.get(_text(value), _text(value))


class MemberResource(resources.ModelResource):
    tambon = fields.Field(
        attribute="tambon",
        column_name=BY_KEY["younger"].thai,
        widget=TambonWidget(within="district"),
    )
    title = fields.Field(attribute="title", column_name=BY_KEY["title"].thai)
    first_name = fields.Field(attribute="first_name", column_name=BY_KEY["first_name"].thai)
    last_name = fields.Field(attribute="last_name", column_name=BY_KEY["last_name"].thai)
    national_id = fields.Field(attribute="national_id", column_name=BY_KEY["national_id"].thai)
    sex = fields.Field(
        attribute="sex",
        column_name=BY_KEY["sex"].thai,
        widget=WordsWidget({"ชาย": Sex.MALE, "หญิง": Sex.FEMALE}),
    )
    age = fields.Field(
        attribute="age", column_name=BY_KEY["age"].thai, widget=widgets.IntegerWidget()
    )
    birth_date = fields.Field(
        attribute="birth_date", column_name=BY_KEY["birth_date"].thai, widget=widgets.DateWidget()
    )
    position = fields.Field(attribute="position", column_name=BY_KEY["position"].thai)
    leader_type = fields.Field(
        attribute="leader_type",
        column_name=BY_KEY["leader_type"].thai,
        widget=WordsWidget({"ทางการ": LeaderType.FORMAL, "ไม่เป็นทางการ": LeaderType.INFORMAL}),
    )
    phone = fields.Field(attribute="phone", column_name=BY_KEY["phone"].thai)

    class Meta:
        model = Member
        fields = (
            "tambon",
            "title",
            "first_name",
            "last_name",
            "national_id",
            "sex",
            "age",
            "birth_date",
            "position",
            "leader_type",
            "phone",
        )
        import_id_fields = ("national_id",)
        clean_model_instances = True
        skip_html_diff = True

    def __init__(self, *, programme: Programme) -> None:
        super().__init__()
        self.programme = programme
        self.elder = TambonWidget(within="province")

    def get_queryset(self) -> Any:
        return Member.objects.filter(programme=self.programme)

    def after_init_instance(self, instance: Member, new: bool, row: Any, **kwargs: Any) -> None:
        instance.programme = self.programme
        instance.role = MemberRole.LEADER

    def before_save_instance(self, instance: Member, row: Any, **kwargs: Any) -> None:
        elder = self.elder.clean(row[BY_KEY["elder"].thai], row)
        instance.pair, _created = Pair.objects.get_or_create(
            programme=self.programme, younger=instance.tambon, defaults={"elder": elder}
        )
