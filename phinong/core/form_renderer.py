"""The form renderer: Django's own, with its commonest widget templates written in Python.

A form page shows a few dozen inputs, and rendering each through the template engine (input.html,
which includes attrs.html; select.html, which includes an option template per choice) was about a
tenth of the report page's time. The functions below write
exactly what Django's templates write, character for character (core/tests/test_form_renderer.py
compares them with the engine's output); every other template (radio, checkbox lists, clearable file,
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


OPTION = "django/forms/widgets/select_option.html"


def option_html(option: dict[str, Any]) -> str:
    """django/forms/widgets/select_option.html"""
    return (
        f'<option value="{_text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def select_html(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html; None (the engine writes it) when an option has a
    template of its own."""
    groups = widget["optgroups"]
    if any(o["template_name"] != OPTION for _name, options, _i in groups for o in options):
        return None
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        # an included option keeps its template's last newline (only the whole widget is stripped)
        parts.extend(f"\n  {option_html(option)}\n" for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = (
    "checkbox", "color", "date", "datetime", "email", "file", "hidden", "input", "number",
    "password", "search", "tel", "text", "time", "url",
)  # fmt: skip
WRITTEN: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{name}.html": input_html for name in _INPUTS},
    "django/forms/widgets/textarea.html": textarea_html,
    "django/forms/widgets/select.html": select_html,
    OPTION: option_html,
}


class Renderer(DjangoTemplates):
    """DjangoTemplates, writing the templates of WRITTEN in Python."""

    def render(
        self, template_name: str, context: dict[str, Any], request: Any = None
    ) -> SafeString:
        write = WRITTEN.get(template_name)
        written = write(context["widget"]) if write is not None else None
        if written is None:
            return mark_safe(super().render(template_name, context, request))  # noqa: S308
        return mark_safe(written)  # noqa: S308 - every value escaped above
