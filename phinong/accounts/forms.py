from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phinong.accounts.models import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    area_code = forms.CharField(
        label=_("Area code"),
        max_length=6,
        required=False,
        help_text=_("DOPA code: 2 digits for a province, 4 for a district, 6 for a tambon."),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(self, *args: object, roles: list[Role], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]
