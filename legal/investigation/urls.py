"""The investigation tab's addresses: FIRs, arrests, statements, medical examinations,
requests, advocacy, and the cross-case chains and failure points. Each case-bound URL answers
404 to someone outside the case."""

from django.urls import path

from legal.investigation import views

CASE = "cases/<int:case_id>/investigation/"
FIR = CASE + "firs/<int:fir_id>/"

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
    path(CASE + "medical/new/", views.medical_new, name="medical_new"),
    path(CASE + "medical/<int:exam_id>/report/", views.medical_report, name="medical_report"),
    path(CASE + "requests/new/", views.request_new, name="request_new"),
    path(CASE + "requests/<int:request_id>/", views.request_update, name="request_update"),
    path(CASE + "advocacy/new/", views.advocacy_new, name="advocacy_new"),
    path(CASE + "advocacy/<int:action_id>/outcome/", views.advocacy_outcome, name="advocacy_outcome"),
    path("investigation/chains/", views.chain_list, name="chain_list"),
    path("investigation/failure-points/", views.failure_points, name="failure_points"),
]
