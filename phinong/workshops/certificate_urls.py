"""Certificates, under /workshops/ (namespace "workshops"); the public check is in verify_urls."""

from django.urls import path

from phinong.workshops import certificate_views as views

urlpatterns = [
    path("<int:pk>/certificates/issue/", views.issue, name="issue"),
    path("<int:pk>/certificates.pdf", views.batch_pdf, name="batch_pdf"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    # <pk>: the programme, as on the workshops page /workshops/<pk>/
    path("<int:pk>/certificate-settings/", views.signatory_settings, name="certificate_settings"),
    path("<int:pk>/certificate-settings/emblem/", views.emblem, name="certificate_emblem"),
    path(
        "<int:pk>/certificate-settings/emblem.png",
        views.emblem_image,
        name="certificate_emblem_image",
    ),
]
