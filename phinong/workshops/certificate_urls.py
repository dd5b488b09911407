"""Certificates, under /workshops/ (namespace "workshops"); the public check is in verify_urls."""

from django.urls import path

from phinong.workshops import certificate_views as views

urlpatterns = [
    path("<int:pk>/certificates/issue/", views.issue, name="issue"),
    path("<int:pk>/certificates.pdf", views.batch_pdf, name="batch_pdf"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
]
