from django.urls import path

from . import reference_views, views

CASE = "cases/<int:case_id>/investigation/"
FIR = CASE + "firs/<int:fir_id>/"

# Case-bound URLs (each answers 404 to someone outside the case) and three cross-case pages.
urlpatterns = [
    path(CASE, views.investigation, name="investigation"),
    path(CASE + "firs/new/", views.fir_new, name="fir_new"),
    path(FIR + "edit/", views.fir_edit, name="fir_edit"),
    path(FIR + "move/<slug:transition>/", views.fir_move, name="fir_move"),
    path(FIR + "sections/", views.fir_charges, name="fir_charges"),
    path(FIR + "sections/<int:charge_id>/drop/", views.fir_charge_drop, name="fir_charge_drop"),
    path(FIR + "ahtu/", views.fir_ahtu, name="fir_ahtu"),
    path(FIR + "survivor-informed/", views.fir_survivor_informed, name="fir_survivor_informed"),
    path(FIR + "chain/", views.fir_chain, name="fir_chain"),
    path(FIR + "chain/unlink/", views.fir_chain_unlink, name="fir_chain_unlink"),
    path(FIR + "failures/", views.fir_tags, name="fir_tags"),
    path(FIR + "failures/<int:tag_id>/remove/", views.fir_tag_remove, name="fir_tag_remove"),
    path(FIR + "accused/add/", views.fir_accused_add, name="fir_accused_add"),
    path(FIR + "accused/<int:link_id>/", views.fir_accused_edit, name="fir_accused_edit"),
    path(FIR + "statements/new/", views.statement_new, name="statement_new"),
    path(CASE + "accused/new/", views.accused_new, name="accused_new"),
    path(CASE + "accused/<int:accused_id>/edit/", views.accused_edit, name="accused_edit"),
    path(CASE + "medical/new/", views.medical_new, name="medical_new"),
    path(CASE + "medical/<int:exam_id>/report/", views.medical_report, name="medical_report"),
    path(CASE + "requests/new/", views.request_new, name="request_new"),
    path(CASE + "requests/<int:request_id>/", views.request_update, name="request_update"),
    path(CASE + "advocacy/new/", views.advocacy_new, name="advocacy_new"),
    path(CASE + "advocacy/<int:action_id>/outcome/", views.advocacy_outcome, name="advocacy_outcome"),
    path("investigation/chains/", views.chain_list, name="chain_list"),
    path("investigation/possible-matches/", views.match_alerts, name="match_alerts"),
    path("investigation/possible-matches/<int:alert_id>/review/", views.match_alert_review, name="match_alert_review"),
    path("investigation/failure-points/", views.failure_points, name="failure_points"),
]

# The law reference (every member reads; coordinators keep sections, with history).
urlpatterns += [
    path("reference/law/", reference_views.law_reference_page, name="law_reference"),
    path("reference/law/sections/new/", reference_views.section_new, name="law_section_new"),
    path("reference/law/sections/<int:section_id>/", reference_views.section_detail, name="law_section_detail"),
    path("reference/law/sections/<int:section_id>/edit/", reference_views.section_edit, name="law_section_edit"),
]
