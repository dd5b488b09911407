"""Form pieces shared by every app: B.E. dates typed the Thai way."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phinong.lib.dates import format_numeric_be, parse_date
from phinong.lib.thai import to_arabic_digits


class BEDateInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_numeric_be(value)
        return super().format_value(value)


class BEDateField(forms.DateField):
    """A date typed as day/month/year in B.E. (or C.E.), with Thai or Arabic digits."""

    widget = BEDateInput(attrs={"placeholder": "31/08/2564", "inputmode": "numeric"})
    default_error_messages = {"invalid": _("Write the date as day/month/year, e.g. 31/08/2564.")}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


def attach_errors(form: forms.BaseForm, exc: Any) -> None:
    """Put a service's ValidationError on the form: on the named field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def show_newer_version(form: forms.BaseForm, version: int) -> None:
    """After a conflict, the user's next save is checked against the version they have now seen."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(version)
    form.data = data


class _ThaiDigitsMixin:
    """Numbers typed with Thai digits, spaces or thousands separators ("๑,๒๕๐") read as numbers."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = to_arabic_digits(value).replace(",", "").replace(" ", "")
        return super().to_python(value)  # type: ignore[misc]


class ThaiIntegerField(_ThaiDigitsMixin, forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric"})


class ThaiDecimalField(_ThaiDigitsMixin, forms.DecimalField):
    widget = forms.TextInput(attrs={"inputmode": "decimal"})
