from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("cases/<int:case_id>/", views.case_privacy, name="case_privacy"),
    path("cases/<int:case_id>/erasure/", views.erasure_record, name="privacy_erasure_record"),
    path(
        "cases/<int:case_id>/erasure/<int:request_id>/approve/", views.erasure_approve, name="privacy_erasure_approve"
    ),
    path(
        "cases/<int:case_id>/erasure/<int:request_id>/decline/", views.erasure_decline, name="privacy_erasure_decline"
    ),
    path("cases/<int:case_id>/holds/", views.hold_place, name="privacy_hold_place"),
    path("cases/<int:case_id>/holds/<int:hold_id>/lift/", views.hold_lift, name="privacy_hold_lift"),
    path("cases/<int:case_id>/access-report/", views.access_report, name="privacy_access_report"),
    path("retention/", views.retention_rules, name="retention_rules"),
]
