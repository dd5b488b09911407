"""The form renderer: Django's own, with its commonest widget templates written in Python.

A form page shows a few dozen inputs, and rendering each through the template engine (input.html,
which includes attrs.html) was about a tenth of the report page's time. The functions below write
exactly what Django's templates write, character for character (core/tests/test_form_renderer.py
compares them with the engine's output); every other template (select, radio, clearable file,
the form layouts) goes through the engine as before. Settings: FORM_RENDERER.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it is marked safe (the
    filter keeps a safe value safe)."""
    return str(conditional_escape(value))


def attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_text(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (and text, number, hidden, date, checkbox, … which include it)"""
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{attrs_html(widget["attrs"])}>'
    )


def textarea_html(widget: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


_INPUTS = (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden", "input", "number",
    "password", "search", "tel", "text", "time", "url",
)  # fmt: skip
WRITTEN: dict[str, Callable[[dict[str, Any]], str]] = {
    **{f"django/forms/widgets/{name}.html": input_html for name in _INPUTS},
    "django/forms/widgets/textarea.html": textarea_html,
}


class Renderer(DjangoTemplates):
    """DjangoTemplates, writing the templates of WRITTEN in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: Any = None
    ) -> SafeString:
        write = WRITTEN.get(template_name)
        if write is None:
            return mark_safe(super().render(template_name, context, request))  # noqa: S308
        return mark_safe(write(context["widget"]))  # noqa: S308 - every value escaped above
