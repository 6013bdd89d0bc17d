"""Accused addresses: recording and editing an accused on the investigation tab (404 to
someone outside the case), and the coordinators' possible-match review across cases."""

from django.urls import path

from legal.accused import views

CASE = "cases/<int:case_id>/investigation/"

urlpatterns = [
    path(CASE + "accused/new/", views.accused_new, name="accused_new"),
    path(CASE + "accused/<int:accused_id>/edit/", views.accused_edit, name="accused_edit"),
    path(
        CASE + "firs/<int:fir_id>/accused/<int:link_id>/her-page/",
        views.fir_accused_share,
        name="fir_accused_share",
    ),
    path("investigation/possible-matches/", views.match_alerts, name="match_alerts"),
    path("investigation/possible-matches/<int:alert_id>/review/", views.match_alert_review, name="match_alert_review"),
]
