from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phinong.core.forms import BEDateField, ThaiIntegerField
from phinong.programmes.models import Activity
from phinong.workshops.models import ActivityStatus, WorkshopMode


class WorkshopForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("workshop", "title"), max_length=300)
    activity: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("activity"), queryset=Activity.objects.none(), required=False
    )
    starts_on = BEDateField(label=_("first day"))
    days = ThaiIntegerField(label=_("days"), min_value=1, max_value=10, initial=2)
    days_to_complete = ThaiIntegerField(
        label=_("days a leader must attend to complete it"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("Empty: every day."),
    )
    mode = forms.ChoiceField(label=_("mode"), choices=WorkshopMode.choices)
    platform = forms.CharField(
        label=_("platform"), max_length=100, required=False, help_text="Zoom, Google Meet, Teams"
    )
    link_or_venue = forms.CharField(label=_("link or venue"), max_length=500, required=False)
    tambons = forms.MultipleChoiceField(
        label=_("invited tambons"), widget=forms.CheckboxSelectMultiple, choices=[]
    )

    def __init__(self, *args: Any, activities: Any, tambons: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["tambons"].choices = tambons  # type: ignore[attr-defined]
        self.fields["tambons"].initial = [code for code, _name in tambons]


class RecordForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActivityStatus.choices)
    started_on = BEDateField(label=_("started on"), required=False)
    finished_on = BEDateField(label=_("finished on"), required=False)
    participants = ThaiIntegerField(label=_("participants"), min_value=0, initial=0)
    partners = forms.MultipleChoiceField(
        label=_("partners involved"),
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        required=False,
    )
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partners"].choices = partners  # type: ignore[attr-defined]


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant report (.csv) from Zoom, Google Meet or Teams"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt"}),
    )
