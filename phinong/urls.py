from django.contrib import admin
from django.urls import include, path

from phinong.api.urls import api

urlpatterns = [
    path("", include("phinong.core.urls")),
    path("accounts/", include("phinong.accounts.urls")),
    path("", include("phinong.dashboards.urls")),
    path("programmes/", include("phinong.programmes.urls")),
    path("register/", include("phinong.register.urls")),
    path("partners/", include("phinong.partners.urls")),
    path("centres/", include("phinong.centres.urls")),
    path("reports/", include("phinong.reports.urls")),
    path("workshops/", include("phinong.workshops.urls")),
    path("search/", include("phinong.search.urls")),
    path("lessons/", include("phinong.lessons.urls")),
    path("jobs/", include("phinong.jobs.urls")),
    path("verify/", include("phinong.workshops.verify_urls")),
    path("privacy/", include("phinong.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "phinong.core.error_pages.bad_request"
handler403 = "phinong.core.error_pages.permission_denied"
handler404 = "phinong.core.error_pages.page_not_found"
handler500 = "phinong.core.error_pages.server_error"
