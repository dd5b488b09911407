from django.urls import path

from phinong.dashboards import exports, views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("areas/", views.nation, name="nation"),
    path("areas/report.pdf", exports.report_pdf, name="nation_pdf"),
    path("areas/report.xlsx", exports.report_xlsx, name="nation_xlsx"),
    path("areas/<str:code>/report.pdf", exports.report_pdf, name="area_pdf"),
    path("areas/<str:code>/report.xlsx", exports.report_xlsx, name="area_xlsx"),
    path("areas/<str:code>/", views.area, name="area"),
    path("areas/<str:code>/villages/", views.village_create, name="village_create"),
]
