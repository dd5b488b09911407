from django.urls import path

from phinong.reports import views

app_name = "reports"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("<int:pk>/", views.nation, name="nation"),
    path("<int:pk>/areas/<str:code>/", views.area, name="area"),
    path("<int:pk>/periods/", views.periods, name="periods"),
    path(
        "<int:pk>/periods/<int:period_pk>/tambons/<str:code>/",
        views.tambon_report,
        name="tambon",
    ),
    path("<int:pk>/periods/<int:period_pk>/remind/", views.remind, name="remind"),
    path("report/<int:report_pk>/move/", views.move, name="move"),
    path("report/<int:report_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
]
