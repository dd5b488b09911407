from django.urls import path

from phinong.register import sheet_views, views

app_name = "register"
urlpatterns = [
    path("<int:pk>/tambons/<str:code>/", views.tambon, name="tambon"),
    path("<int:pk>/tambons/<str:code>/leaders/new/", views.leader_create, name="leader_create"),
    path("pairs/<int:pair_pk>/mentors/new/", views.mentor_create, name="mentor_create"),
    path("members/<int:member_pk>/", views.member_detail, name="member"),
    path("members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/import/", sheet_views.upload, name="import"),
    path("<int:pk>/import/<str:token>/", sheet_views.preview, name="import_preview"),
    path("<int:pk>/import/<str:token>/confirm/", sheet_views.confirm, name="import_confirm"),
    path("<int:pk>/import/<str:token>/cancel/", sheet_views.cancel, name="import_cancel"),
    path(
        "<int:pk>/import/<str:token>/rejected.xlsx",
        sheet_views.problems_report,
        name="import_problems",
    ),
    path("<int:pk>/export.xlsx", sheet_views.export, name="export"),
]
