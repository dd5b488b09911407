"""Lessons learned (ถอดบทเรียน): one write-up per younger tambon and programme, under seven headings,
with photos. The headings are one ordered constant (lessons.headings.HEADINGS)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phinong.geo.models import Tambon
from phinong.lessons.headings import BY_KEY
from phinong.programmes.models import Programme


class LessonStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Lesson(models.Model):
    """A younger tambon's lessons learned in one programme. Published by the province."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="lessons")
    tambon = models.ForeignKey(Tambon, on_delete=models.PROTECT, related_name="+")
    background = models.TextField(BY_KEY["background"].label, blank=True)
    process = models.TextField(BY_KEY["process"].label, blank=True)
    results = models.TextField(BY_KEY["results"].label, blank=True)
    success_factors = models.TextField(BY_KEY["success_factors"].label, blank=True)
    problems = models.TextField(BY_KEY["problems"].label, blank=True)
    solutions = models.TextField(BY_KEY["solutions"].label, blank=True)
    recommendations = models.TextField(BY_KEY["recommendations"].label, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LessonStatus.choices, default=LessonStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lessons learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["programme", "tambon"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "tambon"], name="lesson_once_per_tambon"),
        ]

    def __str__(self) -> str:
        return str(_("Lessons learned of tambon %(name)s") % {"name": self.tambon.name_th})


class LessonPhoto(models.Model):
    """A photo of a write-up: our own re-encoding of the upload's pixels, with a caption."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="lessons/%Y/%m/")
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # a caption edit names the version it read

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["lesson", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
