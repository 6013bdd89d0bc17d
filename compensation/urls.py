from django.urls import path

from . import views

app_name = "compensation"

urlpatterns = [
    path("cases/<int:case_id>/compensation/", views.compensation_tab, name="compensation_tab"),
    path("cases/<int:case_id>/compensation/claims/new/", views.claim_new, name="claim_new"),
    path("cases/<int:case_id>/compensation/claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("cases/<int:case_id>/compensation/claims/<int:claim_id>/edit/", views.claim_edit, name="claim_edit"),
    path(
        "cases/<int:case_id>/compensation/claims/<int:claim_id>/documents/",
        views.claim_document_link,
        name="claim_document_link",
    ),
    path(
        "cases/<int:case_id>/compensation/claims/<int:claim_id>/step/<slug:transition>/",
        views.claim_transition,
        name="claim_transition",
    ),
    path(
        "cases/<int:case_id>/compensation/claims/<int:claim_id>/payments/new/",
        views.claim_payment_new,
        name="claim_payment_new",
    ),
    path("compensation/claims/", views.claim_list, name="claim_list"),
    path("compensation/schemes/", views.scheme_list, name="scheme_list"),
    path("compensation/schemes/new/", views.scheme_new, name="scheme_new"),
    path("compensation/schemes/<int:scheme_id>/new-version/", views.scheme_version_new, name="scheme_version_new"),
]
