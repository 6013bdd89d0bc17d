"""Her caseworker's side, on the case (config/urls.py mounts it at cases/<case_id>/her-page/): her
account (urls_staff_account) and the requests she sent (urls_staff_requests)."""

from django.urls import include, path

app_name = "selfaccess_staff"

urlpatterns = [
    path("", include("selfaccess.urls_staff_account")),
    path("", include("selfaccess.urls_staff_requests")),
]
