from django.urls import path

from phinong.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.notice, name="notice"),
    path("access-log/", views.access_log, name="access_log"),
    path("members/<int:member_pk>/erase/", views.erase, name="erase"),
]
