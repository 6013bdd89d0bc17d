from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_home, name="dashboard"),
    path("cases/", views.dashboard_cases, name="dashboard_cases"),
    path("export/<slug:key>.<str:fmt>", views.export_table, name="dashboard_export_table"),
    path("export/cases/<slug:kind>/definitions.csv", views.export_definitions, name="dashboard_export_definitions"),
    path("export/cases/<slug:kind>.<str:fmt>", views.export_cases, name="dashboard_export_cases"),
    path("exports/<uuid:job_id>/", views.export_job, name="dashboard_export_job"),
    path("exports/<uuid:job_id>/download/", views.export_job_download, name="dashboard_export_download"),
    path("audit/", views.audit, name="dashboard_audit"),
]
