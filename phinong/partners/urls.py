from django.urls import path

from phinong.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.index, name="index"),
    path("areas/<str:code>/", views.area, name="area"),
    path("areas/<str:code>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/tambons/<str:code>/remove/", views.unlink, name="unlink"),
]
