from django.urls import path

from phinong.search import views

app_name = "search"
urlpatterns = [
    path("", views.page, name="page"),
]
