from django.urls import include, path

from phinong.workshops import views

app_name = "workshops"
urlpatterns = [
    path("<int:pk>/", views.index, name="index"),
    path("<int:pk>/new/", views.create, name="create"),
    path("<int:pk>/timeline/<str:code>/", views.timeline, name="timeline"),
    path("w/<int:workshop_pk>/", views.detail, name="detail"),
    path("w/<int:workshop_pk>/days/<int:day>/", views.attendance, name="attendance"),
    path("w/<int:workshop_pk>/days/<int:day>/import/", views.import_report, name="import"),
    path(
        "activities/<int:activity_pk>/tambons/<str:code>/",
        views.activity_record,
        name="record",
    ),
    path(
        "activities/<int:activity_pk>/tambons/<str:code>/evidence/",
        views.record_evidence,
        name="record_evidence",
    ),
    path("activity-evidence/<int:pk>/", views.evidence_file, name="activity_evidence"),
    path("", include("phinong.workshops.certificate_urls")),
]
