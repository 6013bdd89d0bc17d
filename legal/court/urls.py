from django.urls import path

from legal.court import views

CASE = "cases/<int:case_id>/court/"
COURT_CASE = CASE + "<int:court_case_id>/"

# Case-bound URLs (each answers 404 to someone outside the case) and the hearing calendar.
urlpatterns = [
    path(CASE, views.court, name="court"),
    path(CASE + "new/", views.court_case_new, name="court_case_new"),
    path(COURT_CASE + "edit/", views.court_case_edit, name="court_case_edit"),
    path(COURT_CASE + "move/<slug:transition>/", views.court_case_move, name="court_case_move"),
    path(COURT_CASE + "ecourts/", views.court_case_ecourts, name="court_case_ecourts"),
    path(COURT_CASE + "charges/", views.court_charges, name="court_charges"),
    path(COURT_CASE + "charges/<int:charge_id>/drop/", views.court_charge_drop, name="court_charge_drop"),
    path(COURT_CASE + "hearings/new/", views.hearing_new, name="hearing_new"),
    path(COURT_CASE + "hearings/record/", views.hearing_record, name="hearing_add"),
    path(COURT_CASE + "hearings/<int:hearing_id>/", views.hearing_record, name="hearing_record"),
    path(COURT_CASE + "bail/new/", views.bail_new, name="bail_new"),
    path(COURT_CASE + "bail/<int:application_id>/", views.bail_update, name="bail_update"),
    path(COURT_CASE + "judgment/", views.judgment_new, name="judgment_new"),
    path(COURT_CASE + "judgment/<int:outcome_id>/sentence/", views.sentence_record, name="sentence_record"),
    path(COURT_CASE + "appeals/new/", views.appeal_new, name="appeal_new"),
    path(COURT_CASE + "appeals/<int:appeal_id>/", views.appeal_update, name="appeal_update"),
    path(CASE + "protection/new/", views.protection_new, name="protection_new"),
    path(CASE + "protection/<int:protection_id>/", views.protection_update, name="protection_update"),
    path(CASE + "case-file/", views.case_file, name="case_file"),
    path("court/calendar/", views.hearing_calendar, name="hearing_calendar"),
]
