from django.urls import path  # noqa: F401 - the views come next

urlpatterns: list = []
