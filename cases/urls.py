from django.urls import path

from . import views, work_views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("possible-duplicates/", views.survivor_matches, name="survivor_matches"),
    path("possible-duplicates/<int:match_id>/review/", views.survivor_match_review, name="survivor_match_review"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
    path("<int:case_id>/edit/", views.case_edit, name="case_edit"),
    path("<int:case_id>/close/", views.case_close, name="case_close"),
    path("<int:case_id>/reopen/", views.case_reopen, name="case_reopen"),
    path("<int:case_id>/survivor/", views.survivor_detail, name="survivor_detail"),
    path("<int:case_id>/survivor/edit/", views.survivor_edit, name="survivor_edit"),
    path("<int:case_id>/survivor/reveal/", views.identity_reveal, name="identity_reveal"),
    path("<int:case_id>/team/", views.team, name="case_team"),
    path("<int:case_id>/team/<int:assignment_id>/remove/", views.team_remove, name="case_team_remove"),
    path("<int:case_id>/consent/", views.consent_list, name="case_consent"),
    path("<int:case_id>/consent/new/", views.consent_new, name="case_consent_new"),
    path("<int:case_id>/consent/several/", views.consent_new_several, name="case_consent_new_several"),
    path("<int:case_id>/consent/<int:consent_id>/withdraw/", views.consent_withdraw, name="case_consent_withdraw"),
    path("<int:case_id>/timeline/", views.timeline, name="case_timeline"),
    path("<int:case_id>/documents/", views.document_list, name="case_documents"),
    path("<int:case_id>/documents/<int:document_id>/download/", views.document_download, name="case_document_download"),
    path("<int:case_id>/access-log/", views.access_log, name="case_access_log"),
    path("<int:case_id>/deadlines/", work_views.case_deadlines, name="case_deadlines"),
    path("<int:case_id>/deadlines/<int:deadline_id>/close/", work_views.deadline_close, name="case_deadline_close"),
    path("<int:case_id>/deadlines/<int:deadline_id>/answer/", work_views.deadline_answer, name="case_deadline_answer"),
    path("<int:case_id>/tasks/<int:task_id>/done/", work_views.task_done, name="case_task_done"),
    path("<int:case_id>/updates/", work_views.survivor_updates, name="case_survivor_updates"),
]
