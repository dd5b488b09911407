from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from phinong.accounts.models import AREA_CODE_LENGTH, Role
from phinong.accounts.selectors import AreaChoices

# The area field each role needs: its area is picked down to that list.
AREA_FIELD = {2: "province", 4: "district", 6: "tambon"}


class UserCreateForm(forms.Form):
    """A new user: the role, then the area picked from lists (province → district → tambon).

    Each list holds the areas inside the creator's own, below the area chosen in the list before;
    "show the districts and tambons" (or, with JavaScript, changing a list) fills the next one.
    The role decides how far down the area must be picked.
    """

    role = forms.ChoiceField(label=_("Role"))
    province = forms.ChoiceField(label=_("Province"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    tambon = forms.ChoiceField(label=_("Tambon"), required=False)
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, roles: list[Role], areas: AreaChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]
        for name, choices, empty in (
            ("province", areas.provinces, _("Choose a province")),
            ("district", areas.districts, _("Choose a district")),
            ("tambon", areas.tambons, _("Choose a tambon")),
        ):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [("", empty), *choices]
            field.widget.attrs["data-area"] = name
        if len(areas.provinces) == 1:  # a province officer's own province
            self.fields["province"].initial = areas.provinces[0][0]
        self.fields["role"].widget.attrs["data-levels"] = json.dumps(
            {r.value: AREA_CODE_LENGTH[r] for r in roles}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if not role:
            return data
        length = AREA_CODE_LENGTH[Role(role)]
        data["area_code"] = ""
        if length:
            field = AREA_FIELD[length]
            code = data.get(field) or ""
            if not code:
                self.add_error(field, MISSING[field])
            data["area_code"] = code
        return data

    def area_part(self) -> FieldGroup:
        """The role and the area lists, for the template (core/form_fields.html renders a group)."""
        return FieldGroup(self, ["role", *AREA_FIELD.values()], with_form_errors=True)

    def person_part(self) -> FieldGroup:
        return FieldGroup(self, ["username", "first_name", "last_name", "email", "password"])

    def area_field(self) -> str | None:
        """The list that names the new user's area, for the service's complaints about it."""
        role = self.cleaned_data.get("role")
        length = AREA_CODE_LENGTH[Role(role)] if role else 0
        return AREA_FIELD.get(length)


MISSING = {
    "province": _("This role works in a province: choose it."),
    "district": _("This role works in a district: choose the province, then the district."),
    "tambon": _("This role works in a tambon: choose the province, the district, then the tambon."),
}


class FieldGroup:
    """Some of a form's fields, rendered by core/form_fields.html as if they were a form."""

    def __init__(self, form: forms.Form, names: list[str], *, with_form_errors: bool = False):
        self.form = form
        self.names = names
        self.with_form_errors = with_form_errors

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.names]

    def hidden_fields(self) -> list[forms.BoundField]:
        return []

    def non_field_errors(self) -> Any:
        return self.form.non_field_errors() if self.with_form_errors else []


class ApiTokenForm(forms.Form):
    """A new API token of one's own: what it is for, and how long it lasts."""

    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        required=False,
        help_text=_("For example: the province dashboard."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Leave empty for a token that does not expire."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_in_days"].initial = settings.API_TOKEN_DAYS or None
