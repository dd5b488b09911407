from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phinong.core.forms import BEDateField
from phinong.lib.thai import digits_only
from phinong.privacy.models import AccessKind


class AccessLogFilterForm(forms.Form):
    """The access log's filters, read from the query string; all optional."""

    user = forms.CharField(label=_("Username"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("What"), choices=[("", _("Everything")), *AccessKind.choices], required=False
    )
    area = forms.CharField(
        label=_("Area code"),
        max_length=8,
        required=False,
        help_text=_("A DOPA code: 42, 4201 or 420102"),
    )
    since = BEDateField(label=pgettext_lazy("date range", "From"), required=False)
    until = BEDateField(label=pgettext_lazy("date range", "To"), required=False)

    def clean_area(self) -> str:
        raw = self.cleaned_data["area"].strip()
        code = digits_only(raw)
        if raw and (not code.isdigit() or len(code) not in (2, 4, 6, 8)):
            raise forms.ValidationError(_("An area code has 2, 4, 6 or 8 digits, e.g. 42 or 4201."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data
