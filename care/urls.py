"""Care URLs: the Care tab of a case (under /cases/<id>/care/), the receiving organisation's
inbox and the shelter homes (under /care/)."""

from django.urls import path

from . import views

CASE = "cases/<int:case_id>/care/"

app_name = "care"

# Every URL of a case (tests/care/test_access_matrix.py checks each one).
case_urlpatterns = [
    path(CASE, views.care_tab, name="case_care"),
    path(CASE + "rescue/", views.rescue_edit, name="care_rescue"),
    path(CASE + "orders/new/", views.order_edit, name="care_order_new"),
    path(CASE + "orders/<int:order_id>/", views.order_edit, name="care_order_edit"),
    path(CASE + "family-tracing/new/", views.tracing_new, name="care_tracing_new"),
    path(CASE + "shelter/new/", views.stay_new, name="care_stay_new"),
    path(CASE + "shelter/<int:stay_id>/left/", views.stay_end, name="care_stay_end"),
    path(CASE + "repatriations/new/", views.repatriation_new, name="care_repatriation_new"),
    path(
        CASE + "repatriations/<int:repatriation_id>/<slug:transition>/",
        views.repatriation_move,
        name="care_repatriation_move",
    ),
    path(CASE + "plan/priorities/", views.priorities_edit, name="care_priorities"),
    path(CASE + "plan/goals/new/", views.goal_edit, name="care_goal_new"),
    path(CASE + "plan/goals/<int:goal_id>/", views.goal_edit, name="care_goal_edit"),
    path(CASE + "plan/services/new/", views.service_new, name="care_service_new"),
    path(CASE + "support/new/", views.support_new, name="care_support_new"),
]

urlpatterns = case_urlpatterns + [
    path("care/incoming/", views.inbox, name="care_inbox"),
    path("care/incoming/<int:repatriation_id>/<slug:transition>/", views.incoming_move, name="care_incoming_move"),
    path("care/shelters/", views.shelter_list, name="shelter_list"),
    path("care/shelters/new/", views.shelter_edit, name="shelter_new"),
    path("care/shelters/<int:shelter_id>/", views.shelter_edit, name="shelter_edit"),
]
