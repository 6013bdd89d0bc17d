from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_home, name="import_home"),
    path("template.xlsx", views.template_xlsx, name="import_template_xlsx"),
    path("template-<slug:kind>.csv", views.template_csv, name="import_template_csv"),
    path("guide.csv", views.guide_csv, name="import_guide_csv"),
    path("example.xlsx", views.example_xlsx, name="import_example"),
    path("<uuid:job_id>/", views.import_job, name="import_job"),
    path("<uuid:job_id>/commit/", views.import_commit, name="import_commit"),
    path("<uuid:job_id>/errors.csv", views.import_errors_csv, name="import_errors_csv"),
]
