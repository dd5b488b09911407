from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phinong.core.formatting import num
from phinong.lessons.headings import HEADINGS, MAX_SECTION_CHARS
from phinong.lessons.photos import MAX_BYTES


class LessonForm(forms.Form):
    """The seven headings, in their order, and the version the writer read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for heading in HEADINGS:
            self.fields[heading.key] = forms.CharField(
                label=heading.label,
                required=False,
                max_length=MAX_SECTION_CHARS,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        self.order_fields([h.key for h in HEADINGS])


class LessonPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("caption"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = gettext(
            "At most %(mb)s MB. The location and camera details are removed."
        ) % {"mb": num(MAX_BYTES // 2**20)}


class PhotoCaptionForm(forms.Form):
    """A photo's caption, and the photo's version the writer read."""

    caption = forms.CharField(label=_("caption"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LessonUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file with the columns รหัสตำบล, หัวข้อ and เนื้อหา"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    publish = forms.BooleanField(label=_("Publish the write-ups in the file"), required=False)

    def __init__(self, *args: Any, may_publish: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["publish"]
