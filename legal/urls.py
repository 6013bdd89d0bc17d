"""The legal app's addresses, one module per package: investigation, accused, court (with
the lawyers' reviews on the court tab) and the law reference."""

from django.urls import include, path

app_name = "legal"

urlpatterns = [
    path("", include("legal.investigation.urls")),
    path("", include("legal.accused.urls")),
    path("", include("legal.court.urls")),
    path("", include("legal.reviews.urls")),
    path("", include("legal.reference.urls")),
]
