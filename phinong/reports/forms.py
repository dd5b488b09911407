from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from phinong.core.formatting import num
from phinong.core.forms import ThaiDecimalField, ThaiIntegerField

if TYPE_CHECKING:
    from phinong.reports.workflow import Move

NARRATIVE_LIMIT = 4000
COMMENT_LIMIT = 2000
REASON_LIMIT = 2000

# A figure left empty is an error, never a silent 0: 0 is a figure the user typed.
FIGURE_MISSING = {"required": _("Write the figure; write 0 if there were none.")}


class TextLimit(MaxLengthValidator):
    """A length limit named in the active language, with Thai digits in Thai."""

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                _(
                    "At most %(limit)s characters, but this has %(length)s. Shorten it: what "
                    "you wrote is still here."
                ),
                code="max_length",
                params={"limit": num(self.limit_value), "length": num(len(value))},
            )


class LimitedTextField(forms.CharField):
    """Text in a textarea with a limit: the textarea carries `maxlength` (the shared field
    template shows it), and longer text is refused with the limit named."""

    def __init__(self, *, max_length: int, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators.append(TextLimit(max_length))


class ReportForm(forms.Form):
    households = ThaiIntegerField(
        label=_("households taking part"), min_value=0, error_messages=FIGURE_MISSING
    )
    villages_covered = ThaiIntegerField(
        label=_("villages covered"), min_value=0, error_messages=FIGURE_MISSING
    )
    partner_networks = ThaiIntegerField(
        label=_("partner networks"), min_value=0, error_messages=FIGURE_MISSING
    )
    expenses_reduced = ThaiDecimalField(
        label=_("household expenses reduced (baht)"),
        min_value=0,
        decimal_places=2,
        max_digits=14,
        error_messages=FIGURE_MISSING,
    )
    active_centres = ThaiIntegerField(
        label=_("active sharing centres"), min_value=0, error_messages=FIGURE_MISSING
    )
    hici_households = ThaiIntegerField(
        label=_("HI/CI households supported"), min_value=0, error_messages=FIGURE_MISSING
    )
    food_packs = ThaiIntegerField(
        label=_("food packs given"), min_value=0, error_messages=FIGURE_MISSING
    )
    narrative = LimitedTextField(
        label=_("narrative"), required=False, max_length=NARRATIVE_LIMIT, rows=5
    )
    warning_comment = LimitedTextField(
        label=_("comment on the warnings"),
        required=False,
        max_length=COMMENT_LIMIT,
        rows=2,
        help_text=_("Needed when the report has warnings."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MoveForm(forms.Form):
    """One workflow move of a report: its reason only when the move needs one."""

    move = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = LimitedTextField(
        label=_("Reason"),
        required=False,
        max_length=REASON_LIMIT,
        rows=2,
        error_messages={"required": _("Give the reason, so the district knows what to fix.")},
    )

    def __init__(self, *args: Any, step: Move | None = None, **kwargs: Any) -> None:
        if step is not None:
            kwargs.setdefault("auto_id", f"{step.name}-%s")
        super().__init__(*args, **kwargs)
        if step is not None:
            if step.needs_reason:
                self.fields["reason"].required = True
            else:
                del self.fields["reason"]


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )


class PeriodForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How to divide the programme into periods"),
        choices=[
            ("activities", _("One period per activity, due with the activity")),
            ("monthly", _("One period per month")),
        ],
        widget=forms.RadioSelect,
    )
