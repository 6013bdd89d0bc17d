from django.contrib import admin
from django.urls import include, path

from dashboard.home import home

urlpatterns = [
    # Second sign-in step, sign-in security, rate-limited password reset (before Django's own).
    path("accounts/", include("consortium.auth_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switcher, which also keeps her choice on her account (consortium/i18n_urls.py).
    path("i18n/", include("consortium.i18n_urls")),
    path("admin/", admin.site.urls),
    path("", home, name="home"),  # each role's own page (dashboard/home.py)
    path("cases/", include("cases.urls")),
    path("cases/", include("pdfs.urls")),
    path("", include("cases.work_urls")),
    path("", include("legal.urls")),
    path("", include("compensation.urls")),
    path("", include("care.urls")),
    path("", include("referrals.urls")),
    path("", include("consortium.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("imports/", include("imports.urls")),
    path("privacy/", include("privacy.urls")),
    path("api/v1/", include("api.urls")),
    # Her own page (selfaccess): signing in, her case in plain words, her requests.
    path("my/", include("selfaccess.urls")),
    path("cases/<int:case_id>/her-page/", include("selfaccess.staff_urls")),
    path("accounts/api-tokens/", include("api.token_urls")),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
