from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phinong.core.forms import BEDateField
from phinong.programmes.models import Programme, ProgrammeStatus


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=_("For example 198/2564"))
    name = forms.CharField(
        label=_("Name"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    starts_on = BEDateField(label=_("Starts on"))
    ends_on = BEDateField(label=_("Ends on"))
    leaders_per_tambon = forms.IntegerField(
        label=_("Leaders per tambon"), initial=15, min_value=1, max_value=100
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgrammeStatus.choices, initial=ProgrammeStatus.ACTIVE
    )
    extends = forms.ModelChoiceField(
        label=_("Extends (ขยายผล)"),
        queryset=Programme.objects.all(),
        required=False,
        help_text=_(
            "Choose the earlier programme whose tambons become the elder tambons. "
            "Leave empty for a programme that is not run in pairs."
        ),
    )
    allow_cross_province_pairs = forms.BooleanField(
        label=_("Elder tambons may be in another province"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActivityForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=50)
    name = forms.CharField(label=_("Name"), max_length=300)
    due_on = BEDateField(label=_("Due on"))
    participants = forms.CharField(label=_("Who takes part"), max_length=300, required=False)


class QuotaForm(forms.Form):
    """One number per area, named quota-<code>; empty means no quota (or no cap, for a district)."""

    def __init__(
        self, *args: object, areas: list, initial_quotas: dict[str, int], **kwargs: object
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for area in areas:
            self.fields[f"quota-{area.code}"] = forms.IntegerField(
                label=f"{area.code} {area.name_th}",
                min_value=0,
                max_value=10000,
                required=False,
                initial=initial_quotas.get(area.code),
            )
        self.areas = {area.code: area for area in areas}

    def add_area_errors(self, exc: ValidationError) -> None:
        for code, messages in exc.message_dict.items():
            self.add_error(f"quota-{code}" if code in self.areas else None, messages)

    def changed_quotas(self, current: dict[str, int]) -> dict[str, int | None]:
        return {
            code: self.cleaned_data[f"quota-{code}"]
            for code in self.areas
            if self.cleaned_data[f"quota-{code}"] != current.get(code)
        }


class PairForm(forms.Form):
    younger = forms.ChoiceField(label=_("Younger tambon (ตำบลเมืองน้อง)"))
    elder = forms.ChoiceField(label=_("Elder tambon (ตำบลบ้านพี่)"))

    def __init__(self, *args: object, younger_choices: list, elder_choices: list, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["younger"]).choices = [("", "—"), *younger_choices]
        cast(forms.ChoiceField, self.fields["elder"]).choices = [("", "—"), *elder_choices]


class TargetForm(forms.Form):
    tambon = forms.ChoiceField(label=_("Tambon"))

    def __init__(self, *args: object, tambon_choices: list, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["tambon"]).choices = [("", "—"), *tambon_choices]
