from django.urls import path

from phinong.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/activities/new/", views.activity_edit, name="activity_create"),
    path("<int:pk>/activities/<int:activity_pk>/", views.activity_edit, name="activity_edit"),
    path(
        "<int:pk>/activities/<int:activity_pk>/delete/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("<int:pk>/quotas/", views.province_quotas, name="province_quotas"),
    path("<int:pk>/provinces/<str:code>/quotas/", views.district_quotas, name="district_quotas"),
    path("<int:pk>/districts/<str:code>/", views.district, name="district"),
    path("pairs/<int:pair_pk>/remove/", views.pair_remove, name="pair_remove"),
    path("targets/<int:target_pk>/remove/", views.target_remove, name="target_remove"),
]
