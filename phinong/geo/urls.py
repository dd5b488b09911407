from django.urls import path

from phinong.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.nation, name="nation"),
    path("<str:code>/", views.area, name="area"),
    path("<str:code>/villages/", views.village_create, name="village_create"),
]
