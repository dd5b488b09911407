from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from phinong.core.forms import BEDateField, ReasonForm
from phinong.register.models import LeaderType, Sex
from phinong.register.rules import TITLES


class MemberForm(forms.Form):
    """The fields as typed; the rules (checksum, ranges, normalising) live in register.rules."""

    title = forms.CharField(
        label=pgettext_lazy("name prefix", "Title"),
        max_length=30,
        widget=forms.TextInput(attrs={"list": "titles"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    national_id = forms.CharField(
        label=_("National ID"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("13 digits; Thai digits, spaces and dashes are fine."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = BEDateField(label=_("Birth date"), required=False)
    age = forms.CharField(
        label=_("Age"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        help_text=_("Only if the birth date is not known."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("For example kamnan, village headman, CD volunteer, monk"),
    )
    leader_type = forms.ChoiceField(label=_("Leader type"), choices=LeaderType.choices)
    village = forms.ChoiceField(label=_("Village"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    titles = TITLES

    def __init__(self, *args: object, villages: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", "—"),
            *[(v.code, str(v)) for v in villages],
        ]

    def service_data(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RemoveMemberForm(ReasonForm):
    """The reason for removing a person; for one who holds certificates, also the choice to revoke
    them (without it the service refuses, naming the certificates)."""

    revoke_certificates = forms.BooleanField(label=_("Revoke the certificate"), required=False)

    def __init__(self, *args: object, certificates: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not certificates:
            del self.fields["revoke_certificates"]
        else:
            self.fields["revoke_certificates"].help_text = ngettext(
                "This person holds certificate %(numbers)s. Tick to revoke it and remove the "
                "person: its verification code will stop working, and the revocation is recorded "
                "with the reason above.",
                "This person holds certificates %(numbers)s. Tick to revoke them and remove the "
                "person: their verification codes will stop working, and the revocation is "
                "recorded with the reason above.",
                len(certificates),
            ) % {"numbers": ", ".join(certificates)}
