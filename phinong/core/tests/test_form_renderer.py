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


def test_a_template_not_written_in_python_goes_through_the_engine() -> None:
    select = forms.Select(choices=[("1", "หนึ่ง"), ("2", "<สอง>")])
    assert select.render("f", "2", renderer=Renderer()) == select.render(
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
