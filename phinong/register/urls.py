from django.urls import path

from phinong.register import views

app_name = "register"
urlpatterns = [
    path("<int:pk>/tambons/<str:code>/", views.tambon, name="tambon"),
    path("<int:pk>/tambons/<str:code>/leaders/new/", views.leader_create, name="leader_create"),
    path("pairs/<int:pair_pk>/mentors/new/", views.mentor_create, name="mentor_create"),
    path("members/<int:member_pk>/", views.member_detail, name="member"),
    path("members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
]
