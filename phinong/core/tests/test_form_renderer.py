"""The widgets the form renderer writes in Python are what Django's templates write, character for
character, for every input type, value and attribute kind; the report's forms as a whole too."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from phinong.core.form_renderer import WRITTEN, Renderer
from phinong.reports import workflow
from phinong.reports.forms import MoveForm, ReportForm

VALUES = [None, "", "0", 0, 40, "1250.50", "a<b\"&'", mark_safe("<b>"), "บรรทัด\nสอง", "  ", True]
ATTRS: list[dict[str, Any]] = [
    {},
    {"inputmode": "numeric", "required": True, "id": "id_x"},
    {"disabled": False, "maxlength": 4000, "aria-describedby": 'x"y', "data-x": mark_safe("&")},
]
WIDGETS = [
    forms.TextInput, forms.NumberInput, forms.EmailInput, forms.URLInput, forms.PasswordInput,
    forms.HiddenInput, forms.DateInput, forms.TimeInput, forms.DateTimeInput, forms.CheckboxInput,
    forms.FileInput, forms.Textarea, forms.SearchInput, forms.TelInput, forms.ColorInput,
]  # fmt: skip


def test_the_settings_use_it() -> None:
    assert settings.FORM_RENDERER == "phinong.core.form_renderer.Renderer"


@pytest.mark.parametrize("widget", WIDGETS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_widget_is_written_as_its_template_writes_it(
    widget: type[forms.Widget], value: Any, attrs: dict[str, Any]
) -> None:
    assert widget.template_name in WRITTEN
    made = widget(attrs={"class": "x"})
    ours = made.render("f", value, attrs, renderer=Renderer())
    assert ours == made.render("f", value, attrs, renderer=DjangoTemplates())


CHOICES: list[Any] = [
    ("", "---------"),
    ("1", "หนึ่ง"),
    (2, '<สอง> & "สาม"'),
    ("ภาค <เหนือ>", [("42", "เลย"), ("45", mark_safe("<i>ร้อยเอ็ด</i>"))]),
]


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(choices=CHOICES, attrs={"required": True, "id": "id_f"}),
        forms.SelectMultiple(choices=CHOICES),
        forms.NullBooleanSelect(),
    ],
)
@pytest.mark.parametrize("value", [None, "", "2", 2, ["1", "45"], "ไม่มี", True, False, "unknown"])
def test_a_select_is_written_as_its_template_writes_it(widget: forms.Widget, value: Any) -> None:
    if isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list):
        return  # Django's own widget cannot show a list
    ours = widget.render("f", value, renderer=Renderer())
    assert ours == widget.render("f", value, renderer=DjangoTemplates())


def test_a_template_not_written_in_python_goes_through_the_engine() -> None:
    radios = forms.RadioSelect(choices=[("1", "หนึ่ง"), ("2", "<สอง>")])
    assert radios.template_name not in WRITTEN
    assert radios.render("f", "2", renderer=Renderer()) == radios.render(
        "f", "2", renderer=DjangoTemplates()
    )


def test_the_report_and_move_forms_are_written_alike() -> None:
    for form in [
        ReportForm(initial={"households": 40, "narrative": "a<b", "version": 3}),
        ReportForm({"households": "x", "narrative": "ยาว" * 10, "version": "2"}),
        MoveForm(step=workflow.BY_NAME["return"], initial={"move": "return", "version": 2}),
        MoveForm({"move": "approve"}, step=workflow.BY_NAME["approve"]),
    ]:
        form.is_bound and form.is_valid()
        form.renderer = Renderer()
        ours = [str(field) for field in form]
        form.renderer = DjangoTemplates()
        assert ours == [str(field) for field in form]
