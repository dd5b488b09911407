"""The centre and ledger forms: fields as typed; the rules live in centres.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phinong.centres.display import qty
from phinong.centres.models import QUANTITY_DIGITS, QUANTITY_PLACES, CentreStatus, HouseholdKind
from phinong.centres.selectors import Balance
from phinong.core.forms import BEDateField, ThaiDecimalField, ThaiIntegerField
from phinong.geo.models import Village

STOCK_SEPARATOR = "\t"  # never inside an item or a unit: clean_text folds white space


class QuantityField(ThaiDecimalField):
    """A ledger quantity: at most two decimals, typed with Thai or Arabic digits."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 10})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES, **kwargs)


class CentreForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    village = forms.ChoiceField(label=_("Village"), required=False)
    operator = forms.CharField(
        label=_("Operator"),
        max_length=200,
        help_text=_("Who runs the centre: a person, a group or an office."),
    )

    def __init__(self, *args: Any, villages: list[Village], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        cast(forms.ChoiceField, self.fields["village"]).choices = [
            ("", "—"),
            *[(v.code, str(v)) for v in villages],
        ]

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["village"] = self.villages.get(data.get("village") or "")
        return data


class CentreEditForm(CentreForm):
    status = forms.ChoiceField(label=_("Status"), choices=CentreStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class _MovementForm(forms.Form):
    occurred_on = BEDateField(label=_("Date"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _item_fields() -> tuple[forms.CharField, forms.CharField]:
    item = forms.CharField(
        label=_("Item"),
        max_length=100,
        widget=forms.TextInput(attrs={"list": "centre-items", "autocomplete": "off"}),
        help_text=_("For example rice, eggs, food pack"),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=30,
        widget=forms.TextInput(attrs={"list": "centre-units", "autocomplete": "off", "size": 10}),
        help_text=_("For example kg, bag, pack"),
    )
    return item, unit


class DonationForm(_MovementForm):
    donor = forms.CharField(label=_("Donor"), max_length=200)
    item, unit = _item_fields()
    quantity = QuantityField(label=_("Quantity"))


class DistributionForm(_MovementForm):
    stock = forms.ChoiceField(label=_("Item"))
    quantity = QuantityField(label=_("Quantity"))
    household_kind = forms.ChoiceField(
        label=_("Households"), choices=[("", "—"), *HouseholdKind.choices]
    )
    households = ThaiIntegerField(label=_("Number of households"), min_value=1)

    def __init__(self, *args: Any, stock: list[Balance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stock"]).choices = [
            ("", "—"),
            *[
                (f"{b.item}{STOCK_SEPARATOR}{b.unit}", f"{b.item}: {qty(b.quantity)} {b.unit}")
                for b in stock
                if b.quantity > 0
            ],
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["item"], _sep, data["unit"] = data.pop("stock").partition(STOCK_SEPARATOR)
        return data


class AdjustmentForm(_MovementForm):
    item, unit = _item_fields()
    quantity = QuantityField(
        label=_("Change in stock"),
        help_text=_("Negative takes stock away, e.g. -2.5; positive adds it."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
