from django.urls import include, path

app_name = "workshops"
urlpatterns = [
    path("", include("phinong.workshops.certificate_urls")),
]
