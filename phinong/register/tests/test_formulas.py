"""Formula-like names and positions are refused on every input path (form, import, API) naming the
row and field; what is already stored is exported so that no spreadsheet runs it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Cast, add_leaders, client_for, person, tambon
from phinong.api.tests.clients import Api, is_problem
from phinong.programmes.models import Pair, Programme
from phinong.register import services
from phinong.register.exporter import export_register
from phinong.register.importer import checksum_of, import_register
from phinong.register.models import Member, MemberRole
from phinong.register.rules import clean_person
from phinong.register.sheets import read_sheet
from phinong.register.tests.sheetmaker import row, xlsx

FIRST = 4  # the first data row of sheetmaker's files


@pytest.mark.parametrize("field", ["title", "first_name", "last_name", "position"])
@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+สมชาย", "-1+2", "@SUM(A1)"])
def test_the_rules_refuse_a_formula_like_value_on_its_field(field: str, value: str) -> None:
    cleaned = clean_person(person(**{field: value}))
    assert field in cleaned.errors and value[0] in cleaned.errors[field]


def test_a_dash_for_no_position_and_a_plus66_phone_stay_usable() -> None:
    cleaned = clean_person(person(position="-", phone="+66 81 234 5678"))
    assert cleaned.errors == {}
    assert cleaned.values["position"] == "" and cleaned.values["phone"] == "0812345678"


def test_the_service_refuses_it_and_writes_nothing(cast: Cast, pair_a1: Pair) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            actor=cast.dist_a1,
            programme=pair_a1.programme,
            role=MemberRole.LEADER,
            tambon=tambon("420102"),
            data=person(first_name="=cmd|' /C calc'!A0"),
        )
    assert "first_name" in refused.value.message_dict
    assert not Member.objects.exists()


def test_the_web_form_shows_the_refusal_on_the_field(cast: Cast, pair_a1: Pair) -> None:
    url = reverse("register:leader_create", args=[pair_a1.programme_id, "420102"])
    data = person(position="=1+1", sex="F", leader_type="informal")
    response = client_for(cast.dist_a1).post(url, data)
    assert response.status_code == 200 and not Member.objects.exists()
    assert "=1+1" in response.content.decode()  # kept in the form to correct


def test_an_import_names_the_row_and_the_column(cast: Cast, phase2: Programme) -> None:
    rows = [row(seq=n) for n in range(1, 4)]
    rows[1]["last_name"] = "@SUM(A1)"
    data = xlsx(rows)
    result = import_register(
        actor=cast.dist_a1,
        programme=phase2,
        sheet=read_sheet(data, "r.xlsx"),
        checksum=checksum_of(data),
        filename="r.xlsx",
    )
    assert (result.written, result.rejected_rows) == (False, 1)
    [problem] = result.problems
    assert (problem.row, problem.heading) == (FIRST + 1, "นามสกุล")
    assert not Member.objects.exists()


def test_the_api_answers_a_problem_naming_the_field(cast: Cast, pair_a1: Pair) -> None:
    response = Api(cast.dist_a1).post(
        f"/pairs/{pair_a1.pk}/mentors", person(national_id="3100600012348", title="+นาย")
    )
    assert is_problem(response, 400), response.content
    assert "title" in response.json()["errors"]


def test_a_formula_like_value_already_stored_is_exported_as_quoted_text(
    cast: Cast, pair_a1: Pair
) -> None:
    leader = add_leaders(cast.dist_a1, pair_a1.programme, "420102", 1)[0]
    Member.objects.filter(pk=leader.pk).update(position='=HYPERLINK("http://x")')  # legacy row
    out = io.BytesIO()
    export_register(actor=cast.dist_a1, programme=pair_a1.programme, out=out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet is not None
    cells = [c for r in sheet.iter_rows() for c in r if c.value == '=HYPERLINK("http://x")']
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix
