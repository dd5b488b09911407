"""Forms of the certificate settings: who signs, and the emblem (checked by its content in
certificate_settings.clean_emblem, not here)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phinong.workshops.models import CertificateSignatory


class SignatoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the signing official"),
        max_length=CertificateSignatory._meta.get_field("name").max_length,
        help_text=_("With the title, as printed under the signature: e.g. Mr Somchai Rakthai."),
    )
    position = forms.CharField(
        label=_("Position of the signing official"),
        max_length=CertificateSignatory._meta.get_field("position").max_length,
        help_text=_("As printed under the name: e.g. District Chief Officer of Mueang Loei."),
    )


class EmblemForm(forms.Form):
    image = forms.FileField(
        label=_("Emblem image"),
        help_text=_("A PNG or JPEG file of at most 2 MB, printed at the top centre."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
