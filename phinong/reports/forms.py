from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phinong.core.forms import ThaiDecimalField, ThaiIntegerField


class ReportForm(forms.Form):
    households = ThaiIntegerField(label=_("households taking part"), min_value=0)
    villages_covered = ThaiIntegerField(label=_("villages covered"), min_value=0)
    partner_networks = ThaiIntegerField(label=_("partner networks"), min_value=0)
    expenses_reduced = ThaiDecimalField(
        label=_("household expenses reduced (baht)"), min_value=0, decimal_places=2, max_digits=14
    )
    active_centres = ThaiIntegerField(label=_("active sharing centres"), min_value=0)
    hici_households = ThaiIntegerField(label=_("HI/CI households supported"), min_value=0)
    food_packs = ThaiIntegerField(label=_("food packs given"), min_value=0)
    narrative = forms.CharField(
        label=_("narrative"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    warning_comment = forms.CharField(
        label=_("comment on the warnings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the report has warnings."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MoveForm(forms.Form):
    move = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class PeriodForm(forms.Form):
    how = forms.ChoiceField(
        choices=[
            ("activities", _("One period per activity, due with the activity")),
            ("monthly", _("One period per month")),
        ],
        widget=forms.RadioSelect,
    )
