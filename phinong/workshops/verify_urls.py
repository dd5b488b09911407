from django.urls import path  # noqa: F401 - the view comes next

app_name = "verify"
urlpatterns: list = []
