from django import forms
from django.utils.translation import gettext_lazy as _


class VillageForm(forms.Form):
    moo = forms.IntegerField(label=_("Village number (หมู่ที่)"), min_value=1, max_value=99)
    name_th = forms.CharField(label=_("Village name"), max_length=100)
