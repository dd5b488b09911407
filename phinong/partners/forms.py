from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phinong.geo.models import Tambon
from phinong.partners.models import PartnerKind


class PartnerForm(forms.Form):
    """The fields as typed; normalising and the rules live in partners.services."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *PartnerKind.choices])
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tambons = forms.MultipleChoiceField(
        label=_("Tambons it works in"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, tambons: list[Tambon], adding: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._tambons = {t.code: t for t in tambons}
        field = cast(forms.MultipleChoiceField, self.fields["tambons"])
        field.choices = [(t.code, f"{t.name_th} ({t.code})") for t in tambons]
        if adding:
            field.label = _("Add tambons it works in")
        if not tambons:
            del self.fields["tambons"]

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("tambons", "version")}

    def chosen_tambons(self) -> list[Tambon]:
        return [self._tambons[code] for code in self.cleaned_data.get("tambons", [])]
