"""The public check of a certificate, at /verify/ (no login)."""

from django.urls import path

from phinong.workshops import certificate_views as views

app_name = "verify"
urlpatterns = [
    path("", views.verify_index, name="index"),
    path("<str:code>/", views.verify, name="check"),
]
