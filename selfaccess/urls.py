"""Her pages, under /my/ (config/urls.py): nothing in a path names her, her case or its subject.
Each part keeps its own list: signing in (urls_sign_in), her pages (urls_her), her requests
(urls_requests)."""

from django.urls import include, path

app_name = "selfaccess"

urlpatterns = [
    path("", include("selfaccess.urls_sign_in")),
    path("", include("selfaccess.urls_her")),
    path("", include("selfaccess.urls_requests")),
]
