from django.urls import path

from . import views

# Under cases/ (config/urls.py). The token is opaque: nothing in the URL says what or whose.
app_name = "pdfs"

urlpatterns = [
    path("<int:case_id>/generated/", views.generated_list, name="generated_list"),
    path("<int:case_id>/generated/new/", views.generated_request, name="generated_request"),
    path("<int:case_id>/generated/<uuid:token>/", views.generated_document, name="generated_document"),
    path("<int:case_id>/generated/<uuid:token>/retry/", views.generated_retry, name="generated_retry"),
    path("<int:case_id>/generated/<uuid:token>/download/", views.generated_download, name="generated_download"),
]
